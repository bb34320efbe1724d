"""The system token's operations (docs/api.md): the area's other systems read and keep up to
date the clients, their ESF+ enrolments and their periods.

What crosses: what those systems need to know who is served and where, and what the client
import takes, so that a system can read back what it wrote. Never the personal identity code
(a system sends it, Osmari does not give it back) and nothing of the sensitive data: no
health, work ability, restrictions, subsidy track or reason for an interruption.

Writes go through the client import's own row (`importing.import_one`) and the enrolment's
service, with their checks, permissions and audit; every person shown is audited as the
pages audit it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from pydantic import ConfigDict

from osmari.accounts import access
from osmari.api.base import ERRORS, page_of, require, router_for
from osmari.api.v1 import api
from osmari.clients import importing, services
from osmari.clients.choices import (
    EntryStatus,
    EuraStatus,
    Gender,
    Language,
    SituationOnLeaving,
    TriState,
)
from osmari.clients.models import Client, Enrolment, ServiceStage
from osmari.clients.selectors import client_get_for_user, enrolment_of
from osmari.core.audit import persons_read
from osmari.placements.models import Placement, PlacementStatus
from osmari.placements.selectors import placement_get_for_user, placement_list_for_user

router = router_for("system")


def _choices(values: list[str], *, nullable: bool = False) -> dict[str, Any]:
    # Documented, not checked here: the value is checked where the record's own rules are.
    return {"enum": [*values, None] if nullable else values}


# ---------------------------------------------------------------- what is shown


class EnrolmentOut(Schema):
    """The ESF+ programme participation: entry, exit and the six-month follow-up."""

    entered_on: date = Field(description="Entry into the programme.")
    status_at_entry: str = Field(
        description="Labour-market status at entry; empty until recorded.",
        json_schema_extra=_choices(["", *EntryStatus.values]),
    )
    eura_entry: str = Field(
        description="Whether the participant's start data is in EURA 2021.",
        json_schema_extra=_choices(EuraStatus.values),
    )
    left_on: date | None = Field(description="Exit from the programme; null while taking part.")
    situation_on_leaving: str = Field(
        description="Situation on leaving; empty before the exit.",
        json_schema_extra=_choices(["", *SituationOnLeaving.values]),
    )
    qualification_gained: str = Field(json_schema_extra=_choices(TriState.values))
    eura_exit: str = Field(
        description="Whether the participant's end data is in EURA 2021.",
        json_schema_extra=_choices(EuraStatus.values),
    )
    follow_up_on: date | None = Field(description="Day of the six-month follow-up, if held.")
    employed_after_6_months: str = Field(json_schema_extra=_choices(TriState.values))
    improved_after_6_months: str = Field(json_schema_extra=_choices(TriState.values))
    follow_up_source: str = Field(
        description="Where the six-month result came from (extract, call, person); empty if none."
    )


class ClientOut(Schema):
    """A client as the area's other systems need them: who (no identity code), where, in
    which language, where on the service path, and the ESF+ enrolment. No sensitive data."""

    id: int
    first_name: str
    last_name: str
    birth_date: date = Field(description="Derived from the identity code, for age groups.")
    gender: str = Field(json_schema_extra=_choices(Gender.values))
    municipality_code: str = Field(description="Municipality of residence (Statistics Finland).")
    postal_code: str | None
    preferred_language: str = Field(json_schema_extra=_choices(Language.values))
    education_level: str | None = Field(
        description="Statistics Finland's education level (0–9), if known."
    )
    email: str
    phone: str
    stage: str = Field(
        description="Stage on the service path.", json_schema_extra=_choices(ServiceStage.values)
    )
    coach_email: str | None = Field(description="The responsible coach's work e-mail.")
    unemployed_since: date | None = Field(
        description="Start of the unbroken unemployment that covers today, if unemployed."
    )
    created_at: datetime
    updated_at: datetime = Field(
        description="Last change of the client's own data (not of the enrolment or periods)."
    )
    enrolment: EnrolmentOut | None = Field(description="Null: not in the ESF+ programme.")


class ClientPage(Schema):
    items: list[ClientOut]
    next: str | None = Field(description="The cursor of the next page; null at the end.")


def _enrolment_out(enrolment: Enrolment | None) -> EnrolmentOut | None:
    if enrolment is None:
        return None
    return EnrolmentOut(
        **{name: getattr(enrolment, name) for name in [*Enrolment.DATA_FIELDS, "follow_up_source"]}
    )


def _client_out(client: Client) -> ClientOut:
    try:
        enrolment = client.enrolment
    except ObjectDoesNotExist:
        enrolment = None
    return ClientOut(
        id=client.pk,
        first_name=client.first_name,
        last_name=client.last_name,
        birth_date=client.birth_date,
        gender=client.gender,
        municipality_code=client.municipality.code,
        postal_code=client.postal_code.code if client.postal_code else None,
        preferred_language=client.preferred_language,
        education_level=client.education_level.code if client.education_level else None,
        email=client.email,
        phone=client.phone,
        stage=client.stage,
        coach_email=client.coach.email if client.coach else None,
        unemployed_since=client.unemployed_since,
        created_at=client.created_at,
        updated_at=client.updated_at,
        enrolment=_enrolment_out(enrolment),
    )


def _shown(client_id: int, caller) -> Client:
    """The client as shown after a write: read again, with what the services changed."""
    return client_get_for_user(user=caller, pk=client_id)


# ---------------------------------------------------------------- reading clients


def _as_utc(moment: datetime) -> datetime:
    """An ISO 8601 time as UTC: PostgreSQL refuses an offset beyond ±15:59, which ISO allows;
    a time so early (or late) that UTC cannot hold it keeps every client (or none)."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        edge = datetime.min if moment.year < 2 else datetime.max
        return edge.replace(tzinfo=UTC)


@router.get(
    "/clients",
    response={200: ClientPage, **ERRORS},
    summary="The area's clients, newest first",
)
def client_list(
    request: HttpRequest,
    stage: ServiceStage | None = None,
    updated_since: datetime | None = None,
    cursor: str | None = None,
    size: int = Query(50, ge=1, le=200),
):
    """Newest first by when Osmari got them. `stage` keeps one stage of the service path;
    `updated_since` (ISO 8601) keeps the clients whose own data changed at or after then,
    which an enrolment's or a period's change is not."""
    caller = require(request, "client.list")
    clients = access.clients_for(caller, "client.list").select_related(
        "municipality", "postal_code", "education_level", "coach", "enrolment"
    )
    if stage:
        clients = clients.filter(stage=stage)
    if updated_since is not None:
        clients = clients.filter(updated_at__gte=_as_utc(updated_since))
    rows, after = page_of(clients, time_field="created_at", cursor=cursor, size=size)
    persons_read(actor=caller, persons=rows, part="list")
    return Status(200, ClientPage(items=[_client_out(c) for c in rows], next=after))


@router.get(
    "/clients/{client_id}",
    response={200: ClientOut, **ERRORS},
    summary="One client",
)
def client_detail(request: HttpRequest, client_id: int):
    caller = require(request, "client.view")
    client = client_get_for_user(user=caller, pk=client_id)
    persons_read(actor=caller, persons=[client])
    return Status(200, _client_out(client))


# ---------------------------------------------------------------- writing clients

# The API's names for the import's columns where they differ: one name for one thing in
# what is sent and what is shown.
COLUMN_OF = {"preferred_language": "language"}
FIELD_OF = {column: name for name, column in COLUMN_OF.items()}
_ROW = importing.RowForm.base_fields


def _limit(column: str) -> str:
    return f"At most {_ROW[column].max_length} characters."


class ClientChange(Schema):
    """A client's data as the client import takes it, checked as a row of a file is. Only
    the fields sent change anything; an empty value never wipes a stored one (leave the
    field out to keep it)."""

    model_config = ConfigDict(extra="forbid")

    first_name: str | None = Field(None, description=_limit("first_name"))
    last_name: str | None = Field(None, description=_limit("last_name"))
    gender: str | None = Field(None, json_schema_extra=_choices(Gender.values, nullable=True))
    municipality_code: str | None = Field(
        None,
        description="Municipality of residence (Statistics Finland). Left out, the postcode's.",
    )
    postal_code: str | None = None
    email: str | None = None
    phone: str | None = Field(None, description=_limit("phone"))
    preferred_language: str | None = Field(
        None, json_schema_extra=_choices(Language.values, nullable=True)
    )
    education_level: str | None = Field(
        None,
        description="Statistics Finland's education level (0–9).",
        json_schema_extra=_choices([str(n) for n in range(10)], nullable=True),
    )
    unemployed_since: date | None = Field(
        None, description="Start of the current unemployment, if none is recorded yet."
    )


class ClientNew(ClientChange):
    """A new client: the identity code and name are required, and the municipality code or
    a postcode. The identity code is never shown back."""

    personal_identity_code: str = Field(description="Finnish personal identity code.")
    first_name: str = Field(description=_limit("first_name"))  # type: ignore[assignment]
    last_name: str = Field(description=_limit("last_name"))  # type: ignore[assignment]


def _row(payload: Schema) -> dict[str, str]:
    """The fields sent as a row of the import: each a column, as its cell would read."""
    row = {}
    for name, value in payload.model_dump(exclude_unset=True).items():
        cell = "" if value is None else value.isoformat() if isinstance(value, date) else value
        row[COLUMN_OF.get(name, name)] = str(cell)
    return row


def _refused(result: importing.RowResult) -> ValidationError:
    """The row's reasons, each by the field the caller sent."""
    errors: dict[str, list[str]] = {}
    for error in result.errors:
        errors.setdefault(FIELD_OF.get(error.field, error.field) or "__all__", []).append(
            error.message
        )
    return ValidationError(errors)


@router.post(
    "/clients",
    response={201: ClientOut, **ERRORS},
    summary="Add a client",
)
def client_create(request: HttpRequest, payload: ClientNew):
    caller = require(request, "client.import")
    result = importing.import_one(actor=caller, area=caller.area, row=_row(payload))
    if result.errors or result.client is None:
        raise _refused(result)
    client = _shown(result.client.pk, caller)
    persons_read(actor=caller, persons=[client])
    return Status(201, _client_out(client))


@router.patch(
    "/clients/{client_id}",
    response={200: ClientOut, **ERRORS},
    summary="Change a client's data",
)
def client_change(request: HttpRequest, client_id: int, payload: ClientChange):
    caller = require(request, "client.edit")
    client = client_get_for_user(user=caller, pk=client_id, permission="client.edit")
    result = importing.import_one(actor=caller, area=caller.area, row=_row(payload), client=client)
    if result.errors:
        raise _refused(result)
    client = _shown(client.pk, caller)
    persons_read(actor=caller, persons=[client])
    return Status(200, _client_out(client))


# ---------------------------------------------------------------- the enrolment


class EnrolmentIn(Schema):
    """The ESF+ enrolment as it should be. A new one needs the entry date and the status at
    entry; in a stored one, a field left out keeps its value and null clears it. An exit
    needs the situation on leaving, and a six-month result the person's consent to be
    contacted."""

    model_config = ConfigDict(extra="forbid")

    entered_on: date | None = None
    status_at_entry: EntryStatus | None = None
    eura_entry: EuraStatus | None = None
    left_on: date | None = None
    situation_on_leaving: SituationOnLeaving | None = None
    qualification_gained: TriState | None = None
    eura_exit: EuraStatus | None = None
    follow_up_on: date | None = None
    employed_after_6_months: TriState | None = None
    improved_after_6_months: TriState | None = None


# What a field left empty is in the record.
CLEARED = {
    "status_at_entry": "",
    "eura_entry": EuraStatus.NOT_YET,
    "situation_on_leaving": "",
    "qualification_gained": TriState.UNKNOWN,
    "eura_exit": EuraStatus.NOT_YET,
    "employed_after_6_months": TriState.UNKNOWN,
    "improved_after_6_months": TriState.UNKNOWN,
}


@router.put(
    "/clients/{client_id}/enrolment",
    response={200: EnrolmentOut, **ERRORS},
    summary="Record a client's ESF+ enrolment",
)
def enrolment_put(request: HttpRequest, client_id: int, payload: EnrolmentIn):
    caller = require(request, "client.edit")
    client = client_get_for_user(user=caller, pk=client_id, permission="client.edit")
    stored = enrolment_of(client)
    fields = {
        name: getattr(stored, name) if stored else CLEARED.get(name)
        for name in Enrolment.DATA_FIELDS
    }
    for name, value in payload.model_dump(exclude_unset=True).items():
        fields[name] = CLEARED.get(name) if value is None else value
    required = {
        name: _("This field is required.")
        for name in ("entered_on", "status_at_entry")
        if not fields[name]
    }
    if required:
        raise ValidationError(required)
    enrolment = services.enrolment_save(actor=caller, client=client, **fields)
    persons_read(actor=caller, persons=[client], part="enrolment")
    return Status(200, _enrolment_out(enrolment))


# ---------------------------------------------------------------- periods


class PeriodOut(Schema):
    """A work-trial or wage-subsidy period. Never the subsidy track, the subsidy or pay, nor
    the reason for an interruption: they can tell of the person's work ability."""

    id: int
    client_id: int
    organisation_id: int
    organisation_name: str
    position_id: int
    position_title: str
    kind: str = Field(json_schema_extra=_choices(["work_trial", "wage_subsidy"]))
    status: str = Field(json_schema_extra=_choices(PlacementStatus.values))
    start_on: date
    end_on: date = Field(description="Planned last day.")
    ended_on: date | None = Field(description="Actual last day, once ended or interrupted.")
    days_per_week: int
    hours_per_day: float
    official_reference: str = Field(
        description="Reference of the agreement or decision in the national system."
    )
    outcome: str = Field(description="Where the person went after the period; empty if not known.")
    created_at: datetime


class PeriodPage(Schema):
    items: list[PeriodOut]
    next: str | None = Field(description="The cursor of the next page; null at the end.")


def _period_out(placement: Placement) -> PeriodOut:
    return PeriodOut(
        id=placement.pk,
        client_id=placement.client_id,
        organisation_id=placement.organisation_id,
        organisation_name=placement.organisation.name,
        position_id=placement.position_id,
        position_title=placement.position.title,
        kind=placement.kind,
        status=placement.status,
        start_on=placement.start_on,
        end_on=placement.end_on,
        ended_on=placement.ended_on,
        days_per_week=placement.days_per_week,
        hours_per_day=float(placement.hours_per_day),
        official_reference=placement.official_reference,
        outcome=placement.outcome,
        created_at=placement.created_at,
    )


@router.get(
    "/periods",
    response={200: PeriodPage, **ERRORS},
    summary="The area's periods, newest first",
)
def period_list(
    request: HttpRequest,
    status: PlacementStatus | None = None,
    client_id: int | None = None,
    cursor: str | None = None,
    size: int = Query(50, ge=1, le=200),
):
    caller = require(request, "placement.view")
    periods = placement_list_for_user(user=caller, status=status or "")
    if client_id is not None:
        periods = periods.filter(client_id=client_id)
    rows, after = page_of(periods, time_field="created_at", cursor=cursor, size=size)
    persons_read(actor=caller, persons=[p.client for p in rows], part="list")
    return Status(200, PeriodPage(items=[_period_out(p) for p in rows], next=after))


@router.get(
    "/periods/{placement_id}",
    response={200: PeriodOut, **ERRORS},
    summary="One period",
)
def period_detail(request: HttpRequest, placement_id: int):
    caller = require(request, "placement.view")
    placement = placement_get_for_user(user=caller, pk=placement_id)
    persons_read(actor=caller, persons=[placement.client], part="placement", obj=placement)
    return Status(200, _period_out(placement))


api.add_router("", router)
