"""What a participant's own view reads: their own record and nothing else, found by the keys
of their session (never by a key in the address)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from osmari.accounts import access
from osmari.accounts.participant_session import ParticipantSession
from osmari.clients import eura
from osmari.clients.choices import ConsentPurpose, EuraStatus
from osmari.clients.consents import current_text
from osmari.clients.models import (
    Appointment,
    Client,
    Consent,
    ConsentText,
    Enrolment,
    Plan,
    PlanStep,
)
from osmari.clients.selectors import upcoming_appointments_of
from osmari.feedback.models import Audience, Invitation
from osmari.participants.models import MessageKind, MessageToCoach
from osmari.placements.models import Placement, Review
from osmari.screening.models import Decision

# Periods the participant has had or will have; one cancelled before it began is not theirs
# to follow.
SHOWN_STATUSES = ("planned", "active", "ended", "interrupted")


@dataclass(frozen=True)
class NextReview:
    stage: str
    around: date


def own_client(participant: ParticipantSession) -> Client | None:
    """The participant's client record, or None once it is gone (erased or moved to another
    area), which ends what the session may show. A session opened with a link ends too when
    the coach has revoked the person's links since: the link may have reached someone else."""
    clients = Client.objects.select_related("area").filter(
        pk=participant.client_id, area_id=participant.area_id
    )
    if not participant.strong:
        began = datetime.fromtimestamp(participant.began_at, tz=UTC)
        clients = clients.exclude(sign_in_link_revocation__revoked_at__gt=began)
    return clients.first()


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


def own_consents_to_give(client: Client) -> list[ConsentText]:
    """The current wording of each purpose the client holds no consent for now: what they
    can agree to on their own pages."""
    held = set(
        Consent.objects.filter(client=client, withdrawn_at__isnull=True).values_list(
            "purpose", flat=True
        )
    )
    texts = [current_text(client.area, purpose) for purpose in ConsentPurpose.values]
    return [text for text in texts if text is not None and text.purpose not in held]


def own_step(client: Client, pk: int) -> PlanStep | None:
    return PlanStep.objects.select_related("plan").filter(plan__client=client, pk=pk).first()


@dataclass(frozen=True)
class EuraForms:
    """Which of the participant's EURA 2021 forms are still to fill in."""

    start_due: bool
    end_due: bool
    # The end form is asked for only once the participant has left the programme.
    ended: bool
    area_id: int

    @property
    def any_due(self) -> bool:
        return self.start_due or self.end_due

    def project_code(self) -> str:
        """The code the participant gives in EURA 2021; read only where it is shown."""
        return eura.project_code(self.area_id)


def own_eura_forms(client: Client) -> EuraForms | None:
    """None for a client not enrolled in the ESF+ programme: they have no EURA forms."""
    enrolment = Enrolment.objects.filter(client=client).first()
    if enrolment is None:
        return None
    return EuraForms(
        start_due=enrolment.eura_entry == EuraStatus.NOT_YET,
        end_due=enrolment.left_on is not None and enrolment.eura_exit == EuraStatus.NOT_YET,
        ended=enrolment.left_on is not None,
        area_id=client.area_id,
    )


def own_decisions(client: Client) -> QuerySet[Decision]:
    return Decision.objects.filter(client=client).order_by("-decided_on", "-pk")


def own_messages(client: Client) -> QuerySet[MessageToCoach]:
    """What the participant wrote to their coach (notes and correction requests), newest
    first, with whether the coach has dealt with it."""
    return MessageToCoach.objects.filter(
        client=client, kind__in=(MessageKind.NOTE, MessageKind.CORRECTION)
    ).order_by("-sent_at", "-pk")[:20]


# ---------------------------------------------------------------- the coach's side


def messages_for_user(*, user, coach: int | None = None) -> QuerySet[MessageToCoach]:
    """Participants' messages not yet handled, among the clients the user may see; one
    coach's clients when a coach is given."""
    messages = (
        MessageToCoach.objects.filter(
            client__in=access.clients_for(user, "participants.messages"), handled_at__isnull=True
        )
        .select_related("client", "client__coach", "step")
        .order_by("sent_at", "pk")
    )
    if coach is not None:
        messages = messages.filter(client__coach_id=coach)
    return messages


def message_get_for_user(*, user, pk: int) -> MessageToCoach:
    message = (
        MessageToCoach.objects.filter(client__in=access.clients_for(user, "participants.messages"))
        .select_related("client", "client__area")
        .filter(pk=pk)
        .first()
    )
    if message is None:
        raise Http404
    return message


def _own_feedback(client: Client, today: date) -> QuerySet[Invitation]:
    """The invitations to the participant's surveys of their own periods, offered from the
    day they fall due."""
    return Invitation.objects.filter(
        survey__audience=Audience.PARTICIPANT, placement__client=client, due_on__lte=today
    )


def own_open_invitations(client: Client, today: date) -> QuerySet[Invitation]:
    """The feedback invitations the participant may still answer, the earliest due first."""
    return (
        _own_feedback(client, today)
        .filter(answered_at__isnull=True, declined_at__isnull=True, expires_on__gte=today)
        .select_related("survey")
        .order_by("due_on", "pk")
    )


def own_invitation(client: Client, pk: int, today: date) -> Invitation | None:
    """One of the participant's own invitations, open or not (a closed one says why it is);
    a key of anyone else's, or of one not yet due, finds nothing."""
    return (
        _own_feedback(client, today)
        .select_related("survey", "version", "placement", "placement__organisation", "organisation")
        .filter(pk=pk)
        .first()
    )


def own_appointments(client: Client, now: datetime) -> QuerySet[Appointment]:
    """The participant's coming appointments, soonest first; a cancelled one is not shown."""
    return upcoming_appointments_of(client, now)
