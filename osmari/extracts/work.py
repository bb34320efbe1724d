"""The register extracts' part of the day's work on the start pages (`osmari.accounts.work`):
clients whose latest extract differs from Osmari and the difference is not yet resolved."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.accounts.work import WorkItem
from osmari.extracts.selectors import PERMISSION, reconcile_list_for_user


def with_open_differences(user, coach: int | None = None) -> QuerySet[Any]:
    """The clients the reconcile list shows (of one coach, where given): the differences are
    found by comparing records in Python (`reconcile`), so the count reads the same list the
    page reads."""
    ids = [item.client.pk for item in reconcile_list_for_user(user=user, coach=coach)]
    return access.clients_for(user, PERMISSION).filter(pk__in=ids)


def own_open_differences(user) -> QuerySet[Any]:
    return with_open_differences(user, coach=user.pk).filter(coach=user)


def _url(coach_id: int | None) -> str:
    # "all": the list otherwise starts from the coach's own clients.
    return f"{reverse('extracts:reconcile')}?{urlencode({'coach': coach_id or 'all'})}"


ITEMS = [
    WorkItem(
        "register_differences",
        _("People whose register extract differs from Osmari"),
        with_open_differences,
        "coach",
        _url,
        own=own_open_differences,
    ),
]
