"""The worklist: the area's clients ranked by reasons a coach can read, computed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.clients.models import Client, PlanStep
from osmari.clients.selectors import ListColumn
from osmari.core.models import ValueSource
from osmari.screening.engine import add_months, ruleset_for
from osmari.screening.models import Decision

SOON_DAYS = 60
# Weights: what needs a coach first comes first.
WEIGHTS = {"ltu_reached": 3, "overdue": 3, "ltu_soon": 2, "inactive": 2, "age_change_soon": 1}


@dataclass(frozen=True)
class WorklistFilter:
    municipality: str = ""
    coach: int | None = None
    instrument: str = ""


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


def worklist_for_user(*, user, today: date, filters: WorklistFilter) -> QuerySet[Client]:
    """Clients with at least one reason, most urgent first; each row carries its reasons."""
    ltu_reached, ltu_soon = _long_term(today)
    inactive = _inactive(user, today)
    age_change = _age_change_soon(today)
    overdue = Exists(
        PlanStep.objects.filter(plan__client=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
    )
    clients = (
        access.clients_for(user, "screening.worklist")
        .exclude(stage="ended")
        .annotate(
            is_ltu_reached=_flag(ltu_reached),
            is_ltu_soon=_flag(ltu_soon),
            is_inactive=_flag(inactive),
            is_age_change_soon=_flag(age_change),
            is_overdue=overdue,
        )
        .annotate(
            urgency=sum(
                (
                    Case(
                        When(condition, then=Value(weight)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                    for condition, weight in [
                        (ltu_reached, WEIGHTS["ltu_reached"]),
                        (ltu_soon, WEIGHTS["ltu_soon"]),
                        (inactive, WEIGHTS["inactive"]),
                        (age_change, WEIGHTS["age_change_soon"]),
                        (Q(is_overdue=True), WEIGHTS["overdue"]),
                    ]
                ),
                Value(0),
            )
        )
        # The reasons themselves, not the computed urgency, filter the rows: the page count
        # then needs no annotation and the database can use the indexes.
        .filter(ltu_reached | ltu_soon | inactive | age_change | Q(is_overdue=True))
        .select_related("municipality", "coach")
    )
    if filters.municipality:
        clients = clients.filter(municipality__code=filters.municipality)
    if filters.coach:
        clients = clients.filter(coach_id=filters.coach)
    if filters.instrument:
        clients = with_latest_proposal(clients).filter(
            latest_proposal=filters.instrument  # type: ignore[misc]  # the annotation
        )
    return clients.order_by("-urgency", "unemployed_since", "pk")


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


def _inactive(user, today: date) -> Q:
    """Not served for longer than the client's area allows; each area sets its own limit."""
    inactive = Q(pk__in=[])
    for area in access.areas_where(user, "screening.worklist"):
        limit = today - timedelta(days=area.worklist_inactive_days)
        inactive |= Q(area=area) & (Q(last_service_on__lt=limit) | Q(last_service_on__isnull=True))
    return inactive


def worklist_reasons(client: Client) -> list[str]:
    return [
        code
        for code, attribute in [
            ("ltu_reached", "is_ltu_reached"),
            ("overdue", "is_overdue"),
            ("ltu_soon", "is_ltu_soon"),
            ("inactive", "is_inactive"),
            ("age_change_soon", "is_age_change_soon"),
        ]
        if getattr(client, attribute)
    ]


def spells_basis(client: Client) -> str:
    """What the status periods a result rests on are: "extract" when all come from a register
    extract, "estimate" when any was typed (the result is then an estimate until they are
    reconciled with an extract), "none" when there are none."""
    sources = set(client.spells.values_list("source", flat=True))
    if not sources:
        return "none"
    return "extract" if sources == {ValueSource.REGISTER_EXTRACT} else "estimate"


def assessments_for_client(*, client: Client):
    return list(client.assessments.select_related("assessor")[:10])


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
