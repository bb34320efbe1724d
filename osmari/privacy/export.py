"""Everything Osmari holds about one person (GDPR art. 15), in their language.

What is exported is read from the register of personal data (`osmari.core.register`): every
model declared to hold personal data whose rows lead to the client through foreign keys is
a section, and every field it declares personal is in each record. A model or a field
declared later is exported without a change here. Besides the records: the audit log's
events about the person (who read their data or received it, in which role, why), the
corrections made at their request, and for each group of fields the purpose, legal basis,
recipients and retention the register declares.

The reads are a fixed number of queries (one per kind of record, whatever their number):
`tests` hold it to a bound.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.accounts import access
from osmari.clients.models import Client, JournalEntry
from osmari.core import audit_actions, register
from osmari.core.models import AuditEvent
from osmari.core.pdf import pdf_render
from osmari.employers.models import Contact, Organisation
from osmari.feedback.models import Audience
from osmari.privacy import layout
from osmari.privacy.record_extras import EXTRAS

# The languages an export is written in; the person's preferred language picks one.
LANGUAGES = {"fi": "fi", "fi_plain": "fi", "sv": "sv", "en": "en"}
FALLBACK_LANGUAGE = "en"

RECTIFY = "client.rectify"
# The audit change that names the journal entry holding who asked for a correction and how.
REQUEST_NOTE = "journal_entry"

# Titles of the sections, where the model's own plural name would not say it to the person.
TITLES = {
    "person": gettext_lazy("Personal data"),
    "languages": gettext_lazy("Languages"),
    "work_ability": gettext_lazy("Work ability"),
    "work_ability_restrictions": gettext_lazy("Work-ability restrictions"),
    "status_periods": gettext_lazy("Status periods"),
    "service_stages": gettext_lazy("Service stages"),
    "register_facts": gettext_lazy("Register extract"),
    "register_differences": gettext_lazy("Differences with the register extract"),
    "consents": gettext_lazy("Consents"),
    "consent_recipients": gettext_lazy("Organisations a consent names"),
    "programme_enrolment": gettext_lazy("Programme enrolment"),
    "decisions": gettext_lazy("Recorded proposals"),
    "journal": gettext_lazy("Service journal"),
    "plans": gettext_lazy("Plans"),
    "plan_steps": gettext_lazy("Plan steps"),
    "coaching_activities": gettext_lazy("Coaching activities"),
    "coaching_attendance": gettext_lazy("Taking part in coaching activities"),
    "appointments": gettext_lazy("Coaching appointments"),
    "placements": gettext_lazy("Work-trial and wage-subsidy periods"),
    "placement_history": gettext_lazy("History of the periods"),
    "reviews": gettext_lazy("Three-way reviews"),
    "local_subsidies": gettext_lazy("Local subsidies"),
    "local_subsidy_payments": gettext_lazy("Payments of local subsidies"),
    "feedback_invitations": gettext_lazy("Feedback invitations"),
    "feedback_responses": gettext_lazy("Feedback responses"),
    "feedback_answers": gettext_lazy("Feedback answers"),
    "feedback_follow_ups": gettext_lazy("Follow-ups of feedback"),
}

# Rows of a kind that also holds other people's: only the person's own are theirs. An
# invitation of the person's period may be the workplace instructor's or the organisation's.
OWN_ROWS: dict[str, Q] = {
    "feedback.Invitation": Q(survey__audience=Audience.PARTICIPANT),
}

# Fields of the client's record that are not model fields, as the audit log names them.
CHANGE_LABELS = {
    "restrictions": gettext_lazy("Work-ability restrictions"),
    "languages": gettext_lazy("Languages"),
    "postal_code": gettext_lazy("Postcode"),
}


# Labels of fields whose model gives none, by "app.Model.field" or by the field's name.
FIELD_LABELS = {
    "clients.Consent.text": gettext_lazy("wording given consent to"),
    "feedback.Answer.number": gettext_lazy("answer on a scale"),
    "feedback.Answer.text": gettext_lazy("answer in words"),
    "feedback.Answer.choices": gettext_lazy("answer chosen"),
    "created_at": gettext_lazy("created"),
    "changed_at": gettext_lazy("changed"),
    "changed_by": gettext_lazy("changed by"),
    "given_by": gettext_lazy("recorded by"),
    "withdrawn_by": gettext_lazy("withdrawal recorded by"),
    "resolved_by": gettext_lazy("resolved by"),
    "assessor": gettext_lazy("assessed by"),
    "decided_by": gettext_lazy("decided by"),
    "author": gettext_lazy("written by"),
    "created_by": gettext_lazy("created by"),
    "recorded_by": gettext_lazy("recorded by"),
    "done_by": gettext_lazy("done by"),
    "done_at": gettext_lazy("done"),
    "from_stage": gettext_lazy("from stage"),
    "to_stage": gettext_lazy("to stage"),
    "from_status": gettext_lazy("from status"),
    "to_status": gettext_lazy("to status"),
    "end_before": gettext_lazy("end before the change"),
    "end_after": gettext_lazy("end after the change"),
    "is_current": gettext_lazy("in the latest extract"),
    "key": gettext_lazy("what differs"),
    "osmari_value": gettext_lazy("value in Osmari"),
    "register_value": gettext_lazy("value in the register"),
    "without_agreement_confirmed": gettext_lazy("placed without a cooperation agreement"),
    "match_score": gettext_lazy("match score"),
    "email": gettext_lazy("e-mail"),
    "token_hash": gettext_lazy("the link's fingerprint"),
    "channel": gettext_lazy("how the link was given"),
    "sent_at": gettext_lazy("sent"),
    "reminded_at": gettext_lazy("reminded"),
    "answered_at": gettext_lazy("answered"),
    "declined_at": gettext_lazy("declined"),
    "position_kind": gettext_lazy("kind of period"),
    "submitted_on": gettext_lazy("month answered"),
    "language": gettext_lazy("language"),
    "share_with_coach": gettext_lazy("shared with the coach"),
}


def field_label(model: type[models.Model], name: str) -> str:
    """The field's label in the active language: its own, the label named above, or for a
    relation the related record's name."""
    field = model._meta.get_field(name)
    label: Any = getattr(field, "verbose_name", name)
    if not isinstance(label, Promise):
        named = FIELD_LABELS.get(f"{model._meta.label}.{name}") or FIELD_LABELS.get(name)
        if named is not None:
            label = named
        elif field.is_relation and field.related_model is not None:
            label = field.related_model._meta.verbose_name
    return str(capfirst(label))


def export_language(client: Client, asked: str = "") -> str:
    """The language the export is written in: the one asked for, or the person's own."""
    return LANGUAGES.get(asked or client.preferred_language, FALLBACK_LANGUAGE)


@dataclass(frozen=True)
class Reach:
    """A declared model whose rows lead to the client, and the lookup that leads there."""

    model: type[models.Model]
    declaration: register.Declaration
    path: str

    @property
    def label(self) -> str:
        return self.model._meta.label


def reaches() -> list[Reach]:
    """Every model the register declares personal whose rows lead to a client through
    foreign keys, each by its shortest way, in reading order."""
    declared = {d.label: d for d in register.declarations() if d.personal}
    client_label = Client._meta.label
    found: dict[str, Reach] = {client_label: Reach(Client, declared[client_label], "")}
    frontier: list[type[models.Model]] = [Client]
    while frontier:
        reached: list[type[models.Model]] = []
        for model in apps.get_models():
            label = model._meta.label
            if label in found or label not in declared:
                continue
            link = _link_to(model, frontier)
            if link is None:
                continue
            onward = found[link.related_model._meta.label].path
            path = f"{link.name}__{onward}" if onward else link.name
            found[label] = Reach(model, declared[label], path)
            reached.append(model)
        frontier = reached
    order = layout.section_order(found)
    return [found[label] for label in order]


def _link_to(model: type[models.Model], targets: list[type[models.Model]]) -> Any:
    for field in model._meta.concrete_fields:
        if (field.many_to_one or field.one_to_one) and field.related_model in targets:
            return field
    return None


def _is_staff(processing: register.Processing) -> bool:
    """Fields naming who on the area's side handled a record: shown as a role, since the
    staff's names are their own data (EU Court, C-579/21)."""
    return register.STAFF in processing.subjects


@dataclass
class _Rows:
    reach: Reach
    rows: list[Any]


class _Who:
    """In which role and for which organisation users acted, and who received data; read in a
    fixed number of queries for every user, contact and organisation named."""

    def __init__(self, area_id: int, user_ids: Iterable[int], refs: Iterable[str]) -> None:
        # The person's area: a user with roles in several areas is named by the role held here.
        self.area_id = area_id
        refs_by_kind: dict[str, set[int]] = defaultdict(set)
        for ref in refs:
            kind, _sep, number = ref.partition(":")
            if number.isdigit():
                refs_by_kind[kind].add(int(number))
        self.grants = access.roles_of_users({*user_ids, *refs_by_kind["user"]})
        contacts = Contact.objects.filter(pk__in=refs_by_kind["contact"]).select_related(
            "organisation"
        )
        self.contacts = {contact.pk: contact for contact in contacts}
        organisation_ids = set(refs_by_kind["organisation"])
        for grants in self.grants.values():
            organisation_ids |= {g.organisation_id for g in grants if g.organisation_id}
        self.organisations = Organisation.objects.in_bulk(organisation_ids)

    def role(self, user_id: int | None) -> tuple[str, str]:
        """The user's role and organisation: the area's name for its staff, the host
        organisation's for its contact."""
        if user_id is None:
            return _("No signed-in user"), _("Osmari")
        grants = self.grants.get(user_id, [])
        here = [g for g in grants if g.area_id == self.area_id] or grants
        if not here:
            return _("A user who no longer holds a role"), ""
        roles = list(dict.fromkeys(str(g.role.label) for g in here))
        places = list(dict.fromkeys(self._organisation(g) for g in here))
        return ", ".join(roles), ", ".join(places)

    def _organisation(self, grant: access.Grant) -> str:
        if grant.organisation_id and grant.organisation_id in self.organisations:
            return self.organisations[grant.organisation_id].name
        return str(grant.area)

    def described(self, user_id: int | None) -> str:
        role, organisation = self.role(user_id)
        return f"{role}, {organisation}" if organisation else role

    def recipient(self, refs: str, client: Client) -> str:
        """Whom data went to, by role and organisation."""
        named = []
        for ref in refs.split():
            kind, _sep, number = ref.partition(":")
            pk = int(number) if number.isdigit() else None
            if kind == "client" and pk == client.pk:
                named.append(_("You"))
            elif kind == "user" and pk is not None:
                named.append(self.described(pk))
            elif kind == "contact" and pk in self.contacts:
                contact = self.contacts[pk]
                named.append(f"{contact.get_role_display()}, {contact.organisation.name}")
            elif kind == "organisation" and pk in self.organisations:
                named.append(self.organisations[pk].name)
            elif kind == "invitation":
                named.append(_("An address given by hand"))
            else:
                named.append(ref)
        return "; ".join(named)


def _queryset(reach: Reach, client: Client, person_models: set[type[models.Model]]) -> QuerySet:
    model = reach.model
    rows = model._default_manager.filter(
        **({reach.path: client} if reach.path else {"pk": client.pk})
    )
    if reach.label in OWN_ROWS:
        rows = rows.filter(OWN_ROWS[reach.label])
    related, many = [], []
    for name, processing in reach.declaration.fields.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            many.append(name)
        elif (
            field.is_relation
            and field.related_model not in person_models
            and not (field.related_model is _user_model() and _is_staff(processing))
        ):
            related.append(name)
    extra = EXTRAS.get(reach.label)
    if extra is not None:
        related += extra.related
    ordering = [*(model._meta.ordering or []), "pk"]
    return rows.select_related(*related).prefetch_related(*many).order_by(*ordering)


def _user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


@dataclass(frozen=True)
class _Context:
    """What every value is shown with: the kinds of the person's own records (a link to one
    is named by its kind and number) and who the staff named are."""

    person_models: set[type[models.Model]]
    who: _Who


def _value(obj: Any, name: str, processing: register.Processing, ctx: _Context):
    """The field's value as stored (JSON) and as the person reads it."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        related = list(getattr(obj, name).all())
        return [o.pk for o in related], ", ".join(str(o) for o in related) or "–"
    if field.is_relation:
        pk = getattr(obj, field.attname)
        if pk is None:
            return None, "–"
        if field.related_model is _user_model() and _is_staff(processing):
            shown = ctx.who.described(pk)
            return shown, shown
        if field.related_model in ctx.person_models:
            return pk, f"{capfirst(field.related_model._meta.verbose_name)} {pk}"
        return pk, str(getattr(obj, name))
    value = getattr(obj, field.attname)
    if value is None or value == "":
        return value, "–"
    if field.choices:
        return value, str(dict(field.flatchoices).get(value, value))
    return _plain(value)


def _plain(value: Any):
    if isinstance(value, bool):
        return value, _("Yes") if value else _("No")
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return local.isoformat(), formats.date_format(local, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return value.isoformat(), formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return str(value), formats.number_format(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value, ", ".join(value)
    if isinstance(value, dict | list):
        return value, _("Stored data: in full in the JSON file.")
    return value, str(value)


# ------------------------------------------------------------------------- the whole export


@dataclass(frozen=True)
class PersonExport:
    """The export, in the person's language: the JSON document and the printed page's
    sections."""

    client: Client
    language: str
    generated_at: datetime
    sections: list[layout.Section]
    events: list[layout.Event]
    rectifications: list[layout.Rectification]
    controller: str
    about: str

    def as_json(self) -> dict[str, Any]:
        return layout.document(
            generated_at=self.generated_at.isoformat(),
            language=self.language,
            person_ref=self.client.person_ref,
            controller=self.controller,
            about=self.about,
            sections=self.sections,
            events=self.events,
            rectifications=self.rectifications,
        )

    def json_text(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2)

    def page_sections(self) -> list[layout.PageSection]:
        return [layout.page_section(section) for section in self.sections]

    def access_rows(self) -> list[layout.AccessRow]:
        return layout.access_rows(self.events)


def person_export(*, client: Client, language: str = "", now: datetime | None = None):
    """Everything held about the client, in their language (or the one asked for)."""
    language = export_language(client, language)
    with translation.override(language):
        return _person_export(client, language, now or timezone.now())


def _person_export(client: Client, language: str, now: datetime) -> PersonExport:
    found = reaches()
    person_models = {reach.model for reach in found}
    fetched = [_Rows(reach, list(_queryset(reach, client, person_models))) for reach in found]
    events = list(
        AuditEvent.objects.filter(person_ref=client.person_ref).order_by("occurred_at", "pk")
    )
    user_ids = {e.actor_id for e in events if e.actor_id}
    for part in fetched:
        for name, processing in part.reach.declaration.fields.items():
            field = part.reach.model._meta.get_field(name)
            if field.is_relation and field.related_model is _user_model() and _is_staff(processing):
                attname = getattr(field, "attname", name)
                user_ids |= {getattr(row, attname) for row in part.rows} - {None}
    who = _Who(client.area_id, user_ids, [ref for e in events for ref in e.recipient.split()])
    ctx = _Context(person_models, who)
    sections = [_section(part, ctx, language) for part in fetched]
    journal = {
        row.pk: row for part in fetched if part.reach.model is JournalEntry for row in part.rows
    }
    return PersonExport(
        client=client,
        language=language,
        generated_at=timezone.localtime(now),
        sections=sections,
        events=[_event(event, who, client) for event in events],
        rectifications=[
            _rectification(event, who, journal) for event in events if event.action == RECTIFY
        ],
        controller=str(client.area),
        about=_(
            "Everything Osmari, the employment area's working tool for work trials and "
            "wage-subsidised work, holds about you: your records, what each is used for, and "
            "who has read your data or received it, in which role and why. The official "
            "records of statutory decisions are in the national client information system."
        ),
    )


def _section(part: _Rows, ctx: _Context, language: str) -> layout.Section:
    reach = part.reach
    meta = reach.model._meta
    key = layout.section_key(reach.label)
    extra = EXTRAS.get(reach.label)
    records = []
    for row in part.rows:
        values, texts = {}, {}
        for name, processing in reach.declaration.fields.items():
            values[name], texts[name] = _value(row, name, processing, ctx)
        details: dict[str, Any] = {}
        if extra is not None:
            details, added = extra.explain(row, language)
            texts.update(added)
        records.append(layout.Record(id=row.pk, values=values, texts=texts, details=details))
    fields = {name: field_label(reach.model, name) for name in reach.declaration.fields}
    about_the_person = frozenset(
        name
        for name in reach.declaration.fields
        if getattr(meta.get_field(name), "related_model", None) is Client
    )
    return layout.Section(
        key=key,
        model=reach.label,
        title=str(TITLES.get(key) or capfirst(meta.verbose_name_plural)),
        fields=fields,
        records=tuple(records),
        processing=_processing(reach.declaration),
        extra_fields={k: str(v) for k, v in extra.labels.items()} if extra else {},
        about_the_person=about_the_person,
    )


def _processing(declaration: register.Declaration) -> tuple[layout.Processing, ...]:
    """The fields grouped by how the register says they are processed."""
    groups: dict[register.Processing, list[str]] = {}
    for name, processing in declaration.fields.items():
        groups.setdefault(processing, []).append(name)
    return tuple(
        layout.Processing(
            fields=tuple(names),
            category=str(processing.category.label),
            purpose=str(processing.purpose.label),
            legal_basis=str(processing.legal_basis.label),
            recipients=tuple(str(r.label) for r in processing.recipients),
            retention=_("%(retention)s: %(period)s, then %(end)s")
            % {
                "retention": processing.retention.label,
                "period": processing.retention.period,
                "end": processing.retention.at_end,
            },
        )
        for processing, names in groups.items()
    )


def _event(event: AuditEvent, who: _Who, client: Client) -> layout.Event:
    role, organisation = who.role(event.actor_id)
    at = timezone.localtime(event.occurred_at)
    return layout.Event(
        at=at.isoformat(),
        day=formats.date_format(at, "SHORT_DATE_FORMAT"),
        time=formats.time_format(at, "TIME_FORMAT"),
        kind=layout.event_kind(event.action, event.recipient),
        action=event.action,
        what=audit_actions.label(event.action),
        purpose=event.reason,
        role=role,
        organisation=organisation,
        recipient=who.recipient(event.recipient, client) if event.recipient else "",
        fields=tuple(sorted(event.changes)) if isinstance(event.changes, dict) else (),
    )


def _changed(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    return None, None


def _field_label(name: str) -> str:
    if name in CHANGE_LABELS:
        return str(CHANGE_LABELS[name])
    try:
        return field_label(Client, name)
    except FieldDoesNotExist:  # a field since removed: its name is all the log has
        return name


def _rectification(
    event: AuditEvent, who: _Who, journal: dict[int, JournalEntry]
) -> layout.Rectification:
    role, organisation = who.role(event.actor_id)
    changes = event.changes if isinstance(event.changes, dict) else {}
    _old, note = _changed(changes.get(REQUEST_NOTE))
    entry = journal.get(int(note)) if note and str(note).isdigit() else None
    at = timezone.localtime(event.occurred_at)
    return layout.Rectification(
        at=at.isoformat(),
        shown_at=formats.date_format(at, "SHORT_DATE_FORMAT"),
        corrections=tuple(
            layout.Correction(name, _field_label(name), *_changed(value))
            for name, value in changes.items()
            if name != REQUEST_NOTE
        ),
        requested=entry.text if entry is not None else "",
        role=role,
        organisation=organisation,
    )


def client_for_export(pk: int) -> Client | None:
    """The client by id, for the command run by the area's staff on the server."""
    return Client.objects.select_related("area").filter(pk=pk).first()


CONTENT_TYPES = {"json": "application/json; charset=utf-8", "pdf": "application/pdf"}


def export_file(export: PersonExport, fmt: str) -> bytes:
    """The export as a JSON or PDF file, in the person's language."""
    if fmt == "json":
        return export.json_text().encode("utf-8")
    with translation.override(export.language):
        return pdf_render(
            "privacy/person_export_pdf.html",
            {
                "client": export.client,
                "export": export,
                "sections": export.page_sections(),
                "access_rows": export.access_rows(),
            },
        )
