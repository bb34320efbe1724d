"""Reads of extracts and of the differences between Osmari and the register, scoped to the
user asking."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from osmari.accounts import access
from osmari.clients.models import Client, Plan, StatusSpell
from osmari.core.models import ValueSource
from osmari.extracts import reconcile
from osmari.extracts.models import Extract, FactKind, RegisterFact, Resolution
from osmari.placements.models import Placement, PlacementStatus

PERMISSION = "extract.reconcile"


@dataclass
class ClientDifferences:
    client: Client
    extract: Extract | None
    differences: list[reconcile.Difference]
    # What taking the register's status periods would do, where a period differs.
    replacement: reconcile.Replacement | None = None

    def seen(self, difference: reconcile.Difference) -> str:
        return reconcile.seen_token(difference, self.replacement)


def extracts_for_user(*, user) -> QuerySet[Extract]:
    """The extracts of the areas where the user may import them, newest first."""
    areas = access.areas_where(user, "extract.import")
    return Extract.objects.filter(area__in=areas).select_related("imported_by", "area")


def _register(facts: Sequence[RegisterFact]) -> reconcile.Register:
    spells: list[reconcile.Spell] = []
    plans: list[reconcile.Act] = []
    services: list[reconcile.Service] = []
    decisions: list[reconcile.Service] = []
    for fact in facts:
        if fact.kind == FactKind.STATUS and fact.start_on:
            spells.append(reconcile.Spell(fact.value, fact.start_on, fact.end_on))
        elif fact.kind == FactKind.PLAN:
            plans.append(reconcile.Act(fact.official_reference, fact.official_on))
        elif fact.start_on:
            service = reconcile.Service(
                fact.value, fact.start_on, fact.end_on, fact.official_reference, fact.official_on
            )
            (services if fact.kind == FactKind.SERVICE else decisions).append(service)
    return reconcile.Register(spells, plans, services, decisions)


def _differences(clients: Sequence[Client]) -> list[ClientDifferences]:
    """Each client's open differences with their latest extract, in a fixed number of
    queries whatever the number of clients."""
    ids = [c.pk for c in clients]
    facts: dict[int, list[RegisterFact]] = defaultdict(list)
    for fact in RegisterFact.objects.filter(client_id__in=ids, is_current=True).select_related(
        "extract"
    ):
        facts[fact.client_id].append(fact)
    spells: dict[int, list[reconcile.Spell]] = defaultdict(list)
    for spell in StatusSpell.objects.filter(client_id__in=ids):
        spells[spell.client_id].append(osmari_spell(spell))
    plans = {
        plan.client_id: reconcile.Act(plan.official_reference, plan.official_on)
        for plan in Plan.objects.filter(client_id__in=ids, kind=Plan.Kind.EMPLOYMENT)
    }
    periods: dict[int, list[reconcile.Period]] = defaultdict(list)
    for placement in Placement.objects.filter(
        client_id__in=ids, kind__in=reconcile.PERIOD_KINDS
    ).exclude(status=PlacementStatus.CANCELLED):
        periods[placement.client_id].append(
            reconcile.Period(
                placement.pk,
                placement.kind,
                placement.start_on,
                placement.last_day,
                placement.official_reference,
                placement.official_on,
            )
        )
    resolved: dict[int, set[tuple[str, str, str]]] = defaultdict(set)
    for client_id, key, osmari_value, register_value in Resolution.objects.filter(
        client_id__in=ids
    ).values_list("client_id", "key", "osmari_value", "register_value"):
        resolved[client_id].add((key, osmari_value, register_value))
    result = []
    for client in clients:
        if not facts[client.pk]:
            continue
        extract = max((f.extract for f in facts[client.pk]), key=lambda e: (e.extracted_on, e.pk))
        register = _register(facts[client.pk])
        found = reconcile.open_differences(
            reconcile.differences(
                reconcile.Osmari(spells[client.pk], plans.get(client.pk), periods[client.pk]),
                register,
                as_of=extract.extracted_on,
            ),
            resolved[client.pk],
        )
        replacement = (
            reconcile.spells_replacement(
                spells[client.pk], register.spells, as_of=extract.extracted_on
            )
            if any(d.is_spell for d in found)
            else None
        )
        result.append(ClientDifferences(client, extract, found, replacement))
    return result


def osmari_spell(spell: StatusSpell) -> reconcile.Spell:
    return reconcile.Spell(
        spell.status,
        spell.start_on,
        spell.end_on,
        typed=spell.source != ValueSource.REGISTER_EXTRACT,
    )


def register_spells(client: Client) -> Sequence[reconcile.Spell]:
    """The client's status periods in their latest extract."""
    facts = RegisterFact.objects.filter(client=client, is_current=True, kind=FactKind.STATUS)
    return _register(list(facts)).spells


def reconcile_list_for_user(*, user, coach: int | None = None) -> list[ClientDifferences]:
    """The clients the user may reconcile whose latest extract differs from Osmari: a coach
    kept to their own caseload sees only their own; others may filter by coach."""
    clients = (
        access.clients_for(user, PERMISSION)
        .filter(register_facts__is_current=True)
        .distinct()
        .select_related("coach", "area")
        .order_by("coach__full_name", "last_name", "first_name", "pk")
    )
    if coach:
        clients = clients.filter(coach_id=coach)
    return [item for item in _differences(list(clients)) if item.differences]


def client_differences_for_user(*, user, pk: int) -> ClientDifferences:
    """One client's differences, or 404 for a client the user may not reconcile."""
    client = Client.objects.select_related("area", "coach").filter(pk=pk).first()
    if client is None or not access.may(user, PERMISSION, client):
        raise Http404
    found = _differences([client])
    return found[0] if found else ClientDifferences(client, None, [])


def may_accept(user, client: Client, difference: reconcile.Difference) -> bool:
    """Who may take the register's value: whoever may change what it is written over, the
    client's own records (status periods, plan) or the period. Others may note why not."""
    if not difference.can_accept:
        return False
    permission = (
        "placement.edit" if difference.topic == reconcile.PERIOD_REFERENCE else "client.edit"
    )
    return access.may(user, permission, client)


def difference_in(item: ClientDifferences, key: str) -> reconcile.Difference | None:
    return next((d for d in item.differences if d.key == key), None)
