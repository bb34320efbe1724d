"""What a host organisation's contacts and instructors see of the people working with them.

Scoped by `access.host_placements_for`: only their own organisations' periods. They see the
period as agreed (dates, schedule, place, instructor, tasks, reviews) and, only with the
participant's consent to share their profile with this organisation, the profile; never
health data, the subsidy track or anything derived from an assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404

from osmari.accounts import access
from osmari.core.i18n import localized
from osmari.employers.models import Position
from osmari.employers.services import sharing_consent
from osmari.placements.models import (
    HOLDING_STATUSES,
    Absence,
    Placement,
    PlacementStatus,
    Review,
)

# After the end the host still writes their part of the end review and their view.
ENDED_VISIBLE_DAYS = 30


def _visible(today: date) -> Q:
    return Q(status__in=HOLDING_STATUSES) | Q(
        status__in=(PlacementStatus.ENDED, PlacementStatus.INTERRUPTED),
        ended_on__gte=today - timedelta(days=ENDED_VISIBLE_DAYS),
    )


def host_placement_list_for_user(*, user, today: date) -> QuerySet[Placement]:
    """The current and coming periods at the user's own organisations, and those just ended."""
    return (
        access.host_placements_for(user)
        .filter(_visible(today))
        .select_related("client", "client__coach", "position", "organisation", "instructor")
        .order_by("start_on", "pk")
    )


def host_placement_get_for_user(*, user, pk: int, today: date) -> Placement:
    """One period at the user's own organisation, or 404 for any other (never 403, so
    that another organisation's periods cannot be probed)."""
    placement = host_placement_list_for_user(user=user, today=today).filter(pk=pk).first()
    if placement is None:
        raise Http404
    return placement


@dataclass(frozen=True)
class SharedProfile:
    """What the participant agreed to share with this organisation."""

    education: str
    occupations: list[str]
    skills: list[str]
    languages: list[str]
    driving_licence: bool


def shared_profile(placement: Placement) -> SharedProfile | None:
    """The participant's profile, only while they consent to share it with this host: read
    at every request, so a withdrawn consent hides it at once."""
    client = placement.client
    if sharing_consent(client, placement.organisation) is None:
        return None
    return SharedProfile(
        # The level's name in the reader's language, without the statistics code.
        education=localized(client.education_level, "name") if client.education_level else "",
        occupations=[str(o) for o in client.occupations.all()],
        skills=[str(s) for s in client.skills.all()],
        languages=[str(language) for language in client.languages.all()],
        driving_licence=client.driving_licence,
    )


@dataclass(frozen=True)
class ReviewDate:
    stage: str
    label: str
    on: date
    review: Review | None


def review_dates(placement: Placement) -> list[ReviewDate]:
    """The three reviews: the day held, or when due (start, middle and end of the period)."""
    held = {r.stage: r for r in placement.reviews.all()}
    middle = placement.start_on + (placement.end_on - placement.start_on) / 2
    due = {
        Review.Stage.START: placement.start_on,
        Review.Stage.MIDDLE: middle,
        Review.Stage.END: placement.last_day,
    }
    return [
        ReviewDate(
            stage=str(stage),
            label=str(stage.label),
            on=held[stage].held_on if stage in held else due[stage],
            review=held.get(stage),
        )
        for stage in Review.Stage
    ]


def host_positions_for_user(*, user) -> QuerySet[Position]:
    """The open places of the user's own organisations, to see the people suggested for them
    (those who consented to share their profile)."""
    return (
        Position.objects.filter(
            organisation__in=access.organisations_for(user, "placement.host"), is_paused=False
        )
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


def absence_get_for_user(*, user, pk: int, permission: str = "placement.edit") -> Absence:
    """An absence of a period whose client the user may handle, or 404."""
    absence = (
        Absence.objects.select_related("placement", "placement__client", "placement__area")
        .filter(pk=pk)
        .first()
    )
    if absence is None or not access.may(user, permission, absence.placement.client):
        raise Http404
    return absence
