"""Screening's part of the day's work on the start pages (`osmari.accounts.work`): people
waiting for a proposal, linked to the worklist filtered to that reason."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.accounts.work import WorkItem
from osmari.screening.selectors import waiting_for_proposal


def waiting(user) -> QuerySet[Any]:
    """The worklist's rows for the reason "waiting for a proposal"."""
    areas = access.areas_where(user, "screening.worklist")
    return (
        access.clients_for(user, "screening.worklist")
        .exclude(stage="ended")
        .filter(waiting_for_proposal(timezone.localdate(), areas))
    )


def _url(coach_id: int | None) -> str:
    query = urlencode({"reason": "waiting", "coach": coach_id or ""})
    return f"{reverse('screening:worklist')}?{query}"


ITEMS = [
    WorkItem(
        "waiting_for_proposal",
        _("People waiting for a proposal (assessed or in service for over 30 days)"),
        waiting,
        "coach",
        _url,
    ),
]
