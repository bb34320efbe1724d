"""Every write about the agreement template's versions: draft, edit, pilot, publish.

A draft is the only version whose sections change. A new version is its area's own:
piloting lets the chosen organisations of the area use it for new agreements; publishing
makes it the area's and retires the area's version before it, while other areas keep
theirs (the shared version, or their own). Agreements already made keep the version they
were made with."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.agreements.models import (
    AgreementTemplate,
    Meeting,
    TemplateChange,
    TemplateSection,
    TemplateStatus,
)
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea
from osmari.employers.models import Organisation

SECTION_TEXTS = (
    "title_fi",
    "title_sv",
    "title_en",
    "guidance_fi",
    "guidance_sv",
    "guidance_en",
    "guidance_plain_fi",
)
# Every reader sees a title and guidance in their language; plain Finnish is optional.
REQUIRED_TEXTS = SECTION_TEXTS[:-1]


def _in_progress(area: EmploymentArea) -> AgreementTemplate | None:
    return (
        AgreementTemplate.objects.filter(
            area=area, status__in=[TemplateStatus.DRAFT, TemplateStatus.PILOT]
        )
        .order_by("-version")
        .first()
    )


def _must_be_draft(template: AgreementTemplate) -> None:
    if template.status != TemplateStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be edited: version %(version)s is no longer a draft.")
            % {"version": template.version}
        )


@transaction.atomic
def template_draft(
    *, actor: User, base: AgreementTemplate, area: EmploymentArea
) -> AgreementTemplate:
    """A new version of the area starts as a copy of another one's sections."""
    if base.area_id not in (None, area.pk):
        raise ValidationError(_("Start from the shared version or one of your area's own."))
    EmploymentArea.objects.select_for_update().filter(pk=area.pk).first()
    ongoing = _in_progress(area)
    if ongoing is not None:
        raise ValidationError(
            _("Version %(version)s is still a draft or in pilot: finish it first.")
            % {"version": ongoing.version}
        )
    number = (AgreementTemplate.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    template = AgreementTemplate.objects.create(
        version=number, status=TemplateStatus.DRAFT, based_on=base, area=area
    )
    TemplateSection.objects.bulk_create(
        [
            TemplateSection(
                template=template,
                key=section.key,
                order=section.order,
                **{name: getattr(section, name) for name in SECTION_TEXTS},
            )
            for section in base.sections.all()
        ]
    )
    TemplateChange.objects.create(template=template, created_by=actor)
    audit_record(
        actor=actor,
        area=template.area,
        action="agreement_template.draft",
        obj=template,
        changes={"based_on": [None, str(base.version)]},
    )
    return template


def _check_texts(texts: dict[str, str]) -> dict[str, str]:
    cleaned = {name: (texts.get(name) or "").strip() for name in SECTION_TEXTS}
    missing = {
        name: _("Every section needs this text.") for name in REQUIRED_TEXTS if not cleaned[name]
    }
    if missing:
        raise ValidationError(missing)
    return cleaned


@transaction.atomic
def template_section_save(
    *,
    actor: User,
    template: AgreementTemplate,
    texts: dict[str, str],
    section: TemplateSection | None = None,
    position: int | None = None,
) -> TemplateSection:
    """Change a section of a draft, or add a new one (its key is made from the English title).

    `position` is where the section stands among the others, counting from 1."""
    _must_be_draft(template)
    cleaned = _check_texts(texts)
    if section is None:
        key = slugify(cleaned["title_en"]).replace("-", "_")[:40] or "section"
        taken = set(template.sections.values_list("key", flat=True))
        base, suffix = key, 2
        while key in taken:
            key = f"{base[:36]}_{suffix}"
            suffix += 1
        section = TemplateSection(template=template, key=key, order=len(taken) + 1)
        before: dict[str, str] = {}
    else:
        if section.template_id != template.pk:
            raise ValidationError(_("That section is not in this version."))
        before = {name: getattr(section, name) for name in SECTION_TEXTS}
    for name, value in cleaned.items():
        setattr(section, name, value)
    section.save()
    if position is not None:
        _reorder(template, section, position)
    changed = [name for name in SECTION_TEXTS if before.get(name, "") != cleaned[name]]
    audit_record(
        actor=actor,
        area=template.area,
        action="agreement_template.section",
        obj=template,
        changes={"section": [None, section.key], "fields": changed},
    )
    return section


def _reorder(template: AgreementTemplate, section: TemplateSection, position: int) -> None:
    others = [s for s in template.sections.order_by("order", "pk") if s.pk != section.pk]
    index = max(0, min(position - 1, len(others)))
    others.insert(index, section)
    for number, item in enumerate(others, start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order"])


@transaction.atomic
def template_section_remove(
    *, actor: User, template: AgreementTemplate, section: TemplateSection
) -> None:
    _must_be_draft(template)
    if section.template_id != template.pk:
        raise ValidationError(_("That section is not in this version."))
    if template.sections.count() <= 1:
        raise ValidationError(_("A template needs at least one section."))
    key = section.key
    section.delete()
    for number, item in enumerate(template.sections.order_by("order", "pk"), start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order"])
    audit_record(
        actor=actor,
        area=template.area,
        action="agreement_template.section_remove",
        obj=template,
        changes={"section": [key, None]},
    )


@transaction.atomic
def template_change_save(
    *,
    actor: User,
    template: AgreementTemplate,
    what_changed: str,
    why: str,
    prompted_by_meeting: Meeting | None = None,
    prompted_by_feedback: str = "",
) -> TemplateChange:
    """The change record can be completed until the version is published."""
    if template.status not in (TemplateStatus.DRAFT, TemplateStatus.PILOT):
        raise ValidationError(_("A published or retired version's change record is kept as it is."))
    change, _created = TemplateChange.objects.get_or_create(
        template=template, defaults={"created_by": actor}
    )
    change.what_changed = what_changed.strip()
    change.why = why.strip()
    change.prompted_by_meeting = prompted_by_meeting
    change.prompted_by_feedback = prompted_by_feedback.strip()
    change.save()
    audit_record(
        actor=actor,
        area=template.area,
        action="agreement_template.change_record",
        obj=template,
        changes={
            "prompted_by_meeting": [None, prompted_by_meeting.pk if prompted_by_meeting else None]
        },
    )
    return change


def _check_change_record(template: AgreementTemplate) -> None:
    # Read afresh: the record may have been saved through another copy of the version.
    change = TemplateChange.objects.filter(template=template).first()
    problems = []
    if change is None or not change.what_changed:
        problems.append(_("Say what changed in this version."))
    if change is None or not change.why:
        problems.append(_("Say why it changed."))
    if change is None or not (change.prompted_by_meeting_id or change.prompted_by_feedback):
        problems.append(_("Name the review, meeting or feedback that prompted the change."))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def template_pilot(
    *,
    actor: User,
    template: AgreementTemplate,
    organisations: Iterable[Organisation],
    today: date,
) -> AgreementTemplate:
    """The chosen organisations' new agreements use this version; its sections are fixed."""
    if template.status not in (TemplateStatus.DRAFT, TemplateStatus.PILOT):
        raise ValidationError(_("Only a draft or a version in pilot can be piloted."))
    chosen = list(organisations)
    if not chosen:
        raise ValidationError({"organisations": [_("Choose at least one organisation.")]})
    if any(organisation.area_id != template.area_id for organisation in chosen):
        raise ValidationError({"organisations": [_("Choose organisations of the version's area.")]})
    _check_change_record(template)
    before = sorted(template.pilot_organisations.values_list("name", flat=True))
    template.pilot_organisations.set(chosen)
    if template.status == TemplateStatus.DRAFT:
        template.status = TemplateStatus.PILOT
        template.piloted_from = today
        template.save(update_fields=["status", "piloted_from"])
    audit_record(
        actor=actor,
        area=template.area,
        action="agreement_template.pilot",
        obj=template,
        changes={"organisations": [before, sorted(o.name for o in chosen)]},
    )
    return template


@transaction.atomic
def template_publish(*, actor: User, template: AgreementTemplate, today: date) -> AgreementTemplate:
    """Every new agreement uses this version from now on; the one before it is retired."""
    if template.status not in (TemplateStatus.DRAFT, TemplateStatus.PILOT):
        raise ValidationError(_("Only a draft or a version in pilot can be published."))
    _check_change_record(template)
    # Only the area's own version before it: other areas keep the one they use.
    retired = list(
        AgreementTemplate.objects.select_for_update().filter(
            area=template.area_id, status=TemplateStatus.PUBLISHED
        )
    )
    for old in retired:
        old.status = TemplateStatus.RETIRED
        old.retired_on = today
        old.save(update_fields=["status", "retired_on"])
    template.status = TemplateStatus.PUBLISHED
    template.published_on = today
    template.save(update_fields=["status", "published_on"])
    audit_record(
        actor=actor,
        area=template.area,
        action="agreement_template.publish",
        obj=template,
        changes={"retired": [None, [str(old.version) for old in retired]]},
    )
    return template


@transaction.atomic
def template_discard(*, actor: User, template: AgreementTemplate) -> None:
    """A draft nobody has used can be thrown away."""
    _must_be_draft(template)
    version = template.version
    template.sections.all().delete()
    TemplateChange.objects.filter(template=template).delete()
    template.delete()
    audit_record(
        actor=actor,
        area=template.area,
        action="agreement_template.discard",
        changes={"version": [str(version), None]},
    )
