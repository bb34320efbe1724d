"""Every write of the reciprocity model. Each audits in its own transaction."""

from __future__ import annotations

import contextlib
import secrets
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.agreements.models import AgreementStatus, CooperationAgreement
from osmari.agreements.services import agreement_amend
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea
from osmari.employers.models import Contact, Organisation
from osmari.employers.services import contact_add
from osmari.placements.models import Placement, PlacementKind
from osmari.reciprocity import certificates, deminimis, levels, selectors, subsidy
from osmari.reciprocity.models import (
    EVENT_KINDS,
    AgreedBenefit,
    AidRefusal,
    Benefit,
    Certificate,
    Delivery,
    Event,
    PublicProfile,
    Registration,
    SubsidyCommitment,
    SubsidyPayment,
    SubsidyScheme,
)
from osmari.reciprocity.standard import STANDARD_CATALOGUE
from osmari.reciprocity.texts import SUBSIDY_RULES

CERTIFICATE_VALID_DAYS = 365


# ---------------------------------------------------------------- catalogue


@transaction.atomic
def benefit_save(
    *, actor: User, area: EmploymentArea, benefit: Benefit | None = None, **fields: Any
) -> Benefit:
    created = benefit is None
    benefit = benefit or Benefit(area=area)
    for name, value in fields.items():
        setattr(benefit, name, value)
    benefit.full_clean()
    benefit.save()
    audit_record(
        actor=actor,
        action="reciprocity.benefit_create" if created else "reciprocity.benefit_update",
        obj=benefit,
        area=area,
    )
    return benefit


@transaction.atomic
def catalogue_standard_create(*, actor: User, area: EmploymentArea) -> list[Benefit]:
    """The standard catalogue for an area that has none yet; entries it has are kept."""
    have = set(Benefit.objects.filter(area=area).values_list("name_fi", flat=True))
    made = []
    for order, (kind, texts) in enumerate(STANDARD_CATALOGUE, start=1):
        if texts["fi"][0] in have:
            continue
        fields = {"kind": kind, "order": order * 10}
        for language, (name, description, asks) in texts.items():
            fields |= {
                f"name_{language}": name,
                f"description_{language}": description,
                f"asks_{language}": asks,
            }
        made.append(Benefit.objects.create(area=area, **fields))
    audit_record(
        actor=actor,
        action="reciprocity.catalogue_standard",
        area=area,
        changes={"benefits": [None, len(made)]},
    )
    return made


# ---------------------------------------------------------------- events


@transaction.atomic
def event_create(*, actor: User, area: EmploymentArea, **fields: Any) -> Event:
    benefit = fields["benefit"]
    if benefit.area_id != area.pk or benefit.kind not in EVENT_KINDS:
        raise ValidationError({"benefit": _("Choose a training or an event of this area.")})
    if fields["ends_at"] < fields["starts_at"]:
        raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
    event = Event.objects.create(area=area, created_by=actor, **fields)
    audit_record(actor=actor, action="reciprocity.event_create", obj=event, area=area)
    return event


def _lock_event(event: Event) -> Event:
    # Two organisations taking the last place at once: the second waits, then sees it gone.
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def registration_add(
    *,
    actor: User,
    event: Event,
    organisation: Organisation,
    contact: Contact | None = None,
    new_name: str = "",
    new_email: str = "",
) -> Registration:
    """Register one person of the organisation: a known contact or a new instructor."""
    event = _lock_event(event)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("Registration has closed: the event has already started."))
    if organisation.area_id != event.area_id:
        raise ValidationError(_("This event is for another employment area's organisations."))
    new_name = new_name.strip()
    if contact is None and not new_name:
        raise ValidationError({"contact": _("Choose a person or write the name of a new one.")})
    if contact is not None and contact.organisation_id != organisation.pk:
        raise ValidationError({"contact": _("Choose a person of your own organisation.")})
    live = event.registrations.filter(cancelled_at__isnull=True)
    if live.count() >= event.capacity:
        raise ValidationError(_("The event is full."))
    if contact is None:
        same = organisation.contacts.filter(name__iexact=new_name).first()
        contact = same or contact_add(
            actor=actor,
            organisation=organisation,
            name=new_name,
            role=Contact.Role.WORKPLACE_INSTRUCTOR,
            email=new_email,
        )
    if live.filter(contact=contact).exists():
        raise ValidationError(
            {"contact": _("%(name)s is already registered.") % {"name": contact.name}}
        )
    registration = Registration.objects.create(
        event=event,
        organisation=organisation,
        contact=contact,
        person_name=contact.name,
        registered_by=actor,
    )
    audit_record(
        actor=actor,
        action="reciprocity.register",
        obj=event,
        area=event.area,
        changes={"person": [None, contact.name], "organisation": [None, organisation.name]},
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor: User, registration: Registration) -> None:
    if registration.event.starts_at <= timezone.now():
        raise ValidationError(_("The event has started: the registration stays as it is."))
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["cancelled_at"])
    audit_record(
        actor=actor,
        action="reciprocity.register_cancel",
        obj=registration.event,
        area=registration.event.area,
        changes={"person": [registration.person_name, None]},
    )


@transaction.atomic
def attendance_record(*, actor: User, event: Event, present: set[int]) -> int:
    """Mark who came. Each attendance is a delivery of the event's benefit to the
    organisation, so the profile and the partner summary count it."""
    if event.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the event has started."))
    changed = 0
    for registration in event.registrations.filter(cancelled_at__isnull=True):
        came = registration.pk in present
        if registration.attended == came:
            continue
        registration.attended = came
        registration.save(update_fields=["attended"])
        changed += 1
        if came:
            Delivery.objects.get_or_create(
                registration=registration,
                defaults={
                    "organisation_id": registration.organisation_id,
                    "benefit_id": event.benefit_id,
                    "delivered_on": timezone.localtime(event.starts_at).date(),
                    "recorded_by": actor,
                },
            )
        else:
            Delivery.objects.filter(registration=registration).delete()
    audit_record(
        actor=actor,
        action="reciprocity.attendance",
        obj=event,
        area=event.area,
        changes={"present": [None, len(present)], "changed": [None, changed]},
    )
    return changed


# ---------------------------------------------------------------- deliveries and agreements


@transaction.atomic
def delivery_record(
    *,
    actor: User,
    organisation: Organisation,
    benefit: Benefit,
    delivered_on: date,
    quantity: int = 1,
    notes: str = "",
) -> Delivery:
    if benefit.area_id != organisation.area_id:
        raise ValidationError({"benefit": _("Choose a benefit of this organisation's area.")})
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("A delivery is recorded once it has happened.")})
    if quantity < 1:
        raise ValidationError({"quantity": _("Enter at least one.")})
    delivery = Delivery.objects.create(
        organisation=organisation,
        benefit=benefit,
        delivered_on=delivered_on,
        quantity=quantity,
        notes=notes,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="reciprocity.delivery",
        obj=organisation,
        area=organisation.area,
        changes={"benefit": [None, str(benefit)], "delivered_on": [None, str(delivered_on)]},
    )
    return delivery


def reciprocity_text(items: list[tuple[Benefit, int]]) -> str:
    """The agreement's reciprocity section, written from the benefits agreed."""
    if not items:
        return ""
    lines = [_("The organisation is offered, each year of the agreement:")]
    for benefit, per_year in items:
        lines.append(
            _("- %(name)s, %(times)s times a year. It asks: %(asks)s")
            % {"name": benefit.name, "times": per_year, "asks": benefit.asks}
        )
    return "\n".join(lines)


@transaction.atomic
def agreed_benefits_set(
    *, actor: User, agreement: CooperationAgreement, per_year: dict[int, int]
) -> CooperationAgreement:
    """Replace the benefits agreed and rewrite the agreement's reciprocity section. A
    changed text is an amendment: a new version that needs new signatures."""
    if agreement.status in (AgreementStatus.ENDED, AgreementStatus.TERMINATED):
        raise ValidationError(_("An ended agreement cannot be amended."))
    area = agreement.organisation.area
    chosen = {pk: n for pk, n in per_year.items() if n and n > 0}
    benefits = Benefit.objects.filter(area=area, pk__in=chosen).order_by("order", "name_fi")
    if len(benefits) != len(chosen):
        raise ValidationError(_("Choose benefits of this area's catalogue."))
    before = {a.benefit_id: a.per_year for a in agreement.agreed_benefits.all()}
    agreement.agreed_benefits.all().delete()
    AgreedBenefit.objects.bulk_create(
        [AgreedBenefit(agreement=agreement, benefit=b, per_year=chosen[b.pk]) for b in benefits]
    )
    text = reciprocity_text([(b, chosen[b.pk]) for b in benefits])
    # An unchanged section is no amendment: nothing to sign again.
    with contextlib.suppress(ValidationError):
        agreement_amend(
            actor=actor,
            agreement=agreement,
            texts={"reciprocity": text},
            summary=_("Reciprocity: benefits agreed"),
        )
    audit_record(
        actor=actor,
        action="reciprocity.agreed_benefits",
        obj=agreement,
        area=area,
        changes={"benefits": [before, chosen]},
    )
    return agreement


# ---------------------------------------------------------------- local subsidies


@transaction.atomic
def scheme_create(*, actor: User, area: EmploymentArea, **fields: Any) -> SubsidyScheme:
    scheme = SubsidyScheme(area=area, created_by=actor, **fields)
    if scheme.basis == "percent":
        scheme.monthly_amount = None
        if not scheme.percent:
            raise ValidationError({"percent": _("Enter the percent of the monthly pay.")})
    else:
        scheme.percent = None
        if not scheme.monthly_amount:
            raise ValidationError({"monthly_amount": _("Enter the amount a month.")})
    scheme.full_clean()
    scheme.save()
    audit_record(
        actor=actor,
        action="reciprocity.scheme_create",
        obj=scheme,
        area=area,
        changes={"budget": [None, str(scheme.budget)]},
    )
    return scheme


def rules_of(scheme: SubsidyScheme) -> subsidy.SchemeRules:
    return subsidy.SchemeRules(
        basis=scheme.basis,
        percent=scheme.percent,
        monthly_amount=scheme.monthly_amount,
        max_months=scheme.max_months,
        cap=scheme.cap,
    )


def _euros(amount: Decimal) -> str:
    return f"{number_format(amount, 2, force_grouping=True)} €"


def commitment_preview(
    scheme: SubsidyScheme, months: int, monthly_pay: Decimal | None
) -> subsidy.Commitment:
    try:
        return subsidy.commitment_amount(rules_of(scheme), months, monthly_pay)
    except subsidy.RuleBroken as broken:
        field = "monthly_pay" if broken.code == "pay_needed" else "months"
        raise ValidationError(
            {field: str(SUBSIDY_RULES[broken.code]) % {"max": scheme.max_months}}
        ) from None


def _commitment_check(
    scheme: SubsidyScheme,
    organisation: Organisation,
    decided_on: date,
    placement: Placement | None,
) -> None:
    """What a decision must be before its money is counted: in an open scheme and its
    year, for an organisation of the area, and for a wage-subsidised period of its own."""
    if not scheme.is_open:
        raise ValidationError(_("This scheme is closed for new decisions."))
    if decided_on.year != scheme.year:
        raise ValidationError(
            {
                "decided_on": _("The decision must fall in the scheme's budget year %(year)s.")
                % {"year": scheme.year}
            }
        )
    if organisation.area_id != scheme.area_id:
        raise ValidationError({"organisation": _("Choose an organisation of this area.")})
    if placement is not None:
        if placement.organisation_id != organisation.pk:
            raise ValidationError({"placement": _("The period is with another organisation.")})
        if placement.kind != PlacementKind.WAGE_SUBSIDY:
            raise ValidationError(
                {"placement": _("A local subsidy supplements wage-subsidised work only.")}
            )


class AidRefused(Exception):
    """A decision the de minimis ceiling does not allow, with the figures."""

    def __init__(self, figures: deminimis.CeilingCheck):
        super().__init__("over the de minimis ceiling")
        self.figures = figures


def _declaration_check(
    *,
    organisation: Organisation,
    decided_on: date,
    economic_activity: bool,
    other_aid_declared: Decimal | None,
    declared_on: date | None,
) -> bool:
    """Whether the decision is de minimis aid; if it is, the undertaking's declaration of
    its other de minimis aid must be there and made before the decision."""
    if not deminimis.is_subject(organisation.kind, economic_activity):
        return False
    errors = {}
    if other_aid_declared is None:
        errors["other_aid_declared"] = _(
            "Enter the other de minimis aid the undertaking declares for the last three years "
            "(0 if none)."
        )
    elif other_aid_declared < 0:
        errors["other_aid_declared"] = _("The declared aid cannot be negative.")
    if declared_on is None:
        errors["declared_on"] = _("Enter the day the undertaking signed its declaration.")
    elif declared_on > decided_on:
        errors["declared_on"] = _("The declaration is made before the decision.")
    if errors:
        raise ValidationError(errors)
    return True


def aid_figures(
    organisation: Organisation, decided_on: date, amount: Decimal, other_aid_declared: Decimal
) -> deminimis.CeilingCheck:
    return deminimis.check(
        this_aid=amount,
        declared_other=other_aid_declared,
        granted_here=selectors.aid_granted_here(organisation, decided_on),
    )


def aid_preview(
    organisation: Organisation,
    decided_on: date,
    amount: Decimal,
    *,
    economic_activity: bool,
    other_aid_declared: Decimal | None,
) -> deminimis.CeilingCheck | None:
    """The ceiling's figures for a decision being calculated; None when it is no de minimis
    aid or the declaration is not yet entered."""
    if not deminimis.is_subject(organisation.kind, economic_activity):
        return None
    if other_aid_declared is None or other_aid_declared < 0:
        return None
    return aid_figures(organisation, decided_on, amount, other_aid_declared)


def aid_refused_message(figures: deminimis.CeilingCheck) -> str:
    return _(
        "Refused: the undertaking would get %(total)s of de minimis aid in three years, "
        "%(over)s over the ceiling of %(ceiling)s (Regulation (EU) 2023/2831). Declared "
        "other aid %(declared)s, granted by the area %(here)s, this decision %(this)s. At "
        "most %(room)s can be granted now. Nothing was committed."
    ) % {
        "total": _euros(figures.total),
        "over": _euros(figures.over),
        "ceiling": _euros(figures.ceiling),
        "declared": _euros(figures.declared_other),
        "here": _euros(figures.granted_here),
        "this": _euros(figures.this_aid),
        "room": _euros(figures.room),
    }


@transaction.atomic
def _commitment_make(
    *,
    actor: User,
    scheme: SubsidyScheme,
    organisation: Organisation,
    decision_number: str,
    decided_on: date,
    months: int,
    monthly_pay: Decimal | None,
    placement: Placement | None,
    economic_activity: bool,
    other_aid_declared: Decimal | None,
    declared_on: date | None,
    other_aid_from: str,
) -> SubsidyCommitment:
    scheme = SubsidyScheme.objects.select_for_update().get(pk=scheme.pk)
    _commitment_check(scheme, organisation, decided_on, placement)
    amount = commitment_preview(scheme, months, monthly_pay)
    left = scheme.budget - selectors.committed_total(scheme)
    if amount.total > left:
        raise ValidationError(
            _(
                "The budget does not cover this decision: %(amount)s asked, %(left)s left. "
                "Nothing was committed."
            )
            % {"amount": _euros(amount.total), "left": _euros(left)}
        )
    is_aid = _declaration_check(
        organisation=organisation,
        decided_on=decided_on,
        economic_activity=economic_activity,
        other_aid_declared=other_aid_declared,
        declared_on=declared_on,
    )
    figures = None
    if is_aid:
        assert other_aid_declared is not None
        # Decisions of other schemes for the same undertaking wait here, so that two made at
        # once cannot together pass the ceiling.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        figures = aid_figures(organisation, decided_on, amount.total, other_aid_declared)
        if not figures.allowed:
            raise AidRefused(figures)
    try:
        with transaction.atomic():
            commitment = SubsidyCommitment.objects.create(
                scheme=scheme,
                organisation=organisation,
                placement=placement,
                decision_number=decision_number.strip(),
                decided_on=decided_on,
                months=months,
                monthly_pay=monthly_pay,
                monthly_amount=amount.monthly,
                amount=amount.total,
                de_minimis=is_aid,
                other_aid_declared=other_aid_declared if is_aid else None,
                declared_on=declared_on if is_aid else None,
                other_aid_from=other_aid_from.strip() if is_aid else "",
                decided_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"decision_number": _("A decision with this number is already recorded.")}
        ) from None
    changes = {
        "amount": [None, str(amount.total)],
        "left": [str(left), str(left - amount.total)],
    }
    if figures is not None:
        changes["de_minimis_three_years"] = [str(figures.before), str(figures.total)]
    audit_record(
        actor=actor,
        action="reciprocity.commitment",
        obj=commitment,
        area=scheme.area,
        changes=changes,
    )
    return commitment


def commitment_make(
    *,
    actor: User,
    scheme: SubsidyScheme,
    organisation: Organisation,
    decision_number: str,
    decided_on: date,
    months: int,
    monthly_pay: Decimal | None = None,
    placement: Placement | None = None,
    economic_activity: bool = False,
    other_aid_declared: Decimal | None = None,
    declared_on: date | None = None,
    other_aid_from: str = "",
) -> SubsidyCommitment:
    """Bind money by a decision. The scheme row is locked first, so two decisions made at
    the same moment are checked one after the other and the budget is never exceeded.

    Aid to an undertaking is de minimis aid: the undertaking's declaration of its other de
    minimis aid is recorded with the decision, and a decision that would take it over the
    three-year ceiling is refused. The refusal is kept, with its figures."""
    try:
        return _commitment_make(
            actor=actor,
            scheme=scheme,
            organisation=organisation,
            decision_number=decision_number,
            decided_on=decided_on,
            months=months,
            monthly_pay=monthly_pay,
            placement=placement,
            economic_activity=economic_activity,
            other_aid_declared=other_aid_declared,
            declared_on=declared_on,
            other_aid_from=other_aid_from,
        )
    except AidRefused as refused:
        aid_refusal_record(
            actor=actor,
            scheme=scheme,
            organisation=organisation,
            decision_number=decision_number.strip(),
            decided_on=decided_on,
            figures=refused.figures,
        )
        raise ValidationError(aid_refused_message(refused.figures)) from None


@transaction.atomic
def aid_refusal_record(
    *,
    actor: User,
    scheme: SubsidyScheme,
    organisation: Organisation,
    decision_number: str,
    decided_on: date,
    figures: deminimis.CeilingCheck,
) -> AidRefusal:
    refusal = AidRefusal.objects.create(
        scheme=scheme,
        organisation=organisation,
        decision_number=decision_number,
        decided_on=decided_on,
        amount=figures.this_aid,
        other_aid_declared=figures.declared_other,
        granted_here=figures.granted_here,
        ceiling=figures.ceiling,
        refused_by=actor,
    )
    audit_record(
        actor=actor,
        action="reciprocity.aid_refused",
        obj=refusal,
        area=scheme.area,
        changes={"total": [str(figures.before), str(figures.total)]},
    )
    return refusal


@transaction.atomic
def commitment_cancel(*, actor: User, commitment: SubsidyCommitment, on: date, reason: str) -> None:
    commitment = SubsidyCommitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.cancelled_on is not None:
        raise ValidationError(_("The decision is already cancelled."))
    if commitment.payments.exists():
        raise ValidationError(_("Payments have been made under this decision: it stays."))
    commitment.cancelled_on = on
    commitment.save(update_fields=["cancelled_on"])
    audit_record(
        actor=actor,
        action="reciprocity.commitment_cancel",
        obj=commitment,
        area=commitment.scheme.area,
        reason=reason,
        changes={"amount": [str(commitment.amount), None]},
    )


@transaction.atomic
def payment_record(
    *,
    actor: User,
    commitment: SubsidyCommitment,
    paid_on: date,
    amount: Decimal,
    reference: str = "",
) -> SubsidyPayment:
    commitment = SubsidyCommitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.cancelled_on is not None:
        raise ValidationError(_("The decision is cancelled: nothing can be paid under it."))
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    paid = sum((p.amount for p in commitment.payments.all()), Decimal(0))
    if paid + amount > commitment.amount:
        raise ValidationError(
            {
                "amount": _("Only %(left)s is left to pay under this decision.")
                % {"left": _euros(commitment.amount - paid)}
            }
        )
    payment = SubsidyPayment.objects.create(
        commitment=commitment,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="reciprocity.payment",
        obj=commitment,
        area=commitment.scheme.area,
        changes={"amount": [None, str(amount)]},
    )
    return payment


# ---------------------------------------------------------------- showing the profile


@transaction.atomic
def profile_publish(*, actor: User, organisation: Organisation) -> PublicProfile:
    """The organisation consents to a public profile; a new consent gets a new address."""
    slug = secrets.token_urlsafe(12)
    profile, _created = PublicProfile.objects.update_or_create(
        organisation=organisation,
        defaults={
            "slug": slug,
            "consent_given_at": timezone.now(),
            "consent_given_by": actor,
            "withdrawn_at": None,
            "withdrawn_by": None,
        },
    )
    audit_record(
        actor=actor, action="reciprocity.publish", obj=organisation, area=organisation.area
    )
    return profile


@transaction.atomic
def profile_withdraw(*, actor: User, organisation: Organisation) -> None:
    profile = PublicProfile.objects.filter(organisation=organisation, withdrawn_at__isnull=True)
    if not profile.update(withdrawn_at=timezone.now(), withdrawn_by=actor):
        raise ValidationError(_("The profile is not public."))
    audit_record(
        actor=actor, action="reciprocity.withdraw", obj=organisation, area=organisation.area
    )


def _facts_snapshot(facts: levels.Facts) -> dict:
    return {
        "positions_offered": facts.positions_offered,
        "participants_hosted": facts.participants_hosted,
        "participant_months": facts.participant_months,
        "trained_instructors": facts.trained_instructors,
        "reviews_held_share": facts.reviews_held_share,
    }


@transaction.atomic
def certificate_issue(*, actor: User, organisation: Organisation, today: date) -> Certificate:
    """A certificate states the level on its day; it can be checked only while the
    organisation's profile is public."""
    published = PublicProfile.objects.filter(
        organisation=organisation, withdrawn_at__isnull=True
    ).exists()
    if not published:
        raise ValidationError(
            _("A certificate needs a public profile to be checked against. Publish it first.")
        )
    facts, assessment = selectors.profile_assessment(organisation, today)
    if assessment.level.number == 0:
        raise ValidationError(
            _("A certificate is issued from the level Partner upwards: host a participant first.")
        )
    for _attempt in range(5):
        code = certificates.new_code()
        if not Certificate.objects.filter(code=code).exists():
            break
    certificate = Certificate.objects.create(
        organisation=organisation,
        code=code,
        level=assessment.level.number,
        facts=_facts_snapshot(facts),
        issued_on=today,
        valid_until=today + timedelta(days=CERTIFICATE_VALID_DAYS),
        issued_by=actor,
    )
    audit_record(
        actor=actor,
        action="reciprocity.certificate",
        obj=organisation,
        area=organisation.area,
        changes={"level": [None, assessment.level.key], "code": [None, code]},
    )
    return certificate
