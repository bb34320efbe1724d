"""Every write of register extracts: the mapping, the import, and the decisions on
differences. Each one audits in its own transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.clients import importing as client_importing
from osmari.clients import services as client_services
from osmari.clients.identity_codes import normalise_identity_code
from osmari.clients.models import Client, StatusSpell
from osmari.core.audit import audit_record
from osmari.core.encryption import lookup_hash
from osmari.core.models import EmploymentArea, ValueSource
from osmari.core.official import reference_clean
from osmari.extracts import mapping, reconcile, selectors
from osmari.extracts.follow_ups import follow_ups_from_extract
from osmari.extracts.models import Extract, ExtractMapping, FactKind, RegisterFact, Resolution
from osmari.placements.models import Placement
from osmari.placements.services import placement_reference_set

MAX_ROWS = 50_000
REFERENCE_MAX = 40  # as `core.official.REFERENCE_MAX`: the fields' length
MAPPING_FIELDS = [
    *(f"column_{name}" for name in mapping.FIELDS),
    *(f"kind_{kind}" for kind in mapping.KINDS),
    "status_codes",
    "service_codes",
]


def mapping_of(area: EmploymentArea) -> ExtractMapping:
    """The area's mapping, or the defaults (unsaved) where it has none."""
    return ExtractMapping.objects.filter(area=area).first() or ExtractMapping(area=area)


@transaction.atomic
def mapping_save(*, actor: User, area: EmploymentArea, **fields: Any) -> ExtractMapping:
    """Change how the area's extracts are read; the changed settings are audited."""
    record = mapping_of(area)
    before = {name: getattr(record, name) for name in MAPPING_FIELDS}
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    changes = {name: "changed" for name in MAPPING_FIELDS if before[name] != getattr(record, name)}
    audit_record(actor=actor, action="extract.mapping", obj=record, area=area, changes=changes)
    return record


# ---------------------------------------------------------------- import


@dataclass
class ImportReport:
    extract: Extract | None = None
    already_imported: bool = False
    rows: int = 0
    saved: int = 0
    clients: int = 0
    spells_replaced: int = 0
    to_reconcile: int = 0
    # Six-month follow-ups whose result this extract gave.
    follow_ups: int = 0
    errors: list[tuple[int, str, list[str]]] = field(default_factory=list)
    # The clients whose rows were refused: the report names them by identity code.
    named: list[Client] = field(default_factory=list)


def _date(row: dict, column: str, problems: list[str]) -> date | None:
    try:
        day = mapping.parse_date(row.get(column, ""))
        if day is not None and not 1900 <= day.year <= 2099:
            raise ValueError(day)
        return day
    except ValueError:
        problems.append(
            _("“%(value)s” in column %(column)s is not a date: write it as 2025-03-01 or 1.3.2025.")
            % {"value": row.get(column, "")[:40], "column": column}
        )
        return None


def _fact(row: dict, reading: mapping.Mapping) -> tuple[dict, list[str]]:
    """One row's fact as it is stored (without its client), or what is wrong with it."""
    columns = reading.columns
    problems: list[str] = []
    kind_cell = row.get(columns["kind"], "")
    kind = reading.kind_of(kind_cell)
    code = mapping.normalise(row.get(columns["code"], ""))
    start_on = _date(row, columns["start"], problems)
    end_on = _date(row, columns["end"], problems)
    decided_on = _date(row, columns["decided"], problems)
    reference = row.get(columns["reference"], "").strip()
    value = ""
    if kind is None:
        problems.append(
            _("Unknown kind “%(value)s”: column %(column)s must say one of %(kinds)s.")
            % {
                "value": kind_cell[:40],
                "column": columns["kind"],
                "kinds": ", ".join(reading.kinds.values()),
            }
        )
    elif kind == mapping.PLAN:
        if not reference:
            problems.append(
                _("An employment plan needs its reference in column %(column)s.")
                % {"column": columns["reference"]}
            )
        if decided_on is None and start_on is None and not problems:
            problems.append(_("An employment plan needs its date."))
    else:
        table = reading.status_codes if kind == mapping.STATUS else reading.service_codes
        if not code:
            problems.append(_("The code is missing."))
        elif code not in table:
            message = (
                _("Unknown status code “%(code)s”: add it to the extract mapping.")
                if kind == mapping.STATUS
                else _("Unknown service code “%(code)s”: add it to the extract mapping.")
            )
            problems.append(message % {"code": code[:40]})
        else:
            value = table[code]
        if start_on is None and not any(columns["start"] in p for p in problems):
            problems.append(_("The start date is missing."))
    if start_on and end_on and end_on < start_on:
        problems.append(_("The end date must not be before the start date."))
    try:
        reference = reference_clean(reference)
    except ValidationError as error:
        problems += error.messages
    fact = {
        "kind": kind or "",
        "code": code[:60],
        "value": value,
        "start_on": start_on,
        "end_on": end_on,
        "official_reference": reference[:REFERENCE_MAX],
        "official_on": decided_on or (start_on if kind == mapping.PLAN else None),
    }
    return fact, problems


def read_extract_rows(upload: UploadedFile, area: EmploymentArea) -> list[dict[str, str]]:
    """The file's rows by column name; ImportFileError when it cannot be read at all."""
    reading = mapping_of(area).as_mapping()
    return client_importing.read_rows(
        upload, required=reading.required_columns(), max_rows=MAX_ROWS
    )


def file_digest(upload: UploadedFile) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _identity_codes(
    rows: list[dict[str, str]], column: str
) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Each row's identity code, normalised ("" when it is not one), and what is wrong with
    those that are not; rows are numbered as in the file, the header being row 1."""
    codes: dict[int, str] = {}
    code_errors: dict[int, list[str]] = {}
    for number, row in enumerate(rows, start=2):
        try:
            codes[number] = normalise_identity_code(row.get(column, ""))
        except ValidationError as error:
            codes[number], code_errors[number] = "", error.messages
    return codes, code_errors


def _sort_rows(
    rows: list[dict[str, str]], area: EmploymentArea, report: ImportReport
) -> tuple[list[tuple[Client, dict]], dict[int, tuple[Client, list[int]]]]:
    """The facts to save, each with its client (a repeated row once), and for each matched
    client how many of its rows are saved and refused; the refused rows go to the report."""
    reading = mapping_of(area).as_mapping()
    identity_column = reading.columns["identity"]
    codes, code_errors = _identity_codes(rows, identity_column)
    clients = {
        c.personal_identity_code: c
        for c in Client.objects.filter(
            area=area, identity_hash__in={lookup_hash(code) for code in codes.values() if code}
        )
    }
    planned: list[tuple[Client, dict]] = []
    seen: set[tuple] = set()
    matched: dict[int, tuple[Client, list[int]]] = {}
    for number, row in enumerate(rows, start=2):
        problems: list[str] = list(code_errors.get(number, []))
        client = clients.get(codes[number]) if codes[number] else None
        if codes[number] and client is None:
            # The same answer whether or not the person is a client of another area.
            problems.append(_("No client of this area has this identity code."))
        fact, fact_problems = _fact(row, reading)
        problems += fact_problems
        if client is not None:
            counts = matched.setdefault(client.pk, (client, [0, 0]))[1]
            counts[1 if problems else 0] += 1
        if problems:
            cell = row.get(identity_column, "")[:20]
            report.errors.append((number, codes[number] or cell, problems))
            if client is not None and client not in report.named:
                report.named.append(client)
            continue
        assert client is not None  # a row without problems names a client of the area
        # A row repeated in the report is one fact: twice the same period is not two.
        identity = (client.pk, *sorted(fact.items()))
        if identity not in seen:
            seen.add(identity)
            planned.append((client, fact))
    return planned, matched


def extract_import(
    *,
    actor: User | None,
    area: EmploymentArea,
    upload: UploadedFile,
    extracted_on: date,
    today: date,
) -> ImportReport:
    """Import an area's register extract. The same file again changes nothing; a later
    extract supersedes earlier ones for the clients it covers. A client whose status
    periods all come from extracts gets the latest extract's; typed periods are never
    overwritten, their differences are left to reconciliation.

    Raises `clients.importing.ImportFileError` when the file cannot be read at all."""
    sha256 = file_digest(upload)
    earlier = Extract.objects.filter(area=area, sha256=sha256).first()
    if earlier is not None:
        return ImportReport(extract=earlier, already_imported=True)
    rows = read_extract_rows(upload, area)
    report = ImportReport(rows=len(rows))
    planned, matched = _sort_rows(rows, area, report)
    saved = len(rows) - len(report.errors)
    try:
        with transaction.atomic():
            # One import of an area at a time: the second waits, then finds the first's
            # extract (the same file) or supersedes after it (another file).
            EmploymentArea.objects.select_for_update().filter(pk=area.pk).first()
            earlier = Extract.objects.filter(area=area, sha256=sha256).first()
            if earlier is not None:
                return ImportReport(extract=earlier, already_imported=True)
            extract = _import_saved(
                actor, area, upload, extracted_on, sha256, rows, saved, report, planned, today
            )
            # Every client the file had rows about learns it through the audit log.
            for client, (kept, refused) in matched.values():
                audit_record(
                    actor=actor,
                    action="extract.fact",
                    obj=extract,
                    area=area,
                    person_ref=client.person_ref,
                    changes={"saved": [None, kept], "refused": [None, refused]},
                )
    except IntegrityError:
        # The same file saved by another import at the same moment, where the database
        # does not lock the area's row.
        earlier = Extract.objects.filter(area=area, sha256=sha256).first()
        if earlier is None:
            raise
        return ImportReport(extract=earlier, already_imported=True)
    report.extract = extract
    report.saved = saved
    report.clients = extract.clients_covered
    return report


def _import_saved(
    actor: User | None,
    area: EmploymentArea,
    upload: UploadedFile,
    extracted_on: date,
    sha256: str,
    rows: list[dict[str, str]],
    saved: int,
    report: ImportReport,
    planned: list[tuple[Client, dict]],
    today: date,
) -> Extract:
    extract = Extract.objects.create(
        area=area,
        extracted_on=extracted_on,
        file_name=(getattr(upload, "name", "") or "")[:200],
        sha256=sha256,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        rows_total=len(rows),
        rows_saved=saved,
        rows_refused=len(report.errors),
        clients_covered=len({c.pk for c, _fact in planned}),
    )
    current = _supersede(extract, {c.pk for c, _fact in planned})
    RegisterFact.objects.bulk_create(
        [
            RegisterFact(extract=extract, client=c, is_current=c.pk in current, **fact)
            for c, fact in planned
        ],
        batch_size=2000,
    )
    report.spells_replaced, report.to_reconcile = _spells_from_extract(
        actor, extract, current, today
    )
    report.follow_ups = follow_ups_from_extract(actor=actor, extract=extract, client_ids=current)
    audit_record(
        actor=actor,
        action="extract.import",
        obj=extract,
        area=area,
        changes={
            "extracted_on": [None, extracted_on.isoformat()],
            "rows": [None, len(rows)],
            "saved": [None, saved],
            "refused": [None, len(report.errors)],
        },
    )
    return extract


def _supersede(extract: Extract, client_ids: set[int]) -> set[int]:
    """The clients for whom this extract is the latest; their earlier facts stop counting.
    An extract taken earlier than one already imported supersedes nobody."""
    newest = dict(
        RegisterFact.objects.filter(client_id__in=client_ids, is_current=True)
        .values("client_id")
        .annotate(latest=Max("extract__extracted_on"))
        .values_list("client_id", "latest")
    )
    current = {
        pk for pk in client_ids if newest.get(pk) is None or newest[pk] <= extract.extracted_on
    }
    RegisterFact.objects.filter(client_id__in=current, is_current=True).update(is_current=False)
    return current


def _spells_from_extract(
    actor: User | None, extract: Extract, current: set[int], today: date
) -> tuple[int, int]:
    """Give each client whose periods all come from extracts the extract's periods; count
    those replaced and those left for reconciliation."""
    by_client: dict[int, list[tuple[str, date, date | None]]] = {}
    for client_id, status, start_on, end_on in RegisterFact.objects.filter(
        extract=extract, client_id__in=current, kind=FactKind.STATUS
    ).values_list("client_id", "value", "start_on", "end_on"):
        assert start_on is not None  # a status row without its start is refused on import
        by_client.setdefault(client_id, []).append((status, start_on, end_on))
    typed = set(
        StatusSpell.objects.filter(client_id__in=by_client)
        .exclude(source=ValueSource.REGISTER_EXTRACT)
        .values_list("client_id", flat=True)
    )
    replaced = 0
    for client in Client.objects.filter(pk__in=set(by_client) - typed).select_related("area"):
        client_services.spells_replace_from_extract(
            actor=actor, client=client, spells=by_client[client.pk], today=today
        )
        replaced += 1
    return replaced, len(set(by_client) & typed)


# ---------------------------------------------------------------- decisions on differences


def _resolution(
    *,
    actor: User,
    client: Client,
    extract: Extract,
    difference: reconcile.Difference,
    action: str,
    note: str,
) -> Resolution:
    osmari_value, register_value = difference.fingerprint
    return Resolution.objects.create(
        client=client,
        extract=extract,
        key=difference.key,
        osmari_value=osmari_value[:200],
        register_value=register_value[:200],
        action=action,
        note=note,
        resolved_by=actor,
    )


def _replacement(
    client: Client, extract: Extract, difference: reconcile.Difference
) -> reconcile.Replacement | None:
    if not difference.is_spell:
        return None
    return reconcile.spells_replacement(
        [selectors.osmari_spell(spell) for spell in client.spells.all()],
        selectors.register_spells(client),
        as_of=extract.extracted_on,
    )


def _stale() -> str:
    return _(
        "The register's record has changed since the page was opened: check the difference again."
    )


def _register_value_take(
    actor: User,
    client: Client,
    extract: Extract,
    difference: reconcile.Difference,
    replacement: reconcile.Replacement | None,
    today: date,
) -> None:
    """Write the register's side of the difference where it belongs."""
    register = difference.register
    if replacement is not None:
        client_services.spells_replace_from_extract(
            actor=actor,
            client=client,
            spells=[(spell.status, spell.start, spell.end) for spell in replacement.new],
            today=today,
            typed_too=True,
            kept_after=extract.extracted_on,
        )
    elif difference.topic == reconcile.PLAN and register is not None:
        client_services.plan_reference_set(
            actor=actor,
            client=client,
            official_reference=register.reference,
            official_on=register.on,
        )
    elif register is not None:
        assert difference.placement_id is not None  # what is left is about a period
        placement = Placement.objects.get(pk=difference.placement_id, client=client)
        placement_reference_set(
            actor=actor,
            placement=placement,
            official_reference=register.reference,
            official_on=register.on,
        )


@transaction.atomic
def difference_accept(
    *,
    actor: User,
    client: Client,
    extract: Extract,
    difference: reconcile.Difference,
    today: date,
    seen: str,
) -> Resolution:
    """Take the register's value: the status periods all at once (typed ones included,
    except those newer than the extract), or the plan's or period's reference. A period's
    dates are changed on the period itself. `seen` is what the person was shown
    (`reconcile.seen_token`): when either side has changed since, nothing is saved."""
    if not difference.can_accept:
        raise ValidationError(
            _("This difference cannot be taken over from the register: open the period.")
        )
    if not selectors.may_accept(actor, client, difference):
        raise PermissionDenied
    replacement = _replacement(client, extract, difference)
    if seen != reconcile.seen_token(difference, replacement):
        raise ValidationError(_stale())
    _register_value_take(actor, client, extract, difference, replacement, today)
    resolution = _resolution(
        actor=actor,
        client=client,
        extract=extract,
        difference=difference,
        action=Resolution.Action.ACCEPTED,
        note="",
    )
    audit_record(
        actor=actor,
        action="extract.accept",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"difference": [None, difference.key], "topic": [None, difference.topic]},
    )
    return resolution


@transaction.atomic
def difference_note(
    *,
    actor: User,
    client: Client,
    extract: Extract,
    difference: reconcile.Difference,
    note: str,
    seen: str,
) -> Resolution:
    """Record why the register's value is not taken; the difference stays resolved until a
    newer extract brings another value. `seen` as for `difference_accept`."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write why the register's value is not taken.")})
    if seen != reconcile.seen_token(difference, _replacement(client, extract, difference)):
        raise ValidationError(_stale())
    resolution = _resolution(
        actor=actor,
        client=client,
        extract=extract,
        difference=difference,
        action=Resolution.Action.NOTED,
        note=note,
    )
    audit_record(
        actor=actor,
        action="extract.note",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"difference": [None, difference.key], "note": [None, note]},
    )
    return resolution
