"""Import clients from CSV or XLSX: every row validated, valid rows saved, the rest reported.

Rows are keyed by the identity code, so the same file imported twice updates in place and
creates nothing twice. A row with any error saves nothing of that row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from osmari.clients import services
from osmari.clients.models import (
    Client,
    EntryStatus,
    Gender,
    Language,
    SituationOnLeaving,
    SpellStatus,
    TriState,
)
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


class ImportFileError(ValueError):
    pass


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


def read_rows(upload) -> list[dict[str, str]]:
    """Read an uploaded CSV (UTF-8, comma or semicolon) or XLSX into dicts by column name."""
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        try:
            sheet = load_workbook(upload, read_only=True, data_only=True).active
        except Exception:  # openpyxl raises many kinds for a broken file
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from None
        table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(_("Save the CSV file as UTF-8.")) from None
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;") if text.strip() else csv.excel
        table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    table = [row for row in table if any(row)]
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [h.strip().lower() for h in table[0]]
    missing = REQUIRED - set(header)
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
    return [
        dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in table[1:]
    ]


DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


def _choice_field(choices, required=False):
    return forms.ChoiceField(choices=[("", ""), *choices], required=required)


class RowForm(forms.Form):
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
        return services.normalise_identity_code(self.cleaned_data["personal_identity_code"])

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
        elif not self.errors:
            self.add_error("municipality_code", _("Give the municipality code or a postcode."))
        cleaned["postal"], cleaned["municipality"] = postal, municipality
        entered, left = cleaned.get("enrolled_on"), cleaned.get("left_on")
        if left and not entered:
            self.add_error("left_on", _("An exit date needs an entry date."))
        if entered and left and left < entered:
            self.add_error("left_on", _("The exit date must not be before the entry date."))
        if left and not cleaned.get("situation_on_leaving"):
            self.add_error(
                "situation_on_leaving", _("Record the situation on leaving with the exit date.")
            )
        if entered and not cleaned.get("status_at_entry"):
            self.add_error("status_at_entry", _("Record the status at entry with the entry date."))
        return cleaned


def _row_errors(form: RowForm) -> list[str]:
    return [
        f"{name}: {message}" if name != "__all__" else message
        for name, messages in form.errors.items()
        for message in messages
    ]


def _save_row(*, actor, area: EmploymentArea, data: dict, levels: dict) -> bool:
    """Save one valid row; returns True when the client was created, False when updated."""
    fields = {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "gender": data["gender"] or Gender.NOT_STATED,
        "email": data["email"],
        "phone": data["phone"],
        "preferred_language": data["language"] or Language.FINNISH,
        "postal_code": data["postal"],
        "municipality": data["municipality"],
        "education_level": levels.get(data["education_level"]),
    }
    code = data["personal_identity_code"]
    client = Client.objects.filter(area=area, personal_identity_code=code).first()
    created = client is None
    if created:
        client = services.client_create(
            actor=actor, area=area, personal_identity_code=code, **fields
        )
    else:
        services.client_update(actor=actor, client=client, **fields)
    if data["unemployed_since"] and not client.spells.exists():
        services.spell_add(
            actor=actor,
            client=client,
            status=SpellStatus.UNEMPLOYED,
            start_on=data["unemployed_since"],
            end_on=None,
            today=timezone.localdate(),
        )
    if data["enrolled_on"]:
        services.enrolment_save(
            actor=actor,
            client=client,
            entered_on=data["enrolled_on"],
            status_at_entry=data["status_at_entry"],
            left_on=data["left_on"],
            situation_on_leaving=data["situation_on_leaving"],
            qualification_gained=data["qualification_gained"] or TriState.UNKNOWN,
            employed_after_6_months=data["employed_6_months_after"] or TriState.UNKNOWN,
        )
    return created


def import_rows(*, actor, area: EmploymentArea, rows: list[dict[str, str]]) -> ImportReport:
    """Validate each row; save the valid ones, each in its own transaction; report the rest."""
    report = ImportReport()
    levels = {level.code: level for level in EducationLevel.objects.all()}
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        form = RowForm({name: row.get(name, "") for name in COLUMNS})
        if not form.is_valid():
            report.errors.append((number, row.get("personal_identity_code", ""), _row_errors(form)))
            continue
        code = form.cleaned_data["personal_identity_code"]
        if code in seen:
            report.errors.append((number, code, [_("The same person is on an earlier row.")]))
            continue
        seen.add(code)
        try:
            with transaction.atomic():
                created = _save_row(actor=actor, area=area, data=form.cleaned_data, levels=levels)
        except ValidationError as error:
            report.errors.append((number, code, error.messages))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report


def template(fmt: str) -> tuple[bytes, str]:
    """A template with the column names and one example row."""
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "clients"
        sheet.append(COLUMNS)
        sheet.append(EXAMPLE)
        buffer = io.BytesIO()
        book.save(buffer)
        return (
            buffer.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE)
    return buffer.getvalue().encode("utf-8"), "text/csv; charset=utf-8"
