"""Every write of the reporting app: programme settings, plan, staff, hours and competence.

Each write audits in its own transaction. Reports and indicators only read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.core.audit import audit_record, changed_fields
from osmari.core.models import EmploymentArea
from osmari.reporting import budget, periods
from osmari.reporting.models import (
    CompetenceGoal,
    PlannedYear,
    Programme,
    ReportNarrative,
    StaffMember,
    StaffTraining,
    WorkingTime,
    WorkPackage,
)

# One working-time record may hold at most this; a month over its work packages no more.
MONTH_MAX_HOURS = Decimal(250)

PROGRAMME_FIELDS = [
    "name",
    "project_code",
    "starts_on",
    "ends_on",
    "claim_period_months",
    "flat_rate_percent",
    "public_percent",
    "target_participants",
    "target_job_searching",
    "target_education",
    "target_employed",
    "target_organisations",
    "publishes_open_data",
]


@transaction.atomic
def programme_save(
    *, actor: User, area: EmploymentArea, programme: Programme | None = None, **fields: Any
) -> Programme:
    if fields["ends_on"] <= fields["starts_on"]:
        raise ValidationError({"ends_on": _("The last day must be after the first day.")})
    creating = programme is None
    programme = programme or Programme(area=area)
    before = {name: getattr(programme, name, None) for name in PROGRAMME_FIELDS}
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.save()
    audit_record(
        actor=actor,
        action="programme.create" if creating else "programme.update",
        obj=programme,
        area=area,
        changes=changed_fields(programme, before, PROGRAMME_FIELDS),
    )
    return programme


@transaction.atomic
def plan_save(*, actor: User, programme: Programme, salary_by_year: dict[int, Decimal]) -> None:
    """Set the funding decision's salary costs per implementation year."""
    years = {
        span.number for span in periods.implementation_years(programme.starts_on, programme.ends_on)
    }
    if set(salary_by_year) - years:
        raise ValidationError(_("The programme has no such implementation year."))
    before = {row.year: row.salary_costs for row in programme.plan.all()}
    for year, salary in salary_by_year.items():
        PlannedYear.objects.update_or_create(
            programme=programme, year=year, defaults={"salary_costs": salary}
        )
    programme.plan.exclude(year__in=years).delete()
    audit_record(
        actor=actor,
        action="programme.plan",
        obj=programme,
        area=programme.area,
        changes={
            f"year_{year}": [str(before.get(year)), str(salary)]
            for year, salary in salary_by_year.items()
            if before.get(year) != salary
        },
    )


@transaction.atomic
def staff_save(
    *, actor: User, programme: Programme, member: StaffMember | None = None, **fields: Any
) -> StaffMember:
    if fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise ValidationError({"ends_on": _("The end must not be before the start.")})
    creating = member is None
    member = member or StaffMember(programme=programme)
    names = list(fields)
    before = {name: getattr(member, name, None) for name in names}
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()
    audit_record(
        actor=actor,
        action="programme.staff_create" if creating else "programme.staff_update",
        obj=programme,
        area=programme.area,
        changes={"staff": [None, member.name]}
        if creating
        else changed_fields(member, before, names),
    )
    return member


def _working_time_check(
    member: StaffMember, month: date, hours: Decimal, package: WorkPackage | None = None
) -> None:
    """The month within the programme and the member's time in it; the month's and the
    year's hours within the unit-cost model's. The year's other records are locked while
    they are counted."""
    programme = member.programme
    first_day = programme.starts_on.replace(day=1)
    if not first_day <= month <= programme.ends_on:
        raise ValidationError(
            {
                "month": _("The month is outside the programme (%(start)s–%(end)s).")
                % {
                    "start": programme.starts_on.strftime("%m/%Y"),
                    "end": programme.ends_on.strftime("%m/%Y"),
                }
            }
        )
    if month < member.starts_on.replace(day=1) or (member.ends_on and month > member.ends_on):
        raise ValidationError(
            {
                "month": _("%(name)s did not work in the programme that month.")
                % {"name": member.name}
            }
        )
    years = periods.implementation_years(programme.starts_on, programme.ends_on)
    year = periods.span_of(max(month, programme.starts_on), years)
    assert year is not None
    this_record = Q(month=month) & (
        Q(package__isnull=True) if package is None else Q(package=package)
    )
    year_records = list(
        WorkingTime.objects.select_for_update()
        .filter(staff=member, month__range=(year.start.replace(day=1), year.end))
        .exclude(this_record)
        .values_list("month", "hours")
    )
    others = sum((h for _m, h in year_records), Decimal(0))
    # A month's hours over its work packages: no more than one record alone may hold.
    month_others = sum((h for m, h in year_records if m == month), Decimal(0))
    if month_others + hours > MONTH_MAX_HOURS:
        raise ValidationError(
            {
                "hours": _(
                    "A month has at most %(max)s hours. %(name)s already has %(hours)s hours "
                    "in %(month)s in other work packages."
                )
                % {
                    "max": MONTH_MAX_HOURS,
                    "name": member.name,
                    "hours": number_format(month_others),
                    "month": month.strftime("%m/%Y"),
                }
            }
        )
    if others + hours > budget.HOURS_PER_YEAR:
        raise ValidationError(
            {
                "hours": _(
                    "A year of the unit-cost model has at most 1 720 hours. %(name)s already "
                    "has %(hours)s hours in implementation year %(year)s."
                )
                % {"name": member.name, "hours": number_format(others), "year": year.label}
            }
        )


@transaction.atomic
def working_time_record(
    *,
    actor: User,
    member: StaffMember,
    month: date,
    hours: Decimal,
    package: WorkPackage | None = None,
) -> WorkingTime:
    """Record (or correct) one month's hours in a work package (or not allocated) at the
    member's current hourly rate.

    The month must fall within the programme and the member's time in it, and a year's hours
    may not exceed the unit-cost model's 1 720 hours.
    """
    programme = member.programme
    if package is not None and package.programme_id != programme.pk:
        raise ValidationError({"package": _("Choose one of the programme's work packages.")})
    month = month.replace(day=1)
    _working_time_check(member, month, hours, package)
    existing = WorkingTime.objects.filter(staff=member, month=month, package=package).first()
    if existing is not None:
        # A correction changes the hours; the month keeps the rate it was recorded at.
        previous_hours = existing.hours
        existing.hours, existing.recorded_by = hours, actor
        existing.save(update_fields=["hours", "recorded_by", "recorded_at"])
        record = existing
    else:
        previous_hours = None
        record = WorkingTime.objects.create(
            staff=member,
            month=month,
            hours=hours,
            hourly_rate=member.hourly_rate,
            package=package,
            recorded_by=actor,
        )
    audit_record(
        actor=actor,
        action="programme.working_time",
        obj=programme,
        area=programme.area,
        changes={
            "staff": member.name,
            "month": month.strftime("%m/%Y"),
            "package": package.code if package else None,
            "hours": [str(previous_hours) if previous_hours is not None else None, str(hours)],
        },
    )
    return record


@transaction.atomic
def goal_add(*, actor: User, member: StaffMember, goal: str, due_on: date) -> CompetenceGoal:
    made = CompetenceGoal.objects.create(staff=member, goal=goal, due_on=due_on)
    audit_record(
        actor=actor,
        action="programme.goal_add",
        obj=member.programme,
        area=member.programme.area,
        changes={"staff": member.name, "goal": [None, goal]},
    )
    return made


@transaction.atomic
def goal_achieved(*, actor: User, goal: CompetenceGoal, on: date) -> CompetenceGoal:
    goal.achieved_on = on
    goal.save(update_fields=["achieved_on"])
    programme = goal.staff.programme
    audit_record(
        actor=actor,
        action="programme.goal_achieved",
        obj=programme,
        area=programme.area,
        changes={"staff": goal.staff.name, "goal": goal.goal},
    )
    return goal


@transaction.atomic
def training_add(*, actor: User, member: StaffMember, **fields: Any) -> StaffTraining:
    goal = fields.get("goal")
    if goal is not None and goal.staff_id != member.pk:
        raise ValidationError({"goal": _("Choose one of this person's own goals.")})
    training = StaffTraining.objects.create(staff=member, **fields)
    audit_record(
        actor=actor,
        action="programme.training_add",
        obj=member.programme,
        area=member.programme.area,
        changes={"staff": member.name, "training": [None, training.title]},
    )
    return training


@transaction.atomic
def report_narratives_save(
    *, actor: User, programme: Programme, start: date, end: date, texts: dict[str, str]
) -> list[ReportNarrative]:
    """The manager's own words for the sections of one period's report; an emptied text is
    removed, and the log keeps which sections changed, not the words."""
    existing = {
        n.section: n
        for n in ReportNarrative.objects.filter(programme=programme, start=start, end=end)
    }
    changed: list[str] = []
    for section, text in texts.items():
        text = text.strip()
        found = existing.get(section)
        if found is not None and not text:
            found.delete()
            changed.append(section)
        elif found is not None and found.text != text:
            found.text, found.updated_by = text, actor
            found.save(update_fields=["text", "updated_by", "updated_at"])
            changed.append(section)
        elif found is None and text:
            existing[section] = ReportNarrative.objects.create(
                programme=programme,
                start=start,
                end=end,
                section=section,
                text=text,
                updated_by=actor,
            )
            changed.append(section)
    if changed:
        audit_record(
            actor=actor,
            action="programme.report_texts",
            obj=programme,
            area=programme.area,
            changes={"period": f"{start}–{end}", "sections": changed},
        )
    return list(ReportNarrative.objects.filter(programme=programme, start=start, end=end))
