"""Documents generated from the register of personal data: the record of processing
activities (GDPR art. 30), the basis of the privacy notice (art. 13-14), the impact assessment
worksheet (art. 35) and the information management description (Act 906/2019).

They read only the declarations in `register`, so a new field appears in all of them the
moment it is declared, and an undeclared one fails the tests before it reaches a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from osmari.core import register
from osmari.core.register import InventoryEntry, Term, Text


@dataclass
class PurposeSection:
    """One purpose of processing, as the record of processing activities describes it."""

    purpose: Term
    legal_bases: list[Term] = field(default_factory=list)
    subjects: list[Term] = field(default_factory=list)
    categories: list[Term] = field(default_factory=list)
    recipients: list[Term] = field(default_factory=list)
    retentions: list[register.Retention] = field(default_factory=list)
    entries: list[InventoryEntry] = field(default_factory=list)


def _add(items: list, item) -> None:
    if item not in items:
        items.append(item)


def record_of_processing() -> list[PurposeSection]:
    """The inventory grouped by purpose: each purpose with its bases, data subjects,
    categories of data, recipients and retention, and the fields behind them."""
    sections: dict[str, PurposeSection] = {}
    for entry in register.inventory():
        section = sections.setdefault(entry.purpose.code, PurposeSection(entry.purpose))
        _add(section.legal_bases, entry.legal_basis)
        for subject in entry.subjects:
            _add(section.subjects, subject)
        _add(section.categories, entry.category)
        for recipient in entry.recipients:
            _add(section.recipients, recipient)
        _add(section.retentions, entry.retention)
        section.entries.append(entry)
    return list(sections.values())


@dataclass
class RecordTypeRow:
    """One kind of record in the information management description."""

    record: register.RecordType
    models: list[str]
    personal_fields: int


def record_types() -> list[RecordTypeRow]:
    rows: dict[str, RecordTypeRow] = {}
    for declaration in register.declarations():
        key = str(declaration.record.name)
        row = rows.setdefault(key, RecordTypeRow(declaration.record, [], 0))
        row.models.append(declaration.label)
        row.personal_fields += len(declaration.fields) if declaration.personal else 0
    return sorted(rows.values(), key=lambda r: -r.personal_fields)


def privacy_notice_basis(subject: Term = register.CLIENTS) -> list[PurposeSection]:
    """What the privacy notice must tell these people: the same sections, limited to the
    records that concern them."""
    return [
        PurposeSection(
            purpose=section.purpose,
            legal_bases=section.legal_bases,
            subjects=[subject],
            categories=_categories_for(section, subject),
            recipients=section.recipients,
            retentions=section.retentions,
            entries=[e for e in section.entries if subject in e.subjects],
        )
        for section in record_of_processing()
        if any(subject in e.subjects for e in section.entries)
    ]


def _categories_for(section: PurposeSection, subject: Term) -> list[Term]:
    found: list[Term] = []
    for entry in section.entries:
        if subject in entry.subjects:
            _add(found, entry.category)
    return found


# Where each value about a client comes from (art. 14(2)(f)); the pages show the same.
SOURCES: list[Text] = [
    _(
        "the register extract of the national client information system (status periods, plans, "
        "decisions and services received)"
    ),
    _("the area's staff, from meetings with the client and the host organisation"),
    _("the client themself: feedback, consents and their ESF+ entry and exit data"),
]

PROFILING_NOTE: Text = _(
    "Osmari's identification model computes, from the status periods and the needs "
    "assessment, whether a work trial or wage subsidy is possible under the law and how much "
    "a person may benefit, and suggests places that match. It is decision support: a coach "
    "reads the reasons, decides, and records the proposal with their own grounds; nobody is "
    "refused a service by the model (GDPR art. 22). The rules are versioned and every result "
    "shows which rules it was made on."
)


@dataclass(frozen=True)
class Risk:
    """One line of the impact assessment worksheet."""

    risk: Text
    likelihood: Text
    severity: Text
    measures: list[Text]
    in_place: bool
    residual: Text


LOW, MEDIUM, HIGH = _("low"), _("medium"), _("high")

DPIA_RISKS: list[Risk] = [
    Risk(
        _("A member of staff reads clients they do not serve."),
        MEDIUM,
        HIGH,
        [
            _(
                "Every read is scoped by role, area and, where the area so decides, the coach's "
                "own caseload, in one module that tests walk for every role."
            ),
            _(
                "Every read of a person is logged with who, when and what; the log is "
                "append-only and the administrators review it."
            ),
        ],
        True,
        LOW,
    ),
    Risk(
        _("Health data is seen by someone who does not need it."),
        MEDIUM,
        HIGH,
        [
            _(
                "Work ability and its notes are kept apart and shown only to coaches (only to "
                "the client's own coach where the area keeps coaches to their own caseload), "
                "never in lists, exports or to host organisations."
            ),
            _("Pages with personal data are never cached by the browser or a proxy."),
        ],
        True,
        LOW,
    ),
    Risk(
        _("The identification model excludes people automatically or unfairly (profiling)."),
        MEDIUM,
        HIGH,
        [PROFILING_NOTE],
        True,
        MEDIUM,
    ),
    Risk(
        _("Decisions rest on wrong status periods typed by hand."),
        HIGH,
        MEDIUM,
        [
            _(
                "Register extracts are imported and reconciled; a result that rests on typed "
                "periods says it is an estimate."
            ),
            _("Statutory acts stay in the national system; Osmari keeps their reference."),
        ],
        True,
        LOW,
    ),
    Risk(
        _("A host organisation learns more about a person than it needs."),
        MEDIUM,
        MEDIUM,
        [
            _(
                "A profile is shared only with the person's consent to that organisation, "
                "which they can withdraw; the shared profile has no identity code or health."
            ),
            _("Every disclosure (files, documents, e-mails) is logged with its recipient."),
        ],
        True,
        LOW,
    ),
    Risk(
        _("A person is recognised in published or reported numbers."),
        MEDIUM,
        MEDIUM,
        [_("Groups smaller than the area's minimum size are hidden in every report.")],
        True,
        LOW,
    ),
    Risk(
        _("Personal data is kept longer than needed."),
        HIGH,
        MEDIUM,
        [
            _("Every field has a retention class declared in the code."),
            _("Deletion and anonymisation at the end of retention."),
        ],
        False,
        MEDIUM,
    ),
    Risk(
        _("An account is taken over, or a copy of the database leaks."),
        MEDIUM,
        HIGH,
        [
            _("Two-factor authentication and single sign-on for staff."),
            _("Identity codes and health notes encrypted at rest."),
        ],
        False,
        HIGH,
    ),
]


# GDPR art. 30(1)(g): a general description of the technical and organisational measures,
# each said as it is today.
SECURITY_MEASURES: list[tuple[Text, bool]] = [
    (
        _(
            "Access by role and area, and by the coach's own caseload where the area so decides, "
            "decided in one place and tested for every role and page."
        ),
        True,
    ),
    (
        _(
            "An append-only log of every read, change and disclosure of personal data; the "
            "application's database role cannot change or delete it."
        ),
        True,
    ),
    (_("Special-category data kept apart and shown only to the roles that need it."), True),
    (_("Pages with personal data are never cached; uploads are checked by their content."), True),
    (_("Small groups hidden in every report; the funder receives aggregated indicators."), True),
    (
        _(
            "Two-factor authentication, single sign-on, encryption of identity codes and health "
            "notes at rest, and deletion at the end of retention."
        ),
        False,
    ),
]
TRANSFERS: Text = _("No personal data is transferred outside the EU or the EEA.")


def to_confirm() -> list[Term]:
    """Terms whose legal detail the area's data protection officer must confirm."""
    found: list[Term] = []
    for entry in register.inventory():
        for term in (entry.legal_basis, entry.retention, entry.record.publicity):
            if term.confirm:
                _add(found, term)
    return found
