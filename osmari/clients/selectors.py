"""Reads of client data, scoped to the user asking."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from osmari.accounts import access
from osmari.clients.models import Client, Enrolment


def client_queryset_for_user(*, user, permission: str = "client.list") -> QuerySet[Client]:
    """The clients the user may see: their areas, or only their caseload where the area says so."""
    visible = Q(pk__in=[])
    for area in access.areas_where(user, permission):
        if access.own_caseload_only(user, area, permission):
            visible |= Q(area=area, coach=user)
        else:
            visible |= Q(area=area)
    return Client.objects.filter(visible)


def client_list_for_user(
    *, user, search: str = "", municipality: str = "", coach: int | None = None
) -> QuerySet[Client]:
    clients = client_queryset_for_user(user=user).select_related("municipality", "coach")
    if search:
        for word in search.split():
            clients = clients.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(personal_identity_code__iexact=word)
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
    clients = client_queryset_for_user(user=user)
    return (
        Enrolment.objects.filter(client__in=clients)
        .filter(Q(eura_entry="no") | Q(left_on__isnull=False, eura_exit="no"))
        .select_related("client", "client__coach")
        .order_by("entered_on", "pk")
    )
