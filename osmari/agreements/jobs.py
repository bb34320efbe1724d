"""The agreements' periodic job: review and expiry reminders, once a day."""

from datetime import timedelta

from django.utils import timezone

from osmari.agreements.services import agreement_reminders_send
from osmari.core import jobs


@jobs.periodic("agreement_reminders", every=timedelta(days=1))
@jobs.job(retries=2, backoff=timedelta(minutes=10))
def agreement_reminders() -> dict[str, int]:
    """As `manage.py send_agreement_reminders`: mails no reminder twice, so a retry is safe."""
    return dict(agreement_reminders_send(today=timezone.localdate()))
