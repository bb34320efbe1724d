"""The worklist: the area's clients ranked by reasons a coach can read, computed in the database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import overload

from django.apps import apps as django_apps
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import LessThan
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.clients.models import Client, Enrolment
from osmari.clients.selectors import ListColumn
from osmari.clients.work import overdue_steps
from osmari.core.models import ValueSource
from osmari.screening.engine import add_months, ruleset_for
from osmari.screening.models import Decision, NeedsAssessment
from osmari.screening.urgency import WEIGHTS, by_weight

SOON_DAYS = 60
# A period ending within this many days with nothing planned after it is a reason.
PERIOD_ENDING_DAYS = 14
# Assessed or in service this long with no proposal recorded: the person waits for one.
WAITING_DAYS = 30


@dataclass(frozen=True)
class WorklistFilter:
    municipality: str = ""
    coach: int | None = None
    instrument: str = ""
    # One reason's people only (a start page's count links here with it).
    reason: str = ""


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _age_change_soon(today: date) -> Q:
    """A birthday within SOON_DAYS at which, by the rules in force, a wage-subsidy track opens."""
    soon = Q(pk__in=[])
    for age in ruleset_for(today).ages_that_open_a_track():
        first = add_months(today, -12 * age)
        soon |= Q(birth_date__gt=first, birth_date__lte=first + timedelta(SOON_DAYS))
    return soon


def _model(label: str):
    """A model of the placements app, which sits above this one: reached by its label, as
    the reverse relations `placements` and `proposals` reach it, not imported."""
    return django_apps.get_model("placements", label)


def _period_ending(today: date, areas) -> Q:
    """A running period ends within PERIOD_ENDING_DAYS and no next period is planned."""
    periods = _model("Placement").objects.filter(client=OuterRef("pk"), area__in=areas)
    ending = periods.filter(
        status="active", end_on__range=(today, today + timedelta(PERIOD_ENDING_DAYS))
    )
    return Q(Exists(ending)) & ~Q(Exists(periods.filter(status="planned")))


def waiting_for_proposal(today: date, areas) -> Q:
    """Assessed or in service, no proposal ever recorded, and the first needs assessment (or,
    without one, the client record) is more than WAITING_DAYS old. A person with a period
    planned or running, or proposed to a host who has not answered yet, is not waiting: the
    coach has already acted."""
    cutoff = today - timedelta(WAITING_DAYS)
    # From the first assessment's day, or without one the record's (its local day):
    # a single subquery by the person's key, always true or false. As EXISTS under OR,
    # PostgreSQL hashed every assessment of the area, twice, for each count.
    waiting_since = Coalesce(
        Subquery(
            NeedsAssessment.objects.filter(client=OuterRef("pk"))
            .order_by("assessed_on")
            .values("assessed_on")[:1]
        ),
        TruncDate("created_at"),
    )
    return (
        Q(stage__in=("assessed", "in_service"))
        & ~Q(Exists(Decision.objects.filter(client=OuterRef("pk"), client__area__in=areas)))
        & ~Q(
            Exists(
                _model("Placement").objects.filter(
                    client=OuterRef("pk"), area__in=areas, status__in=("planned", "active")
                )
            )
        )
        & ~Q(
            Exists(
                _model("Proposal").objects.filter(
                    client=OuterRef("pk"), area__in=areas, status="proposed"
                )
            )
        )
        & Q(LessThan(waiting_since, cutoff))
    )


def _esf_gap() -> Q:
    """ESF+ start data, or after an exit the end data, not yet entered in EURA 2021."""
    # The client's own enrolment looked up by its key, one row per client: as a join or an
    # EXISTS the database read every enrolment in the country to match them.
    gap = Enrolment.objects.filter(client=OuterRef("pk")).values(
        gap=_flag(Q(eura_entry="no") | Q(left_on__isnull=False, eura_exit="no"))
    )[:1]
    return Q(Subquery(gap, output_field=BooleanField()))


def worklist_conditions(user, today: date) -> dict[str, Q]:
    """Each reason's condition in the database, by its code in `urgency.WEIGHTS`."""
    ltu_reached, ltu_soon = _long_term(today)
    areas = access.areas_where(user, "screening.worklist")
    inactive, long_inactive = _inactive(areas, today)
    # Each reason's records are read in the user's areas only: PostgreSQL turns an EXISTS
    # under OR into a hash of every matching row, which would otherwise be the country's.
    return {
        "period_ending": _period_ending(today, areas),
        "waiting": waiting_for_proposal(today, areas),
        "long_inactive": long_inactive,
        "overdue": Q(overdue_steps(today, areas)),
        "ltu_soon": ltu_soon,
        "inactive": inactive,
        "esf_gap": _esf_gap(),
        "ltu_reached": ltu_reached,
        "age_change_soon": _age_change_soon(today),
    }


class RankedClients(Sequence[Client]):
    """The worklist's people in order, each with a flag per reason and its `urgency`: the
    ranks of everyone are at hand, the people themselves are read a slice (a page) at a
    time, in one query."""

    def __init__(
        self,
        ranked: list[tuple[int, int, int]],
        codes: list[str],
        clients: QuerySet[Client],
    ):
        # (pk, reasons as bits in the order of `codes`, urgency)
        self._ranked = ranked
        self._codes = codes
        self._clients = clients

    def __len__(self) -> int:
        return len(self._ranked)

    def count(self) -> int:  # type: ignore[override]  # what a Paginator asks first
        return len(self._ranked)

    @overload
    def __getitem__(self, index: int) -> Client: ...

    @overload
    def __getitem__(self, index: slice) -> list[Client]: ...

    def __getitem__(self, index: int | slice) -> Client | list[Client]:
        if isinstance(index, slice):
            return self._read(self._ranked[index])
        return self._read([self._ranked[index]])[0]

    def __iter__(self) -> Iterator[Client]:
        return iter(self._read(self._ranked))

    def _read(self, ranked: list[tuple[int, int, int]]) -> list[Client]:
        if not ranked:
            return []
        found = self._clients.in_bulk([pk for pk, _reasons, _urgency in ranked])
        people = []
        for pk, reasons, score in ranked:
            client = found.get(pk)
            if client is None:
                continue  # ended or moved away since the ranking was read
            for bit, code in enumerate(self._codes):
                setattr(client, f"is_{code}", bool(reasons >> bit & 1))
            client.urgency = score  # type: ignore[attr-defined]
            people.append(client)
        return people


def worklist_for_user(*, user, today: date, filters: WorklistFilter) -> RankedClients:
    """Clients with at least one reason, most urgent first (`urgency`: the sum of their
    reasons' weights), the longest unemployed first within the same urgency; each row
    carries a flag per reason and its score.

    One query reads each reason of everyone in scope, evaluated once each: as filter, order
    and output of one query the database evaluated every reason three times over the
    area's people. The reasons come back as the bits of one number, whose urgency is looked
    up, so that the area's thousands of people are ranked without a loop over their reasons.
    The people shown are then read by their keys."""
    conditions = worklist_conditions(user, today)
    scope = access.clients_for(user, "screening.worklist").exclude(stage="ended")
    if filters.municipality:
        scope = scope.filter(municipality__code=filters.municipality)
    if filters.coach:
        scope = scope.filter(coach_id=filters.coach)
    if filters.instrument:
        scope = with_latest_proposal(scope).filter(
            latest_proposal=filters.instrument  # type: ignore[misc]  # the annotation
        )
    codes = list(conditions)
    reasons = sum(
        (
            Case(When(condition, then=Value(1 << bit)), default=Value(0))
            for bit, condition in enumerate(conditions.values())
        ),
        start=Value(0),
    )
    flagged = scope.annotate(reasons=reasons).values_list("pk", "unemployed_since", "reasons")
    # The weights summed as `urgency` sums them, for every set of reasons.
    weights = [WEIGHTS.get(code, 0) for code in codes]
    urgency_of = [
        sum(weight for bit, weight in enumerate(weights) if mask >> bit & 1)
        for mask in range(1 << len(codes))
    ]
    wanted = 1 << codes.index(filters.reason) if filters.reason in codes else -1
    ranked = [
        # A person whose unemployment has no start date comes after those whose has.
        (urgency_of[mask], unemployed_since or date.max, pk, mask)
        for pk, unemployed_since, mask in flagged
        if mask & wanted
    ]
    ranked.sort(key=lambda row: (-row[0], row[1], row[2]))
    return RankedClients(
        [(pk, mask, score) for score, _since, pk, mask in ranked],
        codes,
        scope.select_related("municipality", "coach"),
    )


NO_PROPOSAL = "none"


def with_latest_proposal(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Each client's latest recorded proposal, or NO_PROPOSAL."""
    latest = Subquery(
        Decision.objects.filter(client=OuterRef("pk"))
        .order_by("-decided_on", "-id")
        .values("proposal")[:1]
    )
    return clients.annotate(latest_proposal=Coalesce(latest, Value(NO_PROPOSAL)))


def _proposal_choices() -> list[tuple[str, str | Promise]]:
    return [*Decision.Proposal.choices, (NO_PROPOSAL, _("No proposal yet"))]


LATEST_PROPOSAL_COLUMN = ListColumn(
    name="latest_proposal",
    label=_("Latest proposal"),
    choices=_proposal_choices,
    annotate=with_latest_proposal,
)


def _long_term(today: date) -> tuple[Q, Q]:
    """Long-term unemployment reached, and reached within SOON_DAYS: it begins after the
    period the rules in force name (12 months)."""
    long_term_months = ruleset_for(today).section("unemployment")["long_term_months"]
    long_term_from = add_months(today, -long_term_months)
    reached = Q(unemployed_since__lte=long_term_from)
    soon = Q(
        unemployed_since__gt=long_term_from,
        unemployed_since__lte=long_term_from + timedelta(SOON_DAYS),
    )
    return reached, soon


def _inactive(areas, today: date) -> tuple[Q, Q]:
    """Not served for longer than the client's area allows (each area sets its own limit),
    and not for twice that: the second is "no contact for long". Never served counts as the
    first: a new client's first meeting is due, not lost."""
    inactive, long_inactive = Q(pk__in=[]), Q(pk__in=[])
    for area in areas:
        limit = today - timedelta(days=area.worklist_inactive_days)
        long_limit = today - timedelta(days=2 * area.worklist_inactive_days)
        inactive |= Q(area=area) & (
            Q(last_service_on__lt=limit, last_service_on__gte=long_limit)
            | Q(last_service_on__isnull=True)
        )
        long_inactive |= Q(area=area, last_service_on__lt=long_limit)
    return inactive, long_inactive


def worklist_reasons(client: Client) -> list[str]:
    """The row's reasons, the weightiest first; their weights sum to its `urgency`."""
    return by_weight(code for code in WEIGHTS if getattr(client, f"is_{code}"))


def spells_basis(client: Client) -> str:
    """What the status periods a result rests on are: "extract" when all come from a register
    extract, "estimate" when any was typed (the result is then an estimate until they are
    reconciled with an extract), "none" when there are none."""
    sources = set(client.spells.values_list("source", flat=True))
    if not sources:
        return "none"
    return "extract" if sources == {ValueSource.REGISTER_EXTRACT} else "estimate"


def assessment_history(*, client: Client) -> list[NeedsAssessment]:
    """Every assessment of the client, the oldest first: the distance travelled is measured
    from the first, however many came after it."""
    return list(client.assessments.order_by("assessed_on", "id"))


def decisions_for_client(*, client: Client):
    return list(client.decisions.select_related("decided_by")[:20])


def decision_get_for_user(*, user, pk) -> Decision:
    """One recorded decision whose client the user may see, or 404."""
    decision = (
        Decision.objects.select_related("client", "decided_by")
        .filter(access.client_scope(user, "client.view", prefix="client__"), pk=pk)
        .first()
    )
    if decision is None:
        raise Http404
    return decision
