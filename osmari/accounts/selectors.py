"""Reads scoped to the user asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from osmari.accounts.access import areas_where, placements_for
from osmari.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""
    actor: str = ""
    person_ref: str = ""
    object_type: str = ""


def audit_event_list_for_user(*, user, permission: str, filters: AuditFilter) -> QuerySet:
    """Audit events of the areas the user administers (events carry the area they concern)."""
    area_ids = [area.pk for area in areas_where(user, permission)]
    events = AuditEvent.objects.filter(area_id__in=area_ids)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(occurred_at__gte=datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        events = events.filter(occurred_at__lte=datetime.combine(filters.date_to, time.max, tz))
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.person_ref:
        events = events.filter(person_ref=filters.person_ref)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    return events.select_related("area").order_by("-occurred_at", "-id")


def periods_without_reference_count(*, user, own_only: bool) -> int:
    """How many periods the user may see lack their reference in the national system; for a
    coach's start page, only those of their own clients."""
    # `placements_for` looks the model up by label, so its type is a plain QuerySet; the
    # queryset is the placements' own, which has `without_reference`.
    periods = placements_for(user, "placement.view").without_reference()  # type: ignore[attr-defined]
    if own_only:
        periods = periods.filter(client__coach=user)
    return periods.count()
