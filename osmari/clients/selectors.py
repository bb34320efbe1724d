"""Reads of client data, scoped to the user asking."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from osmari.accounts import access
from osmari.clients.models import Client, Enrolment, PlanStep, SensitiveData, StatusSpell
from osmari.core.encryption import lookup_hash


def client_list_for_user(
    *, user, search: str = "", municipality: str = "", coach: int | None = None
) -> QuerySet[Client]:
    clients = access.clients_for(user).select_related("municipality", "coach")
    if search:
        for word in search.split():
            clients = clients.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                # The code is encrypted: only a whole code is found, by its keyed hash.
                | Q(identity_hash=lookup_hash(word))
            )
    if municipality:
        clients = clients.filter(municipality__code=municipality)
    if coach:
        clients = clients.filter(coach_id=coach)
    return clients.order_by("last_name", "first_name", "pk")


def client_get_for_user(*, user, pk: int, permission: str = "client.view") -> Client:
    """One client the user may see, or 404 (never a hint that the record exists)."""
    client = (
        Client.objects.select_related(
            "area", "municipality", "postal_code", "education_level", "coach"
        )
        .filter(pk=pk)
        .first()
    )
    if client is None or not access.may(user, permission, client):
        raise Http404
    return client


def eura_pending_for_user(*, user) -> QuerySet[Enrolment]:
    """Enrolments whose start or end data the participant has not yet entered in EURA 2021."""
    clients = access.clients_for(user)
    return (
        Enrolment.objects.filter(client__in=clients)
        .filter(Q(eura_entry="no") | Q(left_on__isnull=False, eura_exit="no"))
        .select_related("client", "client__coach")
        .order_by("entered_on", "pk")
    )


# Parts of a client record, for a client already fetched through `client_get_for_user`.


def enrolment_of(client: Client) -> Enrolment | None:
    return Enrolment.objects.filter(client=client).first()


def sensitive_data_of(client: Client) -> SensitiveData | None:
    return SensitiveData.objects.filter(client=client).first()


def spell_of(client: Client, pk: int) -> StatusSpell:
    spell = StatusSpell.objects.filter(client=client, pk=pk).first()
    if spell is None:
        raise Http404
    return spell


def plan_step_of(client: Client, pk: int) -> PlanStep:
    step = PlanStep.objects.filter(plan__client=client, pk=pk).first()
    if step is None:
        raise Http404
    return step
