"""How everything held about a person is laid out: the sections in a fixed order under
stable keys, the JSON document, the access log grouped for reading, and each section's
table shaped to fit a page.

Pure: plain data in, plain data out. `osmari.privacy.export` reads the records and puts
every label and value in the person's language before they arrive here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"

# Named in the file, so that a reader (or a program) knows which layout it holds.
SCHEMA = "osmari.person-export/1"

# The sections of a person's record by model, in the order a person reads them: who they
# are, their service's history, what they agreed to, what was assessed and proposed, the
# periods, the feedback. The keys are the JSON's and never change; a model declared in the
# register later gets a key made from its label and comes after these.
SECTION_KEYS: dict[str, str] = {
    "clients.Client": "person",
    "clients.ClientLanguage": "languages",
    "clients.SensitiveData": "work_ability",
    "clients.ClientRestriction": "work_ability_restrictions",
    "clients.StatusSpell": "status_periods",
    "clients.StageTransition": "service_stages",
    "extracts.RegisterFact": "register_facts",
    "extracts.Resolution": "register_differences",
    "clients.Consent": "consents",
    "employers.ConsentRecipient": "consent_recipients",
    "clients.Enrolment": "programme_enrolment",
    "screening.NeedsAssessment": "assessments",
    "screening.Decision": "decisions",
    "clients.JournalEntry": "journal",
    "clients.Plan": "plans",
    "clients.PlanStep": "plan_steps",
    "clients.CoachingActivity": "coaching_activities",
    "clients.ActivityParticipant": "coaching_attendance",
    "clients.Appointment": "appointments",
    "placements.Placement": "placements",
    "placements.PlacementTransition": "placement_history",
    "placements.Review": "reviews",
    "reciprocity.SubsidyCommitment": "local_subsidies",
    "reciprocity.SubsidyPayment": "local_subsidy_payments",
    "feedback.Invitation": "feedback_invitations",
    "feedback.Response": "feedback_responses",
    "feedback.Answer": "feedback_answers",
    "feedback.FollowUpTask": "feedback_follow_ups",
}

# A section with at most this many fields is one table with a column per field; a wider
# one is a small table per record, so that nothing is cut off the page's edge.
COLUMNS_AT_MOST = 4


def section_key(model_label: str) -> str:
    """The section's key: named above, or made from the model's label."""
    return SECTION_KEYS.get(model_label) or model_label.lower().replace(".", "_")


def section_order(model_labels: Iterable[str]) -> list[str]:
    """The model labels in reading order: the named sections first, the others as given."""
    named = list(SECTION_KEYS)
    given = list(dict.fromkeys(model_labels))
    return sorted(
        given,
        key=lambda label: (
            named.index(label) if label in named else len(named),
            given.index(label),
        ),
    )


@dataclass(frozen=True)
class Record:
    """One row of a section: its values as stored (dates in ISO form) and as a person reads
    them, and what else explains it (a consent's wording, a proposal's reasons)."""

    id: int
    values: dict[str, JsonValue]
    texts: dict[str, str]
    details: dict[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Processing:
    """How a group of a section's fields is processed, as the register declares it."""

    fields: tuple[str, ...]
    category: str
    purpose: str
    legal_basis: str
    recipients: tuple[str, ...]
    retention: str

    def as_json(self) -> dict[str, JsonValue]:
        return {
            "fields": list(self.fields),
            "category": self.category,
            "purpose": self.purpose,
            "legal_basis": self.legal_basis,
            "recipients": list(self.recipients),
            "retention": self.retention,
        }


@dataclass(frozen=True)
class Section:
    """The records of one kind. `fields` are the declared ones, `extra_fields` what the
    export adds to explain them; both by name with their label."""

    key: str
    model: str
    title: str
    fields: dict[str, str]
    records: tuple[Record, ...]
    processing: tuple[Processing, ...] = ()
    extra_fields: dict[str, str] = field(default_factory=dict)
    # Fields that point back at the person: in the file, but not repeated on every row of
    # the printed page.
    about_the_person: frozenset[str] = frozenset()

    def as_json(self) -> dict[str, JsonValue]:
        return {
            "title": self.title,
            "model": self.model,
            "fields": dict(self.fields),
            "extra_fields": dict(self.extra_fields),
            "processing": [p.as_json() for p in self.processing],
            "records": [
                {
                    "id": record.id,
                    "values": dict(record.values),
                    "texts": {
                        name: record.texts[name]
                        for name in [*self.fields, *self.extra_fields]
                        if name in record.texts
                    },
                    "details": dict(record.details),
                }
                for record in self.records
            ],
        }


READ = "read"
DISCLOSURE = "disclosure"
CHANGE = "change"


def event_kind(action: str, recipient: str) -> str:
    """What an audit event was for the person: data that left the service (it names a
    recipient), a read of their record, or a change to it."""
    if recipient:
        return DISCLOSURE
    if action.startswith("client.view"):
        return READ
    return CHANGE


@dataclass(frozen=True)
class Event:
    """One audit event about the person: when, what and why, by which role of which
    organisation (not by whom: the staff's names are theirs), and to whom data went."""

    at: str
    day: str
    time: str
    kind: str
    action: str
    what: str
    purpose: str
    role: str
    organisation: str
    recipient: str = ""
    fields: tuple[str, ...] = ()

    def as_json(self) -> dict[str, JsonValue]:
        return {
            "at": self.at,
            "kind": self.kind,
            "action": self.action,
            "what": self.what,
            "purpose": self.purpose,
            "role": self.role,
            "organisation": self.organisation,
            "recipient": self.recipient,
            "fields": list(self.fields),
        }


@dataclass(frozen=True)
class AccessRow:
    """Events alike on one day, as one row of the printed access log."""

    day: str
    kind: str
    what: str
    purpose: str
    role: str
    organisation: str
    recipient: str
    count: int


def access_rows(events: Sequence[Event]) -> list[AccessRow]:
    """The events with those alike on the same day (kind, action, purpose, role,
    organisation and recipient) merged into one row with their count: a list page shows a
    person many times a day, and each time is in the JSON file."""
    rows: list[AccessRow] = []
    index: dict[tuple[str, ...], int] = {}
    for event in events:
        key = (
            event.day,
            event.kind,
            event.what,
            event.purpose,
            event.role,
            event.organisation,
            event.recipient,
        )
        if key in index:
            row = rows[index[key]]
            rows[index[key]] = AccessRow(*key, count=row.count + 1)
        else:
            index[key] = len(rows)
            rows.append(AccessRow(*key, count=1))
    return rows


@dataclass(frozen=True)
class Correction:
    """One field corrected; the old and new values only where the audit log keeps them
    (it keeps no name, contact detail or free text)."""

    name: str
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Rectification:
    """A correction made at the person's request: when, what, who asked and how, and by
    which role."""

    at: str
    shown_at: str
    corrections: tuple[Correction, ...]
    requested: str
    role: str
    organisation: str

    def as_json(self) -> dict[str, JsonValue]:
        return {
            "at": self.at,
            "fields": [
                {"name": c.name, "label": c.label, "old": c.old, "new": c.new}
                for c in self.corrections
            ],
            "requested": self.requested,
            "role": self.role,
            "organisation": self.organisation,
        }


def document(
    *,
    generated_at: str,
    language: str,
    person_ref: str,
    controller: str,
    about: str,
    sections: Sequence[Section],
    events: Sequence[Event],
    rectifications: Sequence[Rectification],
) -> dict[str, JsonValue]:
    """The JSON file: its keys are English and stable; labels and texts in the person's
    language."""
    return {
        "schema": SCHEMA,
        "generated_at": generated_at,
        "language": language,
        "person_ref": person_ref,
        "controller": controller,
        "about": about,
        "sections": {section.key: section.as_json() for section in sections},
        "access_log": [event.as_json() for event in events],
        "rectifications": [r.as_json() for r in rectifications],
    }


@dataclass(frozen=True)
class Card:
    """One record as a small table of label and text."""

    caption: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PageSection:
    """A section as printed: one table with a column per field (`header` and `grid`), or a
    card per record."""

    key: str
    title: str
    processing: tuple[Processing, ...]
    header: tuple[str, ...] = ()
    grid: tuple[tuple[str, ...], ...] = ()
    cards: tuple[Card, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.grid and not self.cards


def page_processing(processing: Sequence[Processing]) -> tuple[Processing, ...]:
    """The ways a section is processed as a page says them: groups alike but for their
    category are said once, with their fields and categories together."""
    merged: dict[tuple[str, ...], Processing] = {}
    for group in processing:
        key = (group.purpose, group.legal_basis, group.retention, *group.recipients)
        seen = merged.get(key)
        if seen is None:
            merged[key] = group
            continue
        categories = seen.category.split(", ")
        if group.category not in categories:
            categories.append(group.category)
        merged[key] = Processing(
            fields=(*seen.fields, *group.fields),
            category=", ".join(categories),
            purpose=seen.purpose,
            legal_basis=seen.legal_basis,
            recipients=seen.recipients,
            retention=seen.retention,
        )
    return tuple(merged.values())


def page_section(section: Section) -> PageSection:
    """The section shaped for a page: the fields that point back at the person left out,
    and how the records are processed said only where there are records."""
    names = [
        name
        for name in [*section.fields, *section.extra_fields]
        if name not in section.about_the_person
    ]
    labels = {**section.fields, **section.extra_fields}
    processing = page_processing(section.processing) if section.records else ()
    if len(names) <= COLUMNS_AT_MOST:
        return PageSection(
            key=section.key,
            title=section.title,
            processing=processing,
            header=tuple(labels[name] for name in names),
            grid=tuple(
                tuple(record.texts.get(name, "") for name in names) for record in section.records
            ),
        )
    return PageSection(
        key=section.key,
        title=section.title,
        processing=processing,
        header=tuple(labels[name] for name in names),
        cards=tuple(
            Card(
                caption=f"{section.title} {number}/{len(section.records)}",
                rows=tuple((labels[name], record.texts.get(name, "")) for name in names),
            )
            for number, record in enumerate(section.records, start=1)
        ),
    )
