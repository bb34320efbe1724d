"""Placements a user may see."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar, cast

from django.db.models import (
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.lookups import LessThanOrEqual
from django.http import Http404
from django.utils import timezone

from osmari.accounts import access
from osmari.employers.models import Position
from osmari.placements.models import Absence, Placement, PlacementQuerySet, Review


def placement_get_for_user(*, user, pk: int, permission: str = "placement.view") -> Placement:
    """One placement whose client the user may see, or 404."""
    placement = (
        Placement.objects.select_related(
            "client", "client__area", "position", "organisation", "instructor", "area"
        )
        .filter(pk=pk)
        .first()
    )
    # Judged on the client: an area may keep each coach to their own caseload.
    if placement is None or not access.may(user, permission, placement.client):
        raise Http404
    return placement


_Periods = TypeVar("_Periods", bound=QuerySet[Placement])
# How far ahead a start page looks for periods starting or ending.
SOON = timedelta(days=14)
STARTING, ENDING = "starting", "ending"


def periods_soon(placements: _Periods, which: str, today: date) -> _Periods:
    """Planned periods starting, or running ones ending, within SOON from today."""
    if which == STARTING:
        return placements.filter(status="planned", start_on__range=(today, today + SOON))
    return placements.filter(status="active", end_on__range=(today, today + SOON))


def with_absences_to_report(placements: _Periods) -> _Periods:
    """Periods with an absence that may affect benefits and is not yet reported."""
    return placements.filter(
        pk__in=Absence.objects.filter(affects_benefits=True, reported_on__isnull=True).values(
            "placement_id"
        )
    )


def with_reviews_due(placements: _Periods, today: date) -> _Periods:
    """Running periods with a three-way review whose day has come and that is not recorded:
    the start review from the first day, the middle one from the period's middle day and the
    end one from its planned last day, as `reviews_due` says for one period."""
    held = Review.objects.filter(placement=OuterRef("pk"))
    # The middle day is start + floor(length / 2) days: it has come when the days left to
    # the end are at most the days gone since the start, plus one.
    days_left = ExpressionWrapper(F("end_on") - Value(today), output_field=DurationField())
    days_gone = ExpressionWrapper(
        Value(today + timedelta(days=1)) - F("start_on"), output_field=DurationField()
    )
    return placements.filter(
        Q(status="active")
        & (
            ~Exists(held.filter(stage=Review.Stage.START))
            | (
                ~Exists(held.filter(stage=Review.Stage.MIDDLE))
                & LessThanOrEqual(days_left, days_gone)
            )
            | (~Exists(held.filter(stage=Review.Stage.END)) & Q(end_on__lte=today))
        )
    )


def placement_list_for_user(
    *,
    user,
    status: str = "",
    reference_missing: bool = False,
    coach: int | None = None,
    soon: str = "",
    absences_to_report: bool = False,
    reviews: bool = False,
    today: date | None = None,
) -> QuerySet[Placement]:
    """The periods the user may see; optionally only those still without their reference in
    the national system, starting or ending soon, with an absence to report or a review due,
    and only those of one coach's clients."""
    # `access` looks the model up by label: the queryset is the placements' own.
    placements = cast(PlacementQuerySet, access.placements_for(user, "placement.view"))
    placements = placements.select_related("client", "position", "organisation")
    if status:
        placements = placements.filter(status=status)
    if reference_missing:
        placements = placements.without_reference()
    if soon in (STARTING, ENDING):
        placements = periods_soon(placements, soon, today or timezone.localdate())
    if absences_to_report:
        placements = with_absences_to_report(placements)
    if reviews:
        placements = with_reviews_due(placements, today or timezone.localdate())
    if coach is not None:
        placements = placements.filter(client__coach_id=coach)
    return placements.order_by("-start_on", "-pk")


def reviews_due(placement: Placement, today: date) -> list[str]:
    """The reviews that should have been held by now and are not recorded."""
    if placement.status not in ("active", "ended", "interrupted"):
        return []
    held = {r.stage for r in placement.reviews.all()}
    middle = placement.start_on + (placement.end_on - placement.start_on) / 2
    due = []
    if "start" not in held:
        due.append("start")
    if "middle" not in held and today >= middle and placement.status == "active":
        due.append("middle")
    if "end" not in held and (placement.status != "active" or today >= placement.end_on):
        due.append("end")
    return due


def positions_for_placing(*, client) -> QuerySet[Position]:
    """Places a coach may choose from for the client: the area's, not paused."""
    return (
        Position.objects.filter(organisation__area=client.area, is_paused=False)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )
