"""Every write about host organisations. Each one audits in its own transaction."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.fi import ytunnus

from osmari.accounts.invitations import invitation_send
from osmari.accounts.models import User
from osmari.accounts.services import user_create
from osmari.clients import consents
from osmari.clients.choices import ConsentPurpose
from osmari.clients.consents import ConsentMissingError, consent_give
from osmari.clients.models import Client, Consent
from osmari.core.audit import audit_record, changed_fields
from osmari.core.i18n import current_language
from osmari.core.models import EmploymentArea, Occupation, Skill
from osmari.core.pipeline import move
from osmari.core.uploads import NOT_A_SCAN, SCAN_KINDS, detect_kind, stored_name
from osmari.employers.models import (
    ENGAGEMENT,
    Activity,
    ConsentRecipient,
    Contact,
    LetterOfIntent,
    Organisation,
    OrganisationMembership,
    PipelineStage,
    Position,
    PositionAdjustment,
    PositionDemand,
    PositionKind,
    StaffReduction,
)
from osmari.screening.engine import ruleset_for, schedule_reasons
from osmari.screening.explanations import explain

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "size",
    "industry",
    "municipality",
    "street_address",
    "postal_code",
    "latitude",
    "longitude",
    "owner",
]


class OrganisationExistsError(ValidationError):
    def __init__(self, existing: Organisation):
        self.existing = existing
        super().__init__(
            _("An organisation with this business ID is already registered in this area."),
            code="organisation_exists",
        )


def normalise_business_id(value: str) -> str:
    """Validate a Finnish business ID (Y-tunnus) with its check digit; returns NNNNNNN-C."""
    code = (value or "").strip()
    if len(code) == 8 and "-" in code:
        code = "0" + code  # old six-digit IDs were written without the leading zero
    try:
        return ytunnus.format(ytunnus.validate(code))
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The check digit of the business ID does not match."), code="ytunnus_checksum"
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Enter a business ID in the form 1234567-8."), code="ytunnus_format"
        ) from None


@transaction.atomic
def organisation_create(
    *, actor: User, area: EmploymentArea, business_id: str, **fields: Any
) -> Organisation:
    """Register a host organisation; one business ID is one organisation per area."""
    code = normalise_business_id(business_id)
    existing = Organisation.objects.filter(area=area, business_id=code).first()
    if existing is not None:
        raise OrganisationExistsError(existing)
    organisation = Organisation.objects.create(area=area, business_id=code, **fields)
    audit_record(actor=actor, action="organisation.create", obj=organisation, area=area)
    return organisation


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **fields: Any) -> Organisation:
    before = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.save()
    audit_record(
        actor=actor,
        action="organisation.update",
        obj=organisation,
        area=organisation.area,
        changes=changed_fields(organisation, before, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def organisation_stage_change(
    *,
    actor: User,
    organisation: Organisation,
    to_stage: str,
    reason: str = "",
) -> Organisation:
    """Move an organisation along the pipeline; interest needs a recorded letter of intent."""
    ENGAGEMENT.check(organisation.stage, to_stage)
    if to_stage == PipelineStage.INTERESTED and not organisation.letters_of_intent.exists():
        raise ValidationError(
            _(
                "An organisation becomes interested only with a signed letter of intent: "
                "record the letter first."
            ),
            code="letter_of_intent_missing",
        )
    previous = move(
        organisation,
        ENGAGEMENT,
        to_stage,
        actor=actor,
        reason=reason,
        check=False,  # checked above, before the letter of intent
    )
    audit_record(
        actor=actor,
        action="organisation.stage_change",
        obj=organisation,
        area=organisation.area,
        reason=reason,
        changes={"stage": [previous, to_stage]},
    )
    return organisation


@transaction.atomic
def letter_of_intent_record(
    *,
    actor: User,
    organisation: Organisation,
    signed_on: date,
    signatory: str,
    document: UploadedFile | None = None,
    today: date | None = None,
) -> LetterOfIntent:
    """Record a signed letter of intent. Its document is kept only if its content is a PDF,
    JPEG or PNG, under a name of our making; the organisation's letter date becomes the
    latest letter's."""
    if signed_on > (today or timezone.localdate()):
        raise ValidationError({"signed_on": _("A letter cannot be signed in the future.")})
    if not signatory.strip():
        raise ValidationError({"signatory": _("Give the name of the person who signed.")})
    kind = detect_kind(document, SCAN_KINDS) if document is not None else None
    if document is not None and kind is None:
        raise ValidationError({"document": NOT_A_SCAN})
    letter = LetterOfIntent(
        organisation=organisation,
        signed_on=signed_on,
        signatory=signatory.strip(),
        recorded_by=actor,
    )
    if document is not None and kind is not None:
        letter.document.save(stored_name(kind), document, save=False)
    letter.save()
    latest = organisation.letters_of_intent.order_by("-signed_on").first()
    organisation.letter_of_intent_on = latest.signed_on if latest else None
    organisation.save(update_fields=["letter_of_intent_on"])
    audit_record(
        actor=actor,
        action="organisation.letter_of_intent_add",
        obj=organisation,
        area=organisation.area,
        changes={"signed_on": [None, signed_on.isoformat()]},
    )
    return letter


@transaction.atomic
def activity_add(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    occurred_on: date,
    notes: str = "",
    next_contact_on: date | None = None,
) -> Activity:
    """Log a contact; its next-contact date becomes the organisation's."""
    if next_contact_on is not None and next_contact_on < occurred_on:
        raise ValidationError({"next_contact_on": _("The next contact cannot be before this one.")})
    activity = Activity.objects.create(
        organisation=organisation,
        kind=kind,
        occurred_on=occurred_on,
        notes=notes,
        owner=actor,
        next_contact_on=next_contact_on,
    )
    organisation.next_contact_on = next_contact_on
    organisation.save(update_fields=["next_contact_on"])
    audit_record(
        actor=actor,
        action="organisation.activity_add",
        obj=organisation,
        area=organisation.area,
        changes={"kind": [None, kind]},
    )
    return activity


@transaction.atomic
def staff_reduction_add(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    first_on: date,
    last_on: date | None = None,
    position: Position | None = None,
    occupation: Occupation | None = None,
    tasks: str = "",
    note: str = "",
) -> StaffReduction:
    """Record a layoff or dismissal at the organisation, in the tasks it concerns: the
    work-trial figures compare the organisation's trials in those tasks with it."""
    errors: dict[str, str] = {}
    if last_on is not None and last_on < first_on:
        errors["last_on"] = _("The last day must not be before the first day.")
    if position is not None and position.organisation_id != organisation.pk:
        errors["position"] = _("Pick one of this organisation's places.")
    if position is None and occupation is None:
        errors["position"] = _(
            "Name the place or the occupation concerned, so that the trials in the same "
            "tasks can be compared with it."
        )
    if errors:
        raise ValidationError(errors)
    reduction = StaffReduction.objects.create(
        organisation=organisation,
        kind=kind,
        first_on=first_on,
        last_on=last_on,
        position=position,
        occupation=occupation,
        tasks=tasks,
        note=note,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="organisation.reduction_add",
        obj=organisation,
        area=organisation.area,
        changes={
            "kind": [None, kind],
            "first_on": [None, first_on.isoformat()],
            "last_on": [None, last_on.isoformat() if last_on else None],
        },
    )
    return reduction


@transaction.atomic
def organisation_membership_grant(
    *, actor: User | None, user: User, organisation: Organisation
) -> OrganisationMembership:
    """Let a user act for the organisation as its contact; audited like an area role."""
    membership, _created = OrganisationMembership.objects.get_or_create(
        user=user, organisation=organisation
    )
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        area=organisation.area,
        changes={"role": [None, str(membership.role)], "user": [None, user.email]},
    )
    return membership


@transaction.atomic
def organisation_colleague_invite(
    *, actor: User, organisation: Organisation, email: str, full_name: str, language: str
) -> User:
    """An organisation's contact brings in a colleague (typically a workplace instructor): the
    colleague acts for this organisation only and takes the account into use through an
    invitation. Someone who already has an account simply gets the role."""
    email = User.objects.normalize_email(email.strip()).lower()
    colleague = User.objects.filter(email__iexact=email).first()
    if colleague is None:
        colleague = user_create(
            actor=actor, email=email, full_name=full_name, password=None, language=language
        )
    elif not colleague.is_active:
        raise ValidationError(
            _("This person's account has been closed. Ask the employment area to reopen it."),
            code="inactive",
        )
    organisation_membership_grant(actor=actor, user=colleague, organisation=organisation)
    if not colleague.has_usable_password() and not colleague.external_identities.exists():
        invitation_send(actor=actor, user=colleague, area=organisation.area)
    return colleague


@transaction.atomic
def sharing_consent_give(*, actor: User, client: Client, organisation: Organisation) -> Consent:
    """A consent to share the client's profile with this one organisation only."""
    consent = consent_give(actor=actor, client=client, purpose=ConsentPurpose.SHARE_PROFILE)
    ConsentRecipient.objects.create(consent=consent, organisation=organisation)
    audit_record(
        actor=actor,
        action="consent.recipient",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"organisation": [None, organisation.name]},
    )
    return consent


def sharing_consents(organisation: Organisation) -> QuerySet[Consent]:
    """The valid consents that let a profile reach this organisation: to it, or to any."""
    return consents.valid_consents(ConsentPurpose.SHARE_PROFILE).filter(
        Q(recipient__isnull=True) | Q(recipient__organisation=organisation)
    )


def sharing_consent(client: Client, organisation: Organisation) -> Consent | None:
    """The valid consent that lets this client's profile reach this organisation, if any."""
    return sharing_consents(organisation).filter(client=client).first()


def require_sharing_consent(client: Client, organisation: Organisation) -> Consent:
    """Sharing a profile with an organisation is impossible without a valid consent."""
    consent = sharing_consent(client, organisation)
    if consent is None:
        raise ConsentMissingError(
            _("The client has not consented to sharing their profile with this organisation."),
            code="consent_missing",
        )
    return consent


@transaction.atomic
def contact_add(*, actor: User, organisation: Organisation, **fields: Any) -> Contact:
    contact = Contact.objects.create(organisation=organisation, **fields)
    audit_record(
        actor=actor,
        action="organisation.contact_add",
        obj=organisation,
        area=organisation.area,
        changes={"contact": [None, str(contact)]},
    )
    return contact


@transaction.atomic
def contact_remove(*, actor: User, contact: Contact) -> None:
    organisation = contact.organisation
    audit_record(
        actor=actor,
        action="organisation.contact_remove",
        obj=organisation,
        area=organisation.area,
        changes={"contact": [str(contact), None]},
    )
    contact.delete()


POSITION_FIELDS = [
    "kind",
    "title",
    "occupation",
    "tasks",
    "learning_environment",
    "guidance",
    "helpful_competences",
    "required_competences",
    "language",
    "days_per_week",
    "hours_per_day",
    "capacity",
    "instructor",
    "street_address",
    "municipality",
    "public_transport",
    "open_from",
    "open_to",
]


def _check_position(organisation: Organisation, fields: dict, today: date) -> None:
    """The law's limits for a work-trial place, and an instructor of the same organisation."""
    errors: dict[str, list[str]] = {}
    offers_work_trial = fields.get("kind") in (PositionKind.WORK_TRIAL, PositionKind.BOTH)
    if offers_work_trial and (fields.get("required_competences") or "").strip():
        errors["required_competences"] = [
            _(
                "A work-trial organiser may not set competence requirements. Write them under "
                "“competences that help”."
            )
        ]
    if offers_work_trial:
        rules = ruleset_for(today)
        lang = current_language()
        for reason, field in zip(
            schedule_reasons(fields["days_per_week"], float(fields["hours_per_day"]), rules),
            ("days_per_week", "hours_per_day"),
            strict=True,
        ):
            if reason.met is False:
                errors[field] = [f"{explain(reason, lang)} ({reason.legal_basis})"]
    instructor = fields.get("instructor")
    if instructor is not None and instructor.organisation_id != organisation.pk:
        errors["instructor"] = [_("The instructor must work for this organisation.")]
    if errors:
        raise ValidationError(errors)


# A place's coded lists: its demands and its adjustments, kept alike.
Code = TypeVar("Code", PositionDemand, PositionAdjustment)


def _set_codes(position: Position, model: type[Code], codes: Collection[str]) -> list[str]:
    existing = set(model.objects.filter(position=position).values_list("code", flat=True))
    model.objects.filter(position=position).exclude(code__in=codes).delete()
    model.objects.bulk_create(
        [model(position=position, code=c) for c in codes if c not in existing]
    )
    return sorted(existing)


@transaction.atomic
def position_save(
    *,
    actor: User,
    organisation: Organisation,
    today: date,
    position: Position | None = None,
    demands: Collection[str] = (),
    adjustments: Collection[str] = (),
    skills: Collection[Skill] | None = None,
    **fields: Any,
) -> Position:
    """Create or change a place; a work trial keeps to the law's limits (nothing saved if not)."""
    _check_position(organisation, fields, today)
    creating = position is None
    before = {} if creating else {name: getattr(position, name) for name in POSITION_FIELDS}
    if position is None:
        position = Position(organisation=organisation)
    for name, value in fields.items():
        setattr(position, name, value)
    position.save()
    changes = changed_fields(position, before, POSITION_FIELDS)
    # A code sent twice (a crafted form or an API call) is still one demand.
    demands, adjustments = sorted(set(demands)), sorted(set(adjustments))
    old_demands = _set_codes(position, PositionDemand, demands)
    old_adjustments = _set_codes(position, PositionAdjustment, adjustments)
    if old_demands != demands:
        changes["demands"] = [", ".join(old_demands), ", ".join(demands)]
    if old_adjustments != adjustments:
        changes["adjustments"] = [", ".join(old_adjustments), ", ".join(adjustments)]
    if skills is not None:
        old_skills = sorted(s.esco_uri for s in position.skills.all())
        position.skills.set(skills)
        if old_skills != sorted(s.esco_uri for s in skills):
            changes["skills"] = [len(old_skills), len(skills)]
    audit_record(
        actor=actor,
        action="position.create" if creating else "position.update",
        obj=position,
        area=organisation.area,
        changes=changes,
    )
    return position


@transaction.atomic
def position_pause(*, actor: User, position: Position, paused: bool) -> Position:
    position.is_paused = paused
    position.save(update_fields=["is_paused"])
    audit_record(
        actor=actor,
        action="position.pause" if paused else "position.resume",
        obj=position,
        area=position.organisation.area,
    )
    return position
