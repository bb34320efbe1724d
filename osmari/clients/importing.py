"""Import clients from CSV or XLSX: every row validated, valid rows saved, the rest reported.

Rows are keyed by the identity code, so the same file imported twice updates in place and
creates nothing twice. A row with any error saves nothing of that row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from osmari.accounts import access
from osmari.clients import consents, services
from osmari.clients.choices import (
    ConsentPurpose,
    EntryStatus,
    Gender,
    Language,
    SituationOnLeaving,
    SpellStatus,
    TriState,
)
from osmari.clients.identity_codes import normalise_identity_code
from osmari.clients.models import Client, Enrolment
from osmari.core import uploads
from osmari.core.encryption import lookup_hash
from osmari.core.models import EducationLevel, EmploymentArea, Municipality, PostalCode

COLUMNS = [
    "personal_identity_code",
    "first_name",
    "last_name",
    "gender",
    "municipality_code",
    "postal_code",
    "email",
    "phone",
    "language",
    "education_level",
    "unemployed_since",
    "status_at_entry",
    "enrolled_on",
    "left_on",
    "situation_on_leaving",
    "qualification_gained",
    "employed_6_months_after",
]
REQUIRED = {"personal_identity_code", "first_name", "last_name"}
EXAMPLE = [
    "131052-308T",
    "Aino",
    "Esimerkki",
    "female",
    "491",
    "50100",
    "aino@example.fi",
    "040 123 4567",
    "fi",
    "3",
    "2025-03-01",
    "unemployed",
    "2025-09-01",
    "",
    "",
    "",
    "",
]
MAX_ROWS = 20_000
# How often a running import tells how far it has come.
PROGRESS_EVERY = 50


class ImportFileError(ValueError):
    pass


class RowError(str):
    """One reason a row is refused, worded as the import's report shows it; `field` names
    the column it is about ("" for the row as a whole) and `message` says it without the
    name, for a caller that shows each field's reasons beside it (the API)."""

    field: str
    message: str

    def __new__(cls, message: str, field: str = "", *, named: bool = True) -> RowError:
        message = str(message)
        error = super().__new__(cls, f"{field}: {message}" if field and named else message)
        error.field, error.message = field, message
        return error


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str, list[str]]] = field(default_factory=list)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Semicolons(csv.excel):
    delimiter = ";"


def _first_rows(rows: Iterator[list[str]], max_rows: int) -> list[list[str]]:
    """The rows with something in them, up to the column names, `max_rows` rows and one
    more: that one tells the file is too long, and a huge sheet is not read whole."""
    table: list[list[str]] = []
    for row in rows:
        if any(row):
            table.append(row)
            if len(table) > max_rows + 1:
                break
    return table


def _xlsx_table(upload, max_rows: int) -> list[list[str]]:
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).active
        # A read-only workbook parses its sheet only here, so a broken sheet fails here.
        return _first_rows(
            ([_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)), max_rows
        )
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from None


def _csv_table(upload, max_rows: int) -> list[list[str]]:
    text = upload.read().decode("utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;")
    except csv.Error:
        # The rows disagree on their number of cells, or there is one column (which the
        # header check reports): the column names show the separator if there is one.
        names = text.partition("\n")[0]
        dialect = _Semicolons if names.count(";") > names.count(",") else csv.excel
    try:
        return _first_rows(
            ([cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)),
            max_rows,
        )
    except csv.Error:
        # A quotation mark left open runs a cell to the end of the file.
        raise ImportFileError(
            _(
                "The CSV file cannot be read: a quotation mark is left open or a cell "
                "is too long. Save it again from the template."
            )
        ) from None


def read_rows(
    upload, *, required: set[str] | frozenset[str] = REQUIRED, max_rows: int = MAX_ROWS
) -> list[dict[str, str]]:
    """Read an uploaded CSV (UTF-8, comma or semicolon) or XLSX into dicts by column name
    (in lower case). The content decides which it is; the file's name is not trusted.
    `required` names the columns the first row must have, in lower case."""
    kind = uploads.detect_kind(upload, uploads.TABLE_KINDS)
    if kind is None:
        raise ImportFileError(str(uploads.NOT_A_TABLE))
    table = _xlsx_table(upload, max_rows) if kind == uploads.XLSX else _csv_table(upload, max_rows)
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [h.strip().lower() for h in table[0]]
    missing = set(required) - set(header)
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    if len(table) - 1 > max_rows:
        raise ImportFileError(_("At most %(n)s rows at a time.") % {"n": max_rows})
    for number, row in enumerate(table[1:], start=2):
        # A cell past the last column would be lost: most often a separator inside a value.
        if any(row[len(header) :]):
            raise ImportFileError(
                _(
                    "Row %(row)s has more cells than the first row has column names. "
                    "A value with a comma or semicolon in it needs quotation marks."
                )
                % {"row": number}
            )
    return [
        dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in table[1:]
    ]


DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


def _choice_field(choices, required=False):
    return forms.ChoiceField(choices=[("", ""), *choices], required=required)


class RowForm(forms.Form):
    """One row's cells as written. Whether they may change a stored record is decided once
    it is known whose record the row is (`_plan`)."""

    personal_identity_code = forms.CharField(max_length=11)
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    gender = _choice_field(Gender.choices)
    municipality_code = forms.CharField(max_length=3, required=False)
    postal_code = forms.CharField(max_length=5, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=30, required=False)
    language = _choice_field(Language.choices)
    education_level = forms.TypedChoiceField(
        choices=[("", "")] + [(str(n), str(n)) for n in range(10)], required=False
    )
    unemployed_since = forms.DateField(input_formats=DATE_FORMATS, required=False)
    status_at_entry = _choice_field(EntryStatus.choices)
    enrolled_on = forms.DateField(input_formats=DATE_FORMATS, required=False)
    left_on = forms.DateField(input_formats=DATE_FORMATS, required=False)
    situation_on_leaving = _choice_field(SituationOnLeaving.choices)
    qualification_gained = _choice_field(TriState.choices)
    employed_6_months_after = _choice_field(TriState.choices)

    def clean_personal_identity_code(self):
        return normalise_identity_code(self.cleaned_data["personal_identity_code"])

    def clean(self):
        cleaned = super().clean()
        postal = None
        if cleaned.get("postal_code"):
            postal = (
                PostalCode.objects.select_related("municipality")
                .filter(code=cleaned["postal_code"])
                .first()
            )
            if postal is None:
                self.add_error("postal_code", _("Unknown postcode."))
        municipality = None
        if cleaned.get("municipality_code"):
            municipality = Municipality.objects.filter(
                code=cleaned["municipality_code"].zfill(3)
            ).first()
            if municipality is None:
                self.add_error("municipality_code", _("Unknown municipality code."))
        elif postal is not None:
            municipality = postal.municipality
        cleaned["postal"], cleaned["municipality"] = postal, municipality
        entered, left = cleaned.get("enrolled_on"), cleaned.get("left_on")
        if entered and left and left < entered:
            self.add_error("left_on", _("The exit date must not be before the entry date."))
        return cleaned


def _row_errors(form: RowForm) -> list[RowError]:
    return [
        RowError(message, "" if name == "__all__" else name)
        for name, messages in form.errors.items()
        for message in messages
    ]


# What each column sets. A column left out of the file leaves its field as it is.
CLIENT_COLUMNS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "gender": "gender",
    "email": "email",
    "phone": "phone",
    "language": "preferred_language",
    "education_level": "education_level",
    "postal_code": "postal_code",
    "municipality_code": "municipality",
}
ENROLMENT_COLUMNS = {
    "enrolled_on": "entered_on",
    "status_at_entry": "status_at_entry",
    "left_on": "left_on",
    "situation_on_leaving": "situation_on_leaving",
    "qualification_gained": "qualification_gained",
    "employed_6_months_after": "employed_after_6_months",
}
NEW_ENROLMENT = {
    "entered_on": None,
    "status_at_entry": "",
    "left_on": None,
    "situation_on_leaving": "",
    "qualification_gained": TriState.UNKNOWN,
    "employed_after_6_months": TriState.UNKNOWN,
}


def _values(data: dict, levels: dict) -> dict:
    """Each column's value as the record stores it; an empty cell gives a new record's default."""
    return {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "gender": data["gender"] or Gender.NOT_STATED,
        "email": data["email"],
        "phone": data["phone"],
        "language": data["language"] or Language.FINNISH,
        "education_level": levels.get(data["education_level"]),
        "postal_code": data["postal"],
        # With its own cell empty, the municipality is the postcode's.
        "municipality_code": data["municipality"],
        "enrolled_on": data["enrolled_on"],
        "status_at_entry": data["status_at_entry"],
        "left_on": data["left_on"],
        "situation_on_leaving": data["situation_on_leaving"],
        "qualification_gained": data["qualification_gained"] or TriState.UNKNOWN,
        "employed_6_months_after": data["employed_6_months_after"] or TriState.UNKNOWN,
    }


def _blank(column: str, data: dict) -> bool:
    if column == "municipality_code":
        return data["municipality"] is None
    return data[column] in ("", None)


def _stored(record, name: str):
    """The stored value to compare with, a related record by its key."""
    return record.serializable_value(name)


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value


@dataclass
class RowPlan:
    """What one valid row writes: client fields, the whole enrolment (None: leave it), or
    the reasons it cannot be saved."""

    client_fields: dict = field(default_factory=dict)
    enrolment: dict | None = None
    errors: list[RowError] = field(default_factory=list)


def _plan(data: dict, present: set[str], levels: dict, client: Client | None) -> RowPlan:
    """What the row would write to this client (None: a new one), or why it cannot.

    Only the columns in the file change anything. An empty cell gives a new record its
    default but never wipes a stored value: keeping a value means leaving its column out.
    """
    values = _values(data, levels)
    plan = RowPlan()
    _plan_client(plan, values, data, present, client)
    if client is None and values["municipality_code"] is None:
        plan.errors.append(
            RowError(_("Give the municipality code or a postcode."), "municipality_code")
        )
    _plan_enrolment(plan, values, data, present, client)
    return plan


def _refuse_empty(plan: RowPlan, column: str) -> None:
    plan.errors.append(
        RowError(
            _("Empty value in column %(column)s: leave the column out to keep the stored value.")
            % {"column": column},
            column,
            named=False,
        )
    )


def _plan_client(
    plan: RowPlan, values: dict, data: dict, present: set[str], client: Client | None
) -> None:
    for column, name in CLIENT_COLUMNS.items():
        if column not in present:
            continue
        value = values[column]
        if client is None:
            plan.client_fields[name] = value
        elif _comparable(value) != _stored(client, name):
            if _blank(column, data):
                _refuse_empty(plan, column)
            else:
                plan.client_fields[name] = value


def _plan_enrolment(
    plan: RowPlan, values: dict, data: dict, present: set[str], client: Client | None
) -> None:
    """The whole enrolment as it would be after the row, if the row changes it."""
    enrolment = Enrolment.objects.filter(client=client).first() if client else None
    stored = {name: getattr(enrolment, name) for name in NEW_ENROLMENT} if enrolment else None
    merged = dict(stored or NEW_ENROLMENT)
    for column, name in ENROLMENT_COLUMNS.items():
        if column not in present:
            continue
        if stored is not None and values[column] != stored[name] and _blank(column, data):
            _refuse_empty(plan, column)
        else:
            merged[name] = values[column]
    plan.errors += [RowError(message, column) for column, message in _enrolment_problems(merged)]
    follow_up = {"employed_after_6_months": merged["employed_after_6_months"]}
    if (
        follow_up["employed_after_6_months"] != (stored or NEW_ENROLMENT)["employed_after_6_months"]
        and services.follow_up_recorded(follow_up)
        and (client is None or not consents.has_consent(client, ConsentPurpose.FOLLOW_UP))
    ):
        plan.errors.append(RowError(consents.follow_up_refused(), "employed_6_months_after"))
    if merged["entered_on"] and merged != stored:
        plan.enrolment = merged


def _enrolment_problems(merged: dict) -> list[tuple[str, str]]:
    entered, left = merged["entered_on"], merged["left_on"]
    problems = []
    if left and not entered:
        problems.append(("left_on", _("An exit date needs an entry date.")))
    if entered and left and left < entered:
        problems.append(("left_on", _("The exit date must not be before the entry date.")))
    if left and not merged["situation_on_leaving"]:
        problems.append(
            ("situation_on_leaving", _("Record the situation on leaving with the exit date."))
        )
    if entered and not merged["status_at_entry"]:
        problems.append(("status_at_entry", _("Record the status at entry with the entry date.")))
    return problems


def _may_update(actor, client: Client) -> bool:
    """Updating a client through a file is editing them: the same check as the edit page,
    caseload included. The command (no actor) is run by operations for the whole area."""
    if actor is None:
        return True
    return access.may(actor, "client.import", client) and access.may(actor, "client.edit", client)


def _save_row(
    *,
    actor,
    area: EmploymentArea,
    client: Client | None,
    code: str,
    data: dict,
    present: set[str],
    plan: RowPlan,
    coach=None,
) -> Client:
    """Save one row as planned; returns the client created or updated."""
    if client is None:
        fields = dict(plan.client_fields)
        if coach is not None:
            fields.setdefault("coach", coach)
        client = services.client_create(
            actor=actor, area=area, personal_identity_code=code, **fields
        )
    elif plan.client_fields:
        services.client_update(actor=actor, client=client, **plan.client_fields)
    if "unemployed_since" in present and data["unemployed_since"] and not client.spells.exists():
        services.spell_add(
            actor=actor,
            client=client,
            status=SpellStatus.UNEMPLOYED,
            start_on=data["unemployed_since"],
            end_on=None,
            today=timezone.localdate(),
        )
    if plan.enrolment is not None:
        services.enrolment_save(actor=actor, client=client, **plan.enrolment)
    return client


@dataclass
class _Run:
    """What every row of one import is checked against."""

    actor: Any
    area: EmploymentArea
    levels: dict
    may_create: bool
    # Where coaches see only their own caseload, a coach's new clients are theirs: otherwise
    # the coach could neither see them nor import the same file again.
    caseload_coach: Any
    seen: set[str] = field(default_factory=set)
    # Only new people: a row about a client of the area is refused as one the actor may not
    # write (`import_one` without a client).
    new_only: bool = False


def _run(actor, area: EmploymentArea, *, new_only: bool = False) -> _Run:
    return _Run(
        actor=actor,
        area=area,
        levels={level.code: level for level in EducationLevel.objects.all()},
        may_create=actor is None or access.may(actor, "client.import", area),
        caseload_coach=actor
        if actor is not None and access.own_caseload_only(actor, area, "client.edit")
        else None,
        new_only=new_only,
    )


@dataclass
class RowResult:
    """One row's outcome: its identity code as written, why it is refused (nothing: saved),
    and the client it created or updated."""

    code: str
    errors: list[RowError] = field(default_factory=list)
    created: bool = False
    client: Client | None = None


def _service_errors(error: ValidationError) -> list[RowError]:
    # A service names the fields it refuses by the record's names: the report shows only the
    # messages, as before.
    if hasattr(error, "error_dict"):
        return [
            RowError(message, "" if name == "__all__" else name, named=False)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [RowError(message) for message in error.messages]


def _import_row(run: _Run, row: dict[str, str]) -> RowResult:
    """One row: its identity code, why it is refused (nothing: saved), and the client it
    created or updated."""
    present = set(row) & set(COLUMNS)
    form = RowForm({name: row.get(name, "") for name in COLUMNS})
    if not form.is_valid():
        return RowResult(row.get("personal_identity_code", ""), _row_errors(form))
    data = form.cleaned_data
    code = data["personal_identity_code"]
    if code in run.seen:
        return RowResult(code, [RowError(_("The same person is on an earlier row."))])
    run.seen.add(code)
    client = Client.objects.filter(area=run.area, identity_hash=lookup_hash(code)).first()
    if client is None:
        allowed = run.may_create
    else:
        allowed = not run.new_only and _may_update(run.actor, client)
    # A row the user may not write is checked as a new person's would be, so that its
    # answer is the same whether or not the person is already a client.
    plan = _plan(data, present, run.levels, client if allowed else None)
    if plan.errors:
        return RowResult(code, plan.errors)
    if not allowed:
        refusal = _("Cannot be imported: the person cannot be created or updated by you.")
        return RowResult(code, [RowError(refusal, "personal_identity_code", named=False)])
    try:
        with transaction.atomic():
            saved = _save_row(
                actor=run.actor,
                area=run.area,
                client=client,
                code=code,
                data=data,
                present=present,
                plan=plan,
                coach=run.caseload_coach,
            )
    except ValidationError as error:
        return RowResult(code, _service_errors(error))
    return RowResult(code, [], created=client is None, client=saved)


def import_one(
    *, actor, area: EmploymentArea, row: dict[str, str], client: Client | None = None
) -> RowResult:
    """One client's row, for a caller that sends one person at a time (the API): the same
    checks, permissions, neutral refusal and audit as a row of a file, each reason with the
    column it is about. The row's keys are `COLUMNS`; only those present change anything.

    Without `client` the row adds a new person: an identity code that is already a client
    of the area gets the refusal a file's row gets when its user may not write the person.
    With `client` the row updates that client, keyed by its own identity code (a code in
    the row is replaced); first and last name may be left out to keep them.
    """
    if client is not None:
        if client.area_id != area.pk:
            raise ValueError("A client is updated in their own area.")
        row = dict(row)
        row["personal_identity_code"] = client.personal_identity_code
        for name in ("first_name", "last_name"):
            # The stored name, compared with itself, changes nothing.
            row.setdefault(name, getattr(client, name))
    return _import_row(_run(actor, area, new_only=client is None), row)


def import_rows(
    *,
    actor,
    area: EmploymentArea,
    rows: list[dict[str, str]],
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate each row; save the valid ones, each in its own transaction; report the rest.

    A user creates clients with `client.import` and updates only those they may edit. The
    `import_clients` command passes no actor: operations may create and update any client of
    the area. A row its user may not write is refused with one neutral message, the same
    whether the identity code is unknown, a client outside the user's caseload or one they
    may not edit: the report never tells who is a client, nor names anyone.

    `progress` is told the number of rows done every PROGRESS_EVERY rows and at the end.
    """
    report = ImportReport()
    run = _run(actor, area)
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        result = _import_row(run, row)
        if result.errors:
            report.errors.append((number, result.code, result.errors))
        elif result.created:
            report.created += 1
        else:
            report.updated += 1
        done = number - 1
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            progress(done)
    return report
