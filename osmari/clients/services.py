"""Every write about clients. Each one audits in its own transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.clients import consents
from osmari.clients.choices import ConsentPurpose, FollowUpSource, TriState
from osmari.clients.identity_codes import normalise_identity_code
from osmari.clients.models import (
    SERVICE_PATH,
    Client,
    ClientLanguage,
    ClientRestriction,
    Enrolment,
    JournalCorrection,
    JournalEntry,
    Plan,
    PlanStep,
    SensitiveData,
    StatusSpell,
)
from osmari.clients.spells import Spell, continuous_unemployment_start
from osmari.core import official
from osmari.core.audit import audit_record, changed_fields
from osmari.core.encryption import lookup_hash
from osmari.core.models import EmploymentArea, Occupation, PostalCode, Skill, ValueSource
from osmari.core.params import whole_number
from osmari.core.pipeline import move

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import ManyRelatedManager

CLIENT_FIELDS = [
    "first_name",
    "last_name",
    "gender",
    "email",
    "phone",
    "preferred_language",
    "street_address",
    "postal_code",
    "municipality",
    "education_level",
    "driving_licence",
    "own_car",
    "registered_jobseeker",
    "coach",
]


class ClientExistsError(ValidationError):
    """The identity code is already a client of this area."""

    def __init__(self, existing: Client):
        self.existing = existing
        super().__init__(
            _("This personal identity code is already registered in this area."),
            code="client_exists",
        )


def _municipality_from_postcode(fields: dict[str, Any]) -> None:
    postal: PostalCode | None = fields.get("postal_code")
    if postal is not None and not fields.get("municipality"):
        fields["municipality"] = postal.municipality


def client_create(
    *, actor: User | None, area: EmploymentArea, personal_identity_code: str, **fields: Any
) -> Client:
    """Register a client in an area; one identity code is one client per area."""
    code = normalise_identity_code(personal_identity_code)
    existing = Client.objects.filter(area=area, identity_hash=lookup_hash(code)).first()
    if existing is not None:
        raise ClientExistsError(existing)
    _municipality_from_postcode(fields)
    restrictions = fields.pop("restrictions", None)
    languages = fields.pop("languages", None)
    try:
        with transaction.atomic():
            client = _client_insert(
                actor=actor,
                area=area,
                code=code,
                fields=fields,
                restrictions=restrictions,
                languages=languages,
            )
    except IntegrityError:
        # Two people registered the same code at the same moment: the second one is told,
        # as if it had arrived a moment later.
        raise ClientExistsError(
            Client.objects.get(area=area, identity_hash=lookup_hash(code))
        ) from None
    return client


def _client_insert(
    *,
    actor: User | None,
    area: EmploymentArea,
    code: str,
    fields: dict[str, Any],
    restrictions: Collection[str] | None,
    languages: Iterable[tuple[str, str]] | None,
) -> Client:
    client = Client.objects.create(
        area=area,
        personal_identity_code=code,
        birth_date=_birth_date(code),
        **fields,
    )
    if restrictions is not None:
        _set_restrictions(client, restrictions)
    if languages:
        _set_languages(client, languages)
    audit_record(
        actor=actor, action="client.create", obj=client, area=area, person_ref=client.person_ref
    )
    return client


def _birth_date(code: str) -> date:
    # The century sign: + 1800s; - Y X W V U 1900s; A B C D E F 2000s (signs added in 2023).
    century = 1800 if code[6] == "+" else 1900 if code[6] in "-YXWVU" else 2000
    return date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))


def _set_languages(client: Client, languages: Iterable[tuple[str, str]]) -> None:
    ClientLanguage.objects.filter(client=client).delete()
    ClientLanguage.objects.bulk_create(
        [
            ClientLanguage(client=client, code=code, level=level)
            for code, level in dict(languages).items()
        ]
    )


def _set_restrictions(client: Client, codes: Collection[str]) -> None:
    ClientRestriction.objects.filter(client=client).exclude(code__in=codes).delete()
    existing = set(client.restrictions.values_list("code", flat=True))
    ClientRestriction.objects.bulk_create(
        [ClientRestriction(client=client, code=code) for code in codes if code not in existing]
    )


@transaction.atomic
def client_update(
    *, actor: User | None, client: Client, rectified_at_request: str = "", **fields: Any
) -> Client:
    """Change a client's ordinary data; the changed fields are audited. A change that
    corrects an error at the person's request (`rectified_at_request` says who asked and
    how) is recorded as a correction (GDPR art. 16)."""
    before = {name: getattr(client, name) for name in CLIENT_FIELDS}
    _municipality_from_postcode(fields)
    restrictions = fields.pop("restrictions", None)
    occupations = fields.pop("occupations", None)
    languages = fields.pop("languages", None)
    skills = fields.pop("skills", None)
    for name, value in fields.items():
        setattr(client, name, value)
    client.save()
    changes = changed_fields(client, before, CLIENT_FIELDS)
    if restrictions is not None:
        before_codes = sorted(client.restrictions.values_list("code", flat=True))
        _set_restrictions(client, restrictions)
        if sorted(restrictions) != before_codes:
            changes["restrictions"] = [", ".join(before_codes), ", ".join(sorted(restrictions))]
    if languages is not None:
        before_languages = sorted(f"{x.code} {x.level}" for x in client.languages.all())
        _set_languages(client, languages)
        after_languages = sorted(f"{code} {level}" for code, level in dict(languages).items())
        if before_languages != after_languages:
            changes["languages"] = [", ".join(before_languages), ", ".join(after_languages)]
    if occupations is not None:
        client.occupations.set(occupations)
    if skills is not None:
        client.skills.set(skills)
    action = "client.update"
    if rectified_at_request:
        action = "client.rectify"
        changes["journal_entry"] = [
            None,
            str(_rectification_note(actor, client, changes, rectified_at_request).pk),
        ]
    audit_record(
        actor=actor,
        action=action,
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes=changes,
    )
    return client


def _rectification_note(
    actor: User | None, client: Client, changes: dict[str, Any], requested: str
) -> JournalEntry:
    """Who asked for a correction and how stays with the person's record, in the journal;
    the audit log, which keeps no free text about a person, names the entry."""
    if actor is None:
        raise ValueError("A correction at the person's request is made by a user.")
    names = []
    for name in changes:
        try:
            # Restrictions and languages are the client's rows, named by their relation.
            names.append(str(getattr(Client._meta.get_field(name), "verbose_name", name)))
        except FieldDoesNotExist:
            names.append(name)
    return JournalEntry.objects.create(
        client=client,
        kind=JournalEntry.Kind.NOTE,
        occurred_on=timezone.localdate(),
        text=_("Data corrected at the person's request (%(fields)s). Asked by and how: %(request)s")
        % {"fields": ", ".join(names) or "–", "request": requested},
        author=actor,
    )


@transaction.atomic
def sensitive_update(
    *,
    actor: User,
    client: Client,
    reduced_work_ability: bool | None,
    reduced_work_ability_notes: str,
    integration_plan: bool | None,
) -> SensitiveData:
    """Record special-category facts; the audit keeps which fields changed, not their values."""
    data, _created = SensitiveData.objects.get_or_create(client=client)
    changed = [
        name
        for name, value in [
            ("reduced_work_ability", reduced_work_ability),
            ("reduced_work_ability_notes", reduced_work_ability_notes),
            ("integration_plan", integration_plan),
        ]
        if getattr(data, name) != value
    ]
    data.reduced_work_ability = reduced_work_ability
    data.reduced_work_ability_notes = reduced_work_ability_notes
    data.integration_plan = integration_plan
    data.save()
    audit_record(
        actor=actor,
        action="client.update_sensitive",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"fields": changed},
    )
    return data


# ---------------------------------------------------------------- spells


def refresh_unemployed_since(client: Client, today: date) -> None:
    spells = [Spell(s.status, s.start_on, s.end_on) for s in client.spells.all()]
    client.unemployed_since = continuous_unemployment_start(spells, today)
    client.save(update_fields=["unemployed_since", "updated_at"])


@transaction.atomic
def spell_add(
    *, actor: User, client: Client, status: str, start_on: date, end_on: date | None, today: date
) -> StatusSpell:
    """Add a status period. An ongoing earlier period ends the day before; overlaps are refused."""
    if end_on is not None and end_on < start_on:
        raise ValidationError(_("The end date must not be before the start date."))
    ongoing = client.spells.filter(end_on__isnull=True, start_on__lt=start_on).first()
    if ongoing is not None:
        ongoing.end_on = start_on - timedelta(days=1)
        ongoing.save(update_fields=["end_on"])
    last_day = end_on or date.max
    overlapping = client.spells.filter(start_on__lte=last_day).exclude(end_on__lt=start_on)
    if overlapping.exists():
        raise ValidationError(
            _("The period overlaps another labour-market status period. Change that one first.")
        )
    spell = StatusSpell.objects.create(
        client=client, status=status, start_on=start_on, end_on=end_on
    )
    refresh_unemployed_since(client, today)
    audit_record(
        actor=actor,
        action="client.spell_add",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"spell": [None, f"{status} {start_on}–{end_on or ''}"]},
    )
    return spell


@transaction.atomic
def spell_delete(*, actor: User, spell: StatusSpell, today: date) -> None:
    client = spell.client
    audit_record(
        actor=actor,
        action="client.spell_delete",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"spell": [f"{spell.status} {spell.start_on}–{spell.end_on or ''}", None]},
    )
    spell.delete()
    refresh_unemployed_since(client, today)


@transaction.atomic
def spells_replace_from_extract(
    *,
    actor: User | None,
    client: Client,
    spells: list[tuple[str, date, date | None]],
    today: date,
    typed_too: bool = False,
    kept_after: date | None = None,
) -> list[StatusSpell]:
    """Put the register extract's status periods (status, start, end) in place of the
    client's extract periods, or of all their periods when a person has taken the
    register's over the typed ones (`typed_too`), except typed periods starting after
    `kept_after` (the extract's day: newer than the register knows). An ongoing period ends
    the day before the next one starts, as when a period is added by hand."""
    kept = (
        client.spells.exclude(source=ValueSource.REGISTER_EXTRACT).filter(start_on__gt=kept_after)
        if typed_too and kept_after is not None
        else client.spells.none()
    )
    kept_starts = list(kept.values_list("start_on", flat=True))
    ordered = sorted(spells, key=lambda spell: spell[1])
    rows = []
    for index, (status, start_on, end_on) in enumerate(ordered):
        following = min(
            [s[1] for s in ordered[index + 1 :] if s[1] > start_on]
            + [day for day in kept_starts if day > start_on],
            default=None,
        )
        if end_on is None and following is not None:
            end_on = following - timedelta(days=1)
        rows.append(
            StatusSpell(
                client=client,
                status=status,
                start_on=start_on,
                end_on=end_on,
                source=ValueSource.REGISTER_EXTRACT,
            )
        )
    replaced = (
        client.spells.exclude(pk__in=kept.values("pk"))
        if typed_too
        else client.spells.filter(source=ValueSource.REGISTER_EXTRACT)
    )
    before = sorted(f"{s.status} {s.start_on}–{s.end_on or ''}" for s in replaced)
    replaced.delete()
    created = StatusSpell.objects.bulk_create(rows)
    refresh_unemployed_since(client, today)
    after = sorted(f"{s.status} {s.start_on}–{s.end_on or ''}" for s in rows)
    if before != after:
        audit_record(
            actor=actor,
            action="client.spells_from_extract",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes={"spells": ["; ".join(before) or None, "; ".join(after) or None]},
        )
    return created


# ---------------------------------------------------------------- consents


# ---------------------------------------------------------------- enrolment, journal, plans


ENROLMENT_FIELDS = list(Enrolment.DATA_FIELDS)
FOLLOW_UP_RESULTS = ("employed_after_6_months", "improved_after_6_months")
ENROLMENT_DATES = ("entered_on", "left_on")

# Checks of the ESF+ entry and exit dates against the records of the apps above this one
# (placements registers its periods' check in its ready()): each returns, by field, why it
# refuses the dates about to be saved.
ENROLMENT_DATE_CHECKS: dict[str, Callable[[Client, dict[str, Any]], dict[str, str]]] = {}


def enrolment_date_check_register(
    name: str, check: Callable[[Client, dict[str, Any]], dict[str, str]]
) -> None:
    ENROLMENT_DATE_CHECKS[name] = check


def _refuse_contradicting_dates(client: Client, before: dict, fields: dict[str, Any]) -> None:
    """A changed entry or exit date that another record contradicts is refused with the
    reason; a contradiction already stored is left to the check that lists them, so that
    the rest of the enrolment can still be saved."""
    dates = {name: fields.get(name, before.get(name)) for name in ENROLMENT_DATES}
    changed = {name for name in ENROLMENT_DATES if dates[name] != before.get(name)}
    if not changed:
        return
    refusals: dict[str, str] = {}
    for check in ENROLMENT_DATE_CHECKS.values():
        refusals.update(
            (name, text) for name, text in check(client, dates).items() if name in changed
        )
    if refusals:
        raise ValidationError(refusals)


@transaction.atomic
def enrolment_save(*, actor: User, client: Client, **fields: Any) -> Enrolment:
    """Create or update the programme enrolment; exit and follow-up must follow entry."""
    entered, left = fields.get("entered_on"), fields.get("left_on")
    if entered and left and left < entered:
        raise ValidationError({"left_on": _("The exit date must not be before the entry date.")})
    if fields.get("follow_up_on") and not left:
        raise ValidationError({"follow_up_on": _("The follow-up needs an exit date first.")})
    if left and not fields.get("situation_on_leaving"):
        raise ValidationError(
            {"situation_on_leaving": _("Record the situation on leaving with the exit date.")}
        )
    enrolment = Enrolment.objects.filter(client=client).first()
    before = {name: getattr(enrolment, name) for name in ENROLMENT_FIELDS} if enrolment else {}
    _require_follow_up_consent(client, before, fields)
    _refuse_contradicting_dates(client, before, fields)
    if enrolment is None:
        enrolment = Enrolment(client=client)
    for name, value in fields.items():
        setattr(enrolment, name, value)
    _follow_up_source_typed(enrolment, before)
    enrolment.save()
    changes = changed_fields(enrolment, before, [*ENROLMENT_FIELDS, "follow_up_source"])
    audit_record(
        actor=actor,
        action="enrolment.save",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes=changes,
    )
    return enrolment


def _follow_up_source_typed(enrolment: Enrolment, before: dict) -> None:
    """A follow-up result typed or corrected on the enrolment is the coach's, as a call's
    is; cleared, it has no source."""
    unset = {"follow_up_on": None, **dict.fromkeys(FOLLOW_UP_RESULTS, TriState.UNKNOWN)}
    current = {name: getattr(enrolment, name) for name in unset}
    if current == {name: before.get(name, value) for name, value in unset.items()}:
        return
    enrolment.follow_up_source = FollowUpSource.CALL if follow_up_recorded(current) else ""


def follow_up_recorded(values: dict[str, Any]) -> bool:
    """Whether these enrolment values hold a six-month follow-up's result."""
    return bool(values.get("follow_up_on")) or any(
        values.get(name, TriState.UNKNOWN) != TriState.UNKNOWN for name in FOLLOW_UP_RESULTS
    )


def _require_follow_up_consent(client: Client, before: dict, fields: dict[str, Any]) -> None:
    """The result of the six-month follow-up comes from contacting the person: a new or
    changed one is recorded only while they consent to that contact."""
    unset = {"follow_up_on": None, **dict.fromkeys(FOLLOW_UP_RESULTS, TriState.UNKNOWN)}
    changed = {
        name: fields[name]
        for name in unset
        if name in fields and fields[name] != before.get(name, unset[name])
    }
    if follow_up_recorded(changed) and not consents.has_consent(client, ConsentPurpose.FOLLOW_UP):
        raise ValidationError({"follow_up_on": consents.follow_up_refused()})


def client_served(client: Client, on: date, *, today: date | None = None) -> None:
    """The person was served on `on`: the worklist reads how long ago the last service was.
    The date only moves forward; given `today`, never beyond it, for a service recorded
    ahead of its day."""
    if client.last_service_on is None or on > client.last_service_on:
        client.last_service_on = on if today is None else min(on, today)
        client.save(update_fields=["last_service_on", "updated_at"])


@transaction.atomic
def journal_add(
    *, actor: User, client: Client, kind: str, occurred_on: date, text: str
) -> JournalEntry:
    entry = JournalEntry.objects.create(
        client=client, kind=kind, occurred_on=occurred_on, text=text, author=actor
    )
    client_served(client, occurred_on)
    audit_record(
        actor=actor,
        action="journal.add",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"kind": [None, kind]},
    )
    return entry


@transaction.atomic
def journal_correct(
    *, actor: User, entry: JournalEntry, text: str, reason: str, corrections_seen: int
) -> JournalEntry:
    """Correct a journal entry's text. The text before stays in the entry's history with
    who corrected it, when and why; a correction made meanwhile by someone else is never
    overwritten unseen (`corrections_seen`: how many corrections the corrector saw)."""
    text, reason = text.strip(), reason.strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the corrected text.")
    if not reason:
        errors["reason"] = _("Say why the entry is corrected.")
    if errors:
        raise ValidationError(errors)
    # Locked, so that two corrections at once keep both earlier texts.
    entry = JournalEntry.objects.select_for_update().select_related("client__area").get(pk=entry.pk)
    if entry.corrections.count() != corrections_seen:
        raise ValidationError(
            _("Someone corrected this entry meanwhile. Read the entry as it is now and try again.")
        )
    if text == entry.text:
        raise ValidationError({"text": _("The text is the same as before: nothing to correct.")})
    correction = JournalCorrection.objects.create(
        entry=entry, previous_text=entry.text, reason=reason, corrected_by=actor
    )
    entry.text = text
    entry.corrected_at = correction.corrected_at
    entry.save(update_fields=["text", "corrected_at"])
    client = entry.client
    # The texts stay in the person's record; the audit log names the entry and its correction.
    audit_record(
        actor=actor,
        action="journal.correct",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"journal_entry": [None, str(entry.pk)], "correction": [None, str(correction.pk)]},
    )
    return entry


PLAN_STEP_FIELDS = ["text", "owner", "due_on", "done_on"]


@transaction.atomic
def plan_step_edit(
    *, actor: User, step: PlanStep, text: str, owner: str, due_on: date, done_on: date | None
) -> PlanStep:
    """Change a plan step: its text, who does it, when it is due and when it was done."""
    text, owner = text.strip(), owner.strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the step.")
    if not owner:
        errors["owner"] = _("Say who takes the step.")
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(step, name) for name in PLAN_STEP_FIELDS}
    step.text, step.owner, step.due_on, step.done_on = text, owner, due_on, done_on
    step.save(update_fields=PLAN_STEP_FIELDS)
    changes = changed_fields(step, before, PLAN_STEP_FIELDS)
    if changes:
        client = step.plan.client
        audit_record(
            actor=actor,
            action="plan.step_edit",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes={"plan": [step.plan.kind, step.plan.kind], **changes},
        )
    return step


@transaction.atomic
def plan_summary_set(*, actor: User, client: Client, kind: str, summary: str) -> Plan:
    """Write or change a plan's summary: its goals in the coach's and the person's words."""
    plan, _created = Plan.objects.get_or_create(client=client, kind=kind)
    before = plan.summary
    plan.summary = summary.strip()
    plan.save(update_fields=["summary"])
    if plan.summary != before:
        audit_record(
            actor=actor,
            action="plan.summary",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            # What the plan says stays in the person's record, not in the audit log.
            changes={"plan": [kind, kind], "fields": ["summary"]},
        )
    return plan


@transaction.atomic
def plan_step_add(
    *, actor: User, client: Client, kind: str, text: str, owner: str, due_on: date
) -> PlanStep:
    plan, _created = Plan.objects.get_or_create(client=client, kind=kind)
    step = PlanStep.objects.create(plan=plan, text=text, owner=owner, due_on=due_on)
    audit_record(
        actor=actor,
        action="plan.step_add",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"plan": [None, kind], "step": [None, text]},
    )
    return step


@transaction.atomic
def plan_reference_set(
    *, actor: User, client: Client, official_reference: str, official_on: date | None
) -> Plan:
    """Link the client's employment plan to the statutory plan in the national system, or
    correct the link; Osmari's own steps stay working notes toward it."""
    # Checked before a plan is made for it, so that a refused link leaves nothing behind.
    official.reference_checked(official_reference, official_on)
    plan, _created = Plan.objects.get_or_create(client=client, kind=Plan.Kind.EMPLOYMENT)
    official.link_recorded(
        actor=actor,
        record=plan,
        official_reference=official_reference,
        official_on=official_on,
        action="plan.reference",
        client=client,
    )
    return plan


@transaction.atomic
def plan_step_done(*, actor: User, step: PlanStep, done_on: date) -> PlanStep:
    client = step.plan.client
    step.done_on = done_on
    step.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="plan.step_done",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"step": [step.text, f"done {done_on}"]},
    )
    return step


@transaction.atomic
def client_stage_change(*, actor: User, client: Client, to_stage: str, reason: str = "") -> Client:
    """Move a client along the service path; only the moves of SERVICE_PATH are allowed."""
    previous = move(
        client, SERVICE_PATH, to_stage, actor=actor, reason=reason, also_save=["updated_at"]
    )
    audit_record(
        actor=actor,
        action="client.stage_change",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        reason=reason,
        changes={"stage": [previous, to_stage]},
    )
    return client


def _interests(client: Client, kind: str) -> ManyRelatedManager[Any, Any]:
    return client.occupations if kind == "occupation" else client.skills


@transaction.atomic
def client_interest_add(
    *, actor: User, client: Client, kind: str, item: Occupation | Skill
) -> None:
    """Add an occupation of interest or a skill."""
    _interests(client, kind).add(item)
    audit_record(
        actor=actor,
        action="client.update",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={kind: [None, str(item)]},
    )


@transaction.atomic
def client_interest_remove(*, actor: User, client: Client, kind: str, item_id: str | None) -> None:
    relation = _interests(client, kind)
    item = relation.filter(pk=whole_number(item_id)).first()
    if item is None:
        return
    relation.remove(item)
    audit_record(
        actor=actor,
        action="client.update",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={kind: [str(item), None]},
    )
