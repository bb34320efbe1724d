"""Reads of client data, scoped to the user asking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import Http404
from django.utils.functional import Promise

from osmari.accounts import access
from osmari.clients.models import (
    Appointment,
    Client,
    Enrolment,
    ImportRun,
    PlanStep,
    SensitiveData,
    StatusSpell,
)
from osmari.core.encryption import lookup_hash


@dataclass(frozen=True)
class ListColumn:
    """A filter and column that an app below this one adds to the client list (screening:
    the latest proposal), registered in its ready(): `annotate` adds an annotation called
    `name`, whose values are among `choices`."""

    name: str
    label: str | Promise
    choices: Callable[[], list[tuple[str, str | Promise]]]
    annotate: Callable[[QuerySet[Client]], QuerySet[Client]]


LIST_COLUMNS: dict[str, ListColumn] = {}


def list_column_register(column: ListColumn) -> None:
    LIST_COLUMNS[column.name] = column


# How the list can be sorted: the key in the address, and the order it means.
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "stage": ("stage", "last_name", "first_name", "pk"),
    "municipality": ("municipality__name_fi", "last_name", "first_name", "pk"),
    "coach": ("coach__full_name", "last_name", "first_name", "pk"),
    # Longest without service first: who has waited longest comes up.
    "last_service": (F("last_service_on").asc(nulls_first=True), "last_name", "pk"),
}
PROGRAMME_NONE, PROGRAMME_IN, PROGRAMME_LEFT = "none", "in", "left"


@dataclass(frozen=True)
class ClientFilter:
    search: str = ""
    # Only the user's own caseload.
    mine: bool = False
    coach: int | None = None
    stage: str = ""
    municipality: str = ""
    # ESF+ programme status: not enrolled, taking part, or left.
    programme: str = ""
    area: int | None = None
    # The filters of the registered columns, by column name.
    columns: dict[str, str] = field(default_factory=dict)
    sort: str = "name"


def client_list_for_user(*, user, filters: ClientFilter | None = None) -> QuerySet[Client]:
    """The clients the user may see, narrowed by the list's filters, in the chosen order."""
    filters = filters or ClientFilter()
    clients = access.clients_for(user).select_related("municipality", "coach")
    for word in filters.search.split():
        clients = clients.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            # The code is encrypted: only a whole code is found, by its keyed hash.
            | Q(identity_hash=lookup_hash(word))
        )
    if filters.area:
        clients = clients.filter(area_id=filters.area)
    if filters.mine:
        clients = clients.filter(coach=user)
    if filters.coach:
        clients = clients.filter(coach_id=filters.coach)
    if filters.stage:
        clients = clients.filter(stage=filters.stage)
    if filters.municipality:
        clients = clients.filter(municipality__code=filters.municipality)
    if filters.programme == PROGRAMME_NONE:
        clients = clients.filter(enrolment__isnull=True)
    elif filters.programme == PROGRAMME_IN:
        clients = clients.filter(enrolment__isnull=False, enrolment__left_on__isnull=True)
    elif filters.programme == PROGRAMME_LEFT:
        clients = clients.filter(enrolment__left_on__isnull=False)
    for column in LIST_COLUMNS.values():
        clients = column.annotate(clients)
        wanted = filters.columns.get(column.name)
        if wanted:
            clients = clients.filter(**{column.name: wanted})
    return clients.order_by(*SORTS.get(filters.sort, SORTS["name"]))


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


def eura_pending_for_user(*, user, coach: int | None = None) -> QuerySet[Enrolment]:
    """Enrolments whose start or end data the participant has not yet entered in EURA 2021;
    only those of one coach's clients when a coach is given."""
    clients = access.clients_for(user)
    if coach is not None:
        # Among the coach's clients, so that only their enrolments are looked up.
        clients = clients.filter(coach_id=coach)
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


def import_runs_of(user) -> QuerySet[ImportRun]:
    """The client imports a user started: only they read an import's report, as it lists
    identity codes."""
    # And only while they may still import into its area.
    areas = access.areas_where(user, "client.import")
    return (
        ImportRun.objects.filter(actor=user, area__in=areas)
        .select_related("area")
        .order_by("-created_at")
    )


def upcoming_appointments_of(client: Client, now: datetime) -> QuerySet[Appointment]:
    """The client's appointments not yet begun and not cancelled, soonest first."""
    return (
        Appointment.objects.filter(client=client, cancelled_at__isnull=True, starts_at__gte=now)
        .select_related("coach")
        .order_by("starts_at", "pk")
    )


def appointment_of(client: Client, pk: int) -> Appointment:
    appointment = Appointment.objects.filter(client=client, pk=pk).first()
    if appointment is None:
        raise Http404
    return appointment
