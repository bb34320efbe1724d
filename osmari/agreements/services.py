"""Every write about cooperation agreements. Each one audits in its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.agreements.models import (
    AGREEMENT_LIFE,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    CooperationAgreement,
    Meeting,
    Reminder,
    SectionText,
    Signature,
)
from osmari.agreements.template_selectors import template_for_new_agreement
from osmari.core.audit import audit_record, disclosure_recorded, recipient_ref
from osmari.core.pipeline import move
from osmari.core.uploads import NOT_A_SCAN, SCAN_KINDS, detect_kind, stored_name
from osmari.employers.models import Organisation, Position
from osmari.screening.engine import add_months


def _section_keys(template: AgreementTemplate) -> list[str]:
    return list(template.sections.values_list("key", flat=True))


def _write_texts(version: AgreementVersion, keys: list[str], texts: dict[str, str]) -> None:
    SectionText.objects.bulk_create(
        [SectionText(version=version, section_key=key, text=texts.get(key, "")) for key in keys]
    )


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    organisation: Organisation,
    valid_from: date,
    texts: dict[str, str],
    valid_until: date | None = None,
    review_every_months: int = 12,
    template: AgreementTemplate | None = None,
) -> CooperationAgreement:
    """Start a draft agreement from the current template; its text is version 1."""
    template = template or template_for_new_agreement(organisation)
    if template is None:
        raise ValidationError(_("No agreement template has been published."))
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(
            {"valid_until": _("The end of validity must not be before its start.")}
        )
    agreement = CooperationAgreement.objects.create(
        organisation=organisation,
        template=template,
        valid_from=valid_from,
        valid_until=valid_until,
        review_every_months=review_every_months,
        created_by=actor,
    )
    version = AgreementVersion.objects.create(agreement=agreement, number=1, created_by=actor)
    _write_texts(version, _section_keys(template), texts)
    audit_record(actor=actor, action="agreement.create", obj=agreement, area=organisation.area)
    return agreement


def latest_version(agreement: CooperationAgreement) -> AgreementVersion:
    version = agreement.versions.order_by("-number").first()
    assert version is not None  # an agreement is created with its first version
    return version


@transaction.atomic
def agreement_amend(
    *, actor: User, agreement: CooperationAgreement, texts: dict[str, str], summary: str
) -> AgreementVersion:
    """An amendment is a new version that records which sections changed."""
    if agreement.status in (AgreementStatus.ENDED, AgreementStatus.TERMINATED):
        raise ValidationError(_("An ended agreement cannot be amended."))
    previous = latest_version(agreement)
    before = dict(previous.texts.values_list("section_key", "text"))
    keys = _section_keys(agreement.template)
    changed = [key for key in keys if texts.get(key, before.get(key, "")) != before.get(key, "")]
    if not changed:
        raise ValidationError(_("Nothing changed: no new version was made."))
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=previous.number + 1,
        change_summary=summary,
        changed_sections=", ".join(changed),
        created_by=actor,
    )
    _write_texts(version, keys, {**before, **texts})
    if agreement.status != AgreementStatus.DRAFT:
        # A changed text needs new signatures: the agreement goes back to draft.
        _move(actor, agreement, AgreementStatus.DRAFT, _("amended"), check=False)
    audit_record(
        actor=actor,
        action="agreement.amend",
        obj=agreement,
        area=agreement.organisation.area,
        reason=summary,
        changes={"version": [str(previous.number), str(version.number)], "sections": changed},
    )
    return version


@transaction.atomic
def signature_record(
    *,
    actor: User,
    agreement: CooperationAgreement,
    party: str,
    signer_name: str,
    signed_on: date,
    scan: UploadedFile | None = None,
) -> Signature:
    """Record one party's signature on the latest version. A scan is kept only if its content
    is a PDF, JPEG or PNG, under a name of our making; the scan it replaces is deleted once
    the new one is committed."""
    if agreement.status != AgreementStatus.SENT:
        raise ValidationError(_("Only an agreement sent for signing can be signed."))
    kind = detect_kind(scan, SCAN_KINDS) if scan is not None else None
    if scan is not None and kind is None:
        raise ValidationError({"scan": NOT_A_SCAN})
    version = latest_version(agreement)
    signature, _created = Signature.objects.update_or_create(
        version=version,
        party=party,
        defaults={"signer_name": signer_name, "signed_on": signed_on, "recorded_by": actor},
    )
    if scan is not None and kind is not None:
        replaced = signature.scan.name
        signature.scan.save(stored_name(kind), scan, save=True)
        if replaced:
            storage = signature.scan.storage
            # Only after the commit: a rollback keeps the old signature, which needs its file.
            transaction.on_commit(lambda: storage.delete(replaced))
    audit_record(
        actor=actor,
        action="agreement.sign",
        obj=agreement,
        area=agreement.organisation.area,
        changes={"party": [None, party], "version": [None, str(version.number)]},
    )
    return signature


def _move(
    actor: User | None,
    agreement: CooperationAgreement,
    to_status: str,
    reason: str,
    check: bool = True,
) -> None:
    previous = move(
        agreement,
        AGREEMENT_LIFE,
        to_status,
        actor=actor,
        reason=reason,
        check=check,
        also_save=["next_review_on"],
    )
    audit_record(
        actor=actor,
        action="agreement.status_change",
        obj=agreement,
        area=agreement.organisation.area,
        reason=reason,
        changes={"status": [previous, to_status]},
    )


@transaction.atomic
def agreement_positions_set(
    *, actor: User, agreement: CooperationAgreement, positions: Iterable[Position]
) -> None:
    """Say which of the organisation's places are offered under this agreement."""
    chosen = list(positions)
    if any(position.organisation_id != agreement.organisation_id for position in chosen):
        raise ValidationError(
            {"positions": [_("The places must be this organisation's.")]}, code="foreign_position"
        )
    before = sorted(agreement.positions.values_list("title", flat=True))
    agreement.positions.set(chosen)
    audit_record(
        actor=actor,
        action="agreement.positions",
        obj=agreement,
        area=agreement.organisation.area,
        changes={"positions": [before, sorted(position.title for position in chosen)]},
    )


@transaction.atomic
def agreement_transition(
    *, actor: User, agreement: CooperationAgreement, to_status: str, today: date, reason: str = ""
) -> CooperationAgreement:
    """Move an agreement along its life; signing needs both parties, activity a start date."""
    if to_status == AgreementStatus.SIGNED:
        parties = set(latest_version(agreement).signatures.values_list("party", flat=True))
        if parties != {Signature.Party.ORGANISATION, Signature.Party.AUTHORITY}:
            raise ValidationError(_("Both parties must sign the latest version first."))
    if to_status == AgreementStatus.ACTIVE:
        if agreement.valid_from > today:
            raise ValidationError(_("The agreement is not yet valid."))
        base = max(today, agreement.valid_from)
        agreement.next_review_on = add_months(base, agreement.review_every_months)
    _move(actor, agreement, to_status, reason)
    return agreement


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    agreement: CooperationAgreement,
    held_on: date,
    participants: str,
    notes: str = "",
) -> Meeting:
    """Log an information-exchange meeting held under the agreement."""
    meeting = Meeting.objects.create(
        agreement=agreement,
        held_on=held_on,
        participants=participants,
        notes=notes,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="agreement.meeting",
        obj=agreement,
        area=agreement.organisation.area,
        changes={"held_on": [None, held_on.isoformat()]},
    )
    return meeting


EXPIRY_NOTICE_DAYS = 30


def _notify(agreement: CooperationAgreement, subject: str, body: str) -> None:
    users = {
        user.email: user
        for user in (agreement.organisation.owner, agreement.created_by)
        if user is not None and user.is_active and user.email
    }
    if users:
        send_mail(subject, body, None, sorted(users))
        disclosure_recorded(
            actor=None,
            action="agreement.notice_email",
            recipient=recipient_ref(*users.values()),
            obj=agreement,
            area=agreement.organisation.area,
        )


def agreement_reminders_send(*, today: date) -> dict[str, int]:
    """Reviews that have come due and validity that ends soon; each reminder is sent once."""
    sent = {"review": 0, "expiry": 0}
    due = CooperationAgreement.objects.filter(
        status=AgreementStatus.ACTIVE, next_review_on__lte=today
    ).select_related("organisation", "organisation__area", "organisation__owner", "created_by")
    for agreement in due:
        assert agreement.next_review_on is not None  # the query asked for those due
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(
                agreement=agreement, kind=Reminder.Kind.REVIEW, due_on=agreement.next_review_on
            )
            if not created:
                continue
            _move(None, agreement, AgreementStatus.REVIEW_DUE, _("review date reached"))
            _notify(
                agreement,
                _("Osmari: review the cooperation agreement with %(name)s")
                % {"name": agreement.organisation},
                _("The agreement's review date %(day)s has come.")
                % {"day": agreement.next_review_on.strftime("%d.%m.%Y")},
            )
            sent["review"] += 1
    ending = CooperationAgreement.objects.filter(
        status__in=[AgreementStatus.ACTIVE, AgreementStatus.REVIEW_DUE],
        valid_until__isnull=False,
        valid_until__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
        valid_until__gte=today,
    ).select_related("organisation", "organisation__owner", "created_by")
    for agreement in ending:
        assert agreement.valid_until is not None  # the query asked for those ending
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(
                agreement=agreement, kind=Reminder.Kind.EXPIRY, due_on=agreement.valid_until
            )
            if created:
                _notify(
                    agreement,
                    _("Osmari: the cooperation agreement with %(name)s ends soon")
                    % {"name": agreement.organisation},
                    _("The agreement is valid until %(day)s.")
                    % {"day": agreement.valid_until.strftime("%d.%m.%Y")},
                )
                sent["expiry"] += 1
    return sent
