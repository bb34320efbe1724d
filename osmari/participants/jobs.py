"""The participant view's background jobs."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from osmari.core import jobs
from osmari.participants.links import link_lifetime_seconds
from osmari.participants.models import UsedSignInLink


@jobs.periodic("forget_used_sign_in_links", every=timedelta(days=1))
@jobs.job()
def forget_used_sign_in_links() -> int:
    """Delete the digests of used links that would have expired anyway: a link older than
    its lifetime is refused by its signature's age, with or without its digest here."""
    ended = timezone.now() - timedelta(seconds=link_lifetime_seconds())
    deleted, _by_model = UsedSignInLink.objects.filter(used_at__lt=ended).delete()
    return deleted
