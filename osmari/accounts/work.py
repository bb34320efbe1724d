"""The day's work on the start pages: items that the apps below this one register in their
ready() (a period starting soon, an absence to report, ESF+ data to enter), each a queryset
of what needs doing and where it is done. A coach sees the count of their own clients'
items; the manager sees the area's, by coach. Both read through the same querysets that
the pages behind the links use, so a count and its list agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.functional import Promise

from osmari.accounts import access


@dataclass(frozen=True)
class WorkItem:
    key: str
    label: str | Promise
    # What needs doing, among what the user may see.
    pending: Callable[[Any], QuerySet[Any]]
    # The lookup from one of those records to its client's coach.
    coach_path: str
    # Where it is done; for one coach's items when a coach's id is given.
    url: Callable[[int | None], str]
    # The permission the work needs, where only some roles do it (a participant's feedback
    # is followed up by their coach alone): the area's table leaves the item out for a
    # manager without it, rather than show a count of nothing.
    permission: str | None = None
    # The coach's own items found directly, for an item whose whole-area list is worked out
    # in Python: a coach's start page then costs what their caseload does, not their area.
    own: Callable[[Any], QuerySet[Any]] | None = None


WORK_ITEMS: dict[str, WorkItem] = {}


def work_item_register(item: WorkItem) -> None:
    WORK_ITEMS[item.key] = item


@dataclass(frozen=True)
class Line:
    label: str | Promise
    count: int
    url: str


def own_work(user) -> list[Line]:
    """The coach's own work: one line per item, those with something to do first."""
    lines = [
        Line(
            item.label,
            (
                item.own(user) if item.own else item.pending(user).filter(**{item.coach_path: user})
            ).count(),
            item.url(user.pk),
        )
        for item in WORK_ITEMS.values()
    ]
    return sorted(lines, key=lambda line: line.count == 0)


@dataclass(frozen=True)
class AreaLine:
    label: str | Promise
    total: int
    url: str
    # (coach's name, count, url) for each coach with items; "" for clients without a coach.
    by_coach: list[tuple[str, int, str]]


def area_work(user, coaches: list[Any]) -> list[AreaLine]:
    """The area's work by coach, for the manager: one grouped count per item."""
    names = {coach.pk: str(coach) for coach in coaches}
    lines = []
    for item in WORK_ITEMS.values():
        if item.permission and not access.areas_where(user, item.permission):
            continue
        counts = {
            row[item.coach_path]: row["n"]
            for row in item.pending(user)
            .order_by()
            .values(item.coach_path)
            .annotate(n=Count("pk", distinct=True))
        }
        by_coach = [
            (names.get(coach_id, ""), n, item.url(coach_id))
            for coach_id, n in sorted(counts.items(), key=lambda pair: -pair[1])
            if coach_id is not None
        ]
        lines.append(AreaLine(item.label, sum(counts.values()), item.url(None), by_coach))
    return lines


@dataclass(frozen=True)
class Notice:
    """A line for the manager's start page from an app below this one (an overdue
    milestone of the work plan): grouped under its heading, linking to where it is done."""

    heading: str | Promise
    text: str
    url: str


NOTICES: list[Callable[[Any], list[Notice]]] = []


def notice_register(notices_for: Callable[[Any], list[Notice]]) -> None:
    if notices_for not in NOTICES:
        NOTICES.append(notices_for)


def manager_notices(user) -> list[Notice]:
    found: list[Notice] = []
    for notices_for in NOTICES:
        found.extend(notices_for(user))
    return found
