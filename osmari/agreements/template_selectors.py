"""Reads of the agreement template's versions: which one a new agreement uses, the
difference between two, and what changed in a period (for the progress report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.agreements.models import (
    AgreementTemplate,
    CooperationAgreement,
    Meeting,
    TemplateStatus,
)
from osmari.agreements.template_diff import SECTION_FIELDS, TemplateDiff, compare


def template_for_new_agreement(organisation) -> AgreementTemplate | None:
    """A pilot organisation's new agreement uses the version in pilot; everyone else's the
    version their area published, or the shared one while the area has none of its own."""
    pilot = (
        AgreementTemplate.objects.filter(
            status=TemplateStatus.PILOT, pilot_organisations=organisation
        )
        .order_by("-version")
        .first()
    )
    if pilot is not None:
        return pilot
    published = AgreementTemplate.objects.filter(status=TemplateStatus.PUBLISHED)
    return (
        published.filter(area=organisation.area_id).order_by("-version").first()
        or published.filter(area__isnull=True).order_by("-version").first()
    )


def _visible_to(user) -> Q:
    """The shared versions and those of the areas where the user works on the template."""
    return Q(area__isnull=True) | Q(area__in=access.areas_where(user, "agreement.template"))


def templates_listed(user) -> QuerySet[AgreementTemplate]:
    return (
        AgreementTemplate.objects.filter(_visible_to(user))
        .select_related("change", "based_on")
        .annotate(
            section_count=Count("sections", distinct=True),
            pilot_count=Count("pilot_organisations", distinct=True),
        )
        .order_by("-version")
    )


def template_get(pk: int, user) -> AgreementTemplate | None:
    """A version the user may read: shared, or of one of their areas."""
    return (
        AgreementTemplate.objects.filter(_visible_to(user))
        .select_related(
            "change", "change__prompted_by_meeting__agreement__organisation", "based_on"
        )
        .filter(pk=pk)
        .first()
    )


def agreements_made_with(template: AgreementTemplate, user) -> int:
    """How many agreements the user may see were made with this version."""
    visible = access.organisations_for(user, "agreement.view")
    return CooperationAgreement.objects.filter(template=template, organisation__in=visible).count()


def pilot_organisations_for(template: AgreementTemplate, user) -> QuerySet:
    visible = access.organisations_for(user, "agreement.view")
    return template.pilot_organisations.filter(pk__in=visible.values("pk")).order_by("name", "pk")


def pilot_choices_for(user) -> QuerySet:
    """The organisations a manager may choose for a pilot: those of their own areas."""
    return access.organisations_for(user, "agreement.template").order_by("name", "pk")


def meetings_for(user) -> QuerySet[Meeting]:
    """Reviews and meetings a change can point to: those of agreements the user may see."""
    visible = access.organisations_for(user, "agreement.view")
    return (
        Meeting.objects.filter(agreement__organisation__in=visible)
        .select_related("agreement__organisation")
        .order_by("-held_on", "-pk")
    )


def _sections(template: AgreementTemplate) -> list[dict[str, str]]:
    return list(template.sections.order_by("order", "pk").values("key", *SECTION_FIELDS))


def template_diff(before: AgreementTemplate, after: AgreementTemplate) -> TemplateDiff:
    return compare(_sections(before), _sections(after))


FIELD_LABELS = {
    "title_fi": _("Title in Finnish"),
    "title_sv": _("Title in Swedish"),
    "title_en": _("Title in English"),
    "guidance_fi": _("Guidance in Finnish"),
    "guidance_sv": _("Guidance in Swedish"),
    "guidance_en": _("Guidance in English"),
    "guidance_plain_fi": _("Guidance in plain Finnish"),
}


def diff_rows(diff: TemplateDiff) -> list[dict]:
    """The difference as the pages show it: every changed text named in the reader's language."""
    return [
        {
            "kind": item.kind,
            "before": item.before,
            "after": item.after,
            "position_before": item.position_before,
            "position_after": item.position_after,
            "changes": [
                {
                    "label": FIELD_LABELS[change.field],
                    "before": change.before,
                    "after": change.after,
                }
                for change in item.changes
            ],
        }
        for item in diff.sections
        if item.kind != "same"
    ]


@dataclass(frozen=True)
class TemplateStep:
    """One version's step in a period: piloted, published or retired, with why it changed."""

    version: int
    status: str
    status_label: str
    piloted_from: date | None
    published_on: date | None
    retired_on: date | None
    what_changed: str
    why: str
    prompted_by: str
    pilot_organisations: list[str]
    agreements_made: int
    based_on: int | None
    sections_added: list[str]
    sections_removed: list[str]
    sections_changed: list[str]

    @property
    def events(self) -> list[str]:
        return [
            name
            for name, day in (
                ("piloted", self.piloted_from),
                ("published", self.published_on),
                ("retired", self.retired_on),
            )
            if day is not None
        ]


def _in(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def template_versions_in_period(programme, start: date, end: date) -> list[TemplateStep]:
    """The template versions piloted, published or retired between start and end (inclusive),
    oldest first, each with what changed and why, what prompted it, the sections added,
    removed or changed against the version it was based on, and the pilot organisations and
    agreements of the programme's area."""
    area = programme.area
    versions = (
        AgreementTemplate.objects.filter(Q(area__isnull=True) | Q(area=area))
        .filter(
            Q(piloted_from__range=(start, end))
            | Q(published_on__range=(start, end))
            | Q(retired_on__range=(start, end))
        )
        .select_related("change", "change__prompted_by_meeting__agreement__organisation")
        .select_related("based_on")
        .order_by("version")
    )
    steps = []
    for template in versions:
        change = getattr(template, "change", None)
        prompted = []
        if change is not None and change.prompted_by_meeting is not None:
            meeting = change.prompted_by_meeting
            if meeting.agreement.organisation.area_id == area.pk:
                prompted.append(f"{meeting.agreement.organisation.name} {meeting.held_on:%d.%m.%Y}")
        if change is not None and change.prompted_by_feedback:
            prompted.append(change.prompted_by_feedback)
        diff = template_diff(template.based_on, template) if template.based_on else None
        steps.append(
            TemplateStep(
                version=template.version,
                status=template.status,
                status_label=str(template.get_status_display()),
                piloted_from=template.piloted_from,
                published_on=template.published_on,
                retired_on=template.retired_on,
                what_changed=change.what_changed if change else "",
                why=change.why if change else "",
                prompted_by="; ".join(prompted),
                pilot_organisations=list(
                    template.pilot_organisations.filter(area=area)
                    .order_by("name", "pk")
                    .values_list("name", flat=True)
                ),
                agreements_made=CooperationAgreement.objects.filter(
                    template=template, organisation__area=area
                ).count(),
                based_on=template.based_on.version if template.based_on else None,
                sections_added=[s.after["title_fi"] for s in diff.added] if diff else [],
                sections_removed=[s.before["title_fi"] for s in diff.removed] if diff else [],
                sections_changed=[s.after["title_fi"] for s in diff.changed] if diff else [],
            )
        )
    return steps
