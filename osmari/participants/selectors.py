"""What a participant's own view reads: their own record and nothing else, found by the keys
of their session (never by a key in the address)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from osmari.accounts.participant_session import ParticipantSession
from osmari.clients.models import Client, Consent, Plan, PlanStep
from osmari.placements.models import Placement, Review

# Periods the participant has had or will have; one cancelled before it began is not theirs
# to follow.
SHOWN_STATUSES = ("planned", "active", "ended", "interrupted")


@dataclass(frozen=True)
class NextReview:
    stage: str
    around: date


def own_client(participant: ParticipantSession) -> Client | None:
    """The participant's client record, or None once it is gone (erased or moved to another
    area), which ends what the session may show."""
    return (
        Client.objects.select_related("area")
        .filter(pk=participant.client_id, area_id=participant.area_id)
        .first()
    )


def own_periods(client: Client) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(client=client, status__in=SHOWN_STATUSES)
        .select_related("position", "organisation", "instructor")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.only("placement_id", "stage"))
        )
        .order_by("-start_on")
    )


def own_plans(client: Client) -> QuerySet[Plan]:
    return Plan.objects.filter(client=client).prefetch_related(
        Prefetch("steps", queryset=PlanStep.objects.order_by("due_on"))
    )


def next_review(placement: Placement) -> NextReview | None:
    """The next of the period's three reviews (start, middle, end) not yet held, with the
    day it falls around; None for a period that is over."""
    if placement.status not in ("planned", "active"):
        return None
    held = {review.stage for review in placement.reviews.all()}
    middle = placement.start_on + (placement.end_on - placement.start_on) / 2
    for stage, around in (
        ("start", placement.start_on),
        ("middle", middle),
        ("end", placement.end_on),
    ):
        if stage not in held:
            return NextReview(stage, around)
    return None


def own_consents(client: Client) -> QuerySet[Consent]:
    """The client's consents, newest first, each with the wording agreed to."""
    return Consent.objects.filter(client=client).select_related("text").order_by("-given_at")


def own_consent(client: Client, pk: int) -> Consent | None:
    """One of the client's own consents: a key of anyone else's finds nothing."""
    return Consent.objects.select_related("client__area").filter(client=client, pk=pk).first()
