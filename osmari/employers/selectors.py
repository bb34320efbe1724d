"""Reads of host organisations, scoped to the user asking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr
from django.http import Http404

from osmari.accounts import access
from osmari.employers.models import Organisation, PipelineStage, Position, PositionKind
from osmari.screening.models import Decision


def organisation_list_for_user(*, user, search: str = "", stage: str = "") -> QuerySet:
    organisations = access.organisations_for(user, "organisation.list")
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(business_id__startswith=search)
        )
    if stage:
        organisations = organisations.filter(stage=stage)
    return organisations.select_related("municipality", "owner").order_by("name", "pk")


def organisation_get_for_user(*, user, pk: int, permission: str = "organisation.view"):
    organisation = (
        Organisation.objects.select_related("area", "municipality", "industry", "owner")
        .filter(pk=pk)
        .first()
    )
    if organisation is None or not access.may(user, permission, organisation):
        raise Http404
    return organisation


def contacts_due_for_user(*, user, today: date) -> QuerySet:
    """Organisations whose next contact is today or overdue, the most overdue first."""
    return (
        access.organisations_for(user, "pipeline.view")
        .filter(next_contact_on__lte=today)
        .exclude(stage=PipelineStage.ENDED)
        .select_related("owner", "municipality")
        .order_by("next_contact_on", "name")
    )


def gap_counts_for_user(*, user, today: date, instrument: str = "") -> tuple[dict, dict]:
    """Demand (clients by occupation of interest) and supply (open capacity) in the user's areas.

    A client interested in occupations of two major groups counts once in each. Supply is the
    free capacity of open, unpaused positions of active partners: their places less the
    periods planned or running in them today.
    """
    areas = access.areas_where(user, "pipeline.view")
    clients = (
        access.clients_for(user, "pipeline.view")
        .filter(occupations__isnull=False)
        .exclude(stage="ended")
    )
    if instrument:
        latest = Subquery(
            Decision.objects.filter(client=OuterRef("pk"))
            .order_by("-decided_on", "-id")
            .values("proposal")[:1]
        )
        clients = clients.annotate(latest_proposal=latest).filter(latest_proposal=instrument)
    demand_rows = clients.values(
        major=Substr("occupations__isco_group__code", 1, 1), place=F("municipality__code")
    ).annotate(n=Count("pk", distinct=True))
    positions = Position.objects.filter(
        organisation__area__in=areas,
        organisation__stage=PipelineStage.ACTIVE_PARTNER,
        is_paused=False,
        open_from__lte=today,
        occupation__isnull=False,
    ).filter(Q(open_to__isnull=True) | Q(open_to__gte=today))
    if instrument:
        positions = positions.filter(kind__in=[instrument, PositionKind.BOTH])
    keys = {"major": Substr("occupation__isco_group__code", 1, 1), "place": F("municipality__code")}
    supply_rows: Iterable[Mapping[str, Any]] = positions.values(**keys).annotate(n=Sum("capacity"))
    # Read through the reverse relation: placements sit below employers in the app order.
    holding = Q(
        placements__status__in=("planned", "active"),
        placements__start_on__lte=today,
        placements__end_on__gte=today,
    )
    taken_rows: Iterable[Mapping[str, Any]] = positions.values(**keys).annotate(
        n=Count("placements", filter=holding)
    )
    taken = {(r["major"], r["place"]): r["n"] for r in taken_rows}
    demand = {(r["major"], r["place"]): r["n"] for r in demand_rows}
    supply = {
        (r["major"], r["place"]): max(0, r["n"] - taken.get((r["major"], r["place"]), 0))
        for r in supply_rows
    }
    return demand, supply


PIPELINE_CANDIDATE_STAGES = [
    PipelineStage.PROSPECT,
    PipelineStage.CONTACTED,
    PipelineStage.INTERESTED,
    PipelineStage.AGREEMENT_IN_PREPARATION,
]


def pipeline_candidates_for_user(*, user, per_municipality: int = 5) -> dict[str, list]:
    """Organisations still in the pipeline, by municipality: who could fill a gap there."""
    organisations = (
        access.organisations_for(user, "pipeline.view")
        .filter(stage__in=PIPELINE_CANDIDATE_STAGES)
        .select_related("municipality")
        .order_by("municipality__code", "-stage", "name")
    )
    by_place: dict[str, list] = {}
    for organisation in organisations:
        found = by_place.setdefault(organisation.municipality.code, [])
        if len(found) < per_municipality:
            found.append(organisation)
    return by_place


ACTIVE_AGREEMENT_STATUSES = ("active", "review_due")


def position_lacks_active_agreement(position: Position) -> bool:
    """A place offered without an active cooperation agreement: placing someone there needs
    a confirmed warning."""
    return (
        position.organisation.agreements.filter(status__in=ACTIVE_AGREEMENT_STATUSES).count() == 0
    )


def organisation_people(organisation: Organisation) -> QuerySet:
    """The accounts that act for the organisation in Osmari."""
    return organisation.memberships.select_related("user").order_by("user__full_name")
