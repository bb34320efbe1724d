"""The periods' part of the day's work on the start pages (`osmari.accounts.work`): each
item links to the list of periods filtered to exactly what it counts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.accounts.work import WorkItem
from osmari.placements.selectors import (
    ENDING,
    STARTING,
    periods_soon,
    with_absences_to_report,
    with_reviews_due,
)


def _periods(user) -> QuerySet[Any]:
    return access.placements_for(user, "placement.view")


def _list_url(**query: str) -> Any:
    def url(coach_id: int | None) -> str:
        return f"{reverse('placements:list')}?{urlencode({**query, 'coach': coach_id or ''})}"

    return url


ITEMS = [
    WorkItem(
        "periods_starting",
        _("Periods starting within two weeks"),
        lambda user: periods_soon(_periods(user), STARTING, timezone.localdate()),
        "client__coach",
        _list_url(soon=STARTING),
    ),
    WorkItem(
        "periods_ending",
        _("Periods ending within two weeks"),
        lambda user: periods_soon(_periods(user), ENDING, timezone.localdate()),
        "client__coach",
        _list_url(soon=ENDING),
    ),
    WorkItem(
        "reviews_due",
        _("Three-way reviews due"),
        lambda user: with_reviews_due(_periods(user), timezone.localdate()),
        "client__coach",
        _list_url(reviews="due"),
    ),
    WorkItem(
        "absences_to_report",
        _("Absences to report through the official channel"),
        lambda user: with_absences_to_report(_periods(user)),
        "client__coach",
        _list_url(absences="to_report"),
    ),
    WorkItem(
        "periods_without_reference",
        _("Periods without their reference in the national system"),
        lambda user: _periods(user).without_reference(),
        "client__coach",
        _list_url(reference="missing"),
    ),
]
