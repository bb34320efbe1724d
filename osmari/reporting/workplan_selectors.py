"""Reads of the work plan: packages with their milestones, costs by package, overdue
milestones for the start page, and each package's progress over a period for the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.accounts import access
from osmari.accounts.work import Notice
from osmari.reporting import budget, workplan
from osmari.reporting.models import (
    Milestone,
    MilestoneStatus,
    MilestoneUpdate,
    PlannedYear,
    Programme,
    WorkingTime,
    WorkPackage,
)


@dataclass
class MilestoneRow:
    milestone: Milestone
    state: workplan.State
    days_late: int
    # The latest update with evidence, shown as what shows the status.
    evidence: MilestoneUpdate | None

    @property
    def late(self) -> bool:
        return self.state in (workplan.State.OVERDUE, workplan.State.DONE_LATE)


def _milestone_row(milestone: Milestone, today: date) -> MilestoneRow:
    # Prefetched, newest first; what was recorded after the day does not show it yet.
    updates = [u for u in milestone.updates.all() if u.on <= today]
    evidence = next(
        (u for u in updates if workplan.has_evidence(u.evidence_link, u.evidence_number)), None
    )
    return MilestoneRow(
        milestone,
        workplan.state(milestone.due_on, milestone.done_on, today),
        workplan.days_late(milestone.due_on, milestone.done_on, today),
        evidence,
    )


def _milestones() -> Prefetch:
    return Prefetch(
        "milestones",
        queryset=Milestone.objects.select_related("owner").prefetch_related("updates"),
    )


@dataclass
class PackagePlan:
    package: WorkPackage
    milestones: list[MilestoneRow]

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.milestones if row.state == workplan.State.OVERDUE)

    @property
    def done(self) -> int:
        return sum(1 for row in self.milestones if row.milestone.done_on is not None)


def work_plan(programme: Programme, today: date) -> list[PackagePlan]:
    packages = WorkPackage.objects.filter(programme=programme).prefetch_related(_milestones())
    return [
        PackagePlan(package, [_milestone_row(m, today) for m in package.milestones.all()])
        for package in packages
    ]


def milestone_rows(milestone: Milestone, today: date) -> MilestoneRow:
    return _milestone_row(milestone, today)


# ---------------------------------------------------------------- costs by package


@dataclass
class PackageCosts:
    package: WorkPackage | None  # None: the hours not allocated to a package
    line: budget.PackageLine


def package_costs(programme: Programme, start: date | None = None, end: date | None = None):
    """Costs per work package against its plan, under the programme's unit cost and flat
    rate; the hours not allocated to a package on a last line. With a period, the actual
    costs are those of its months (the plan stays the package's whole plan).

    Returns (rows, plan_of_packages, plan_of_decision): the packages' plans add up to the
    funding decision's salary costs when the plan is complete."""
    packages = list(WorkPackage.objects.filter(programme=programme))
    records = WorkingTime.objects.filter(staff__programme=programme)
    if start is not None and end is not None:
        records = records.filter(month__range=(start.replace(day=1), end))
    lines = budget.by_package(
        {p.pk: p.planned_salary_costs for p in packages},
        records.values_list("package_id", "hours", "hourly_rate"),
        programme.flat_rate_percent,
        programme.public_percent,
    )
    by_pk = {p.pk: p for p in packages}
    rows = [PackageCosts(by_pk.get(line.key) if line.key else None, line) for line in lines]
    planned_packages = sum((p.planned_salary_costs for p in packages), Decimal(0))
    planned_decision = sum(
        PlannedYear.objects.filter(programme=programme).values_list("salary_costs", flat=True),
        Decimal(0),
    )
    return rows, planned_packages, planned_decision


# ---------------------------------------------------------------- the start page

OVERDUE_HEADING = gettext_lazy("Overdue milestones")


def overdue_notices(user) -> list[Notice]:
    """The milestones past their due date and not done, in the programmes the user manages."""
    today = timezone.localdate()
    programmes = [
        p
        for p in Programme.objects.filter(
            area__in=access.areas_where(user, "reporting.manage")
        ).select_related("area")
        if access.may(user, "reporting.manage", p)
    ]
    late = (
        Milestone.objects.filter(package__programme__in=programmes, due_on__lt=today)
        .exclude(status=MilestoneStatus.DONE)
        .select_related("package", "owner")
        .order_by("due_on", "pk")
    )
    return [
        Notice(
            OVERDUE_HEADING,
            _("%(package)s: %(milestone)s – due %(due)s, %(days)s days late%(owner)s")
            % {
                "package": m.package.code,
                "milestone": m.title,
                "due": date_format(m.due_on, "SHORT_DATE_FORMAT"),
                "days": workplan.days_late(m.due_on, None, today),
                "owner": f" ({m.owner.name})" if m.owner else "",
            },
            reverse("reporting:milestone", args=[m.pk]),
        )
        for m in late
    ]


# ---------------------------------------------------------------- the progress report


@dataclass
class PackageProgress:
    """One work package over a period, for the progress report."""

    package: WorkPackage
    goals: str
    deliverables: str
    # Milestones due in the period, or done in it, or overdue at its end.
    milestones: list[MilestoneRow] = field(default_factory=list)
    # Status updates recorded in the period, oldest first, each with its evidence.
    updates: list[MilestoneUpdate] = field(default_factory=list)
    hours: Decimal = Decimal(0)
    planned: budget.Costs = budget.ZERO
    actual: budget.Costs = budget.ZERO
    actual_to_date: budget.Costs = budget.ZERO

    @property
    def used_percent(self) -> Decimal | None:
        return budget.utilisation(self.actual_to_date.total, self.planned.total)


def progress(programme: Programme, start: date, end: date) -> list[PackageProgress]:
    """Per work package for the period start–end (both included): its goals and
    deliverables; the milestones due, done or overdue in it, each with its state on the
    last day and its latest evidence; the status updates recorded in it; the hours and
    costs of the period's months; and the package's whole plan against its costs from the
    programme's start to the period's end."""
    packages = list(WorkPackage.objects.filter(programme=programme).prefetch_related(_milestones()))
    in_period, _p, _d = package_costs(programme, start, end)
    to_date, _p, _d = package_costs(programme, programme.starts_on, end)
    period_lines = {row.line.key: row.line for row in in_period}
    to_date_lines = {row.line.key: row.line for row in to_date}
    result = []
    for package in packages:
        rows = []
        updates = []
        for milestone in package.milestones.all():
            done_in = milestone.done_on is not None and start <= milestone.done_on <= end
            due_in = start <= milestone.due_on <= end
            overdue = milestone.due_on < start and (
                milestone.done_on is None or milestone.done_on > end
            )
            if due_in or done_in or overdue:
                # The state on the period's last day: a later "done" is not yet done.
                done_on = (
                    milestone.done_on
                    if done_in or (milestone.done_on is not None and milestone.done_on <= end)
                    else None
                )
                row = _milestone_row(milestone, end)
                row.state = workplan.state(milestone.due_on, done_on, end)
                row.days_late = workplan.days_late(milestone.due_on, done_on, end)
                rows.append(row)
            updates.extend(u for u in milestone.updates.all() if start <= u.on <= end)
        line = period_lines.get(package.pk)
        whole = to_date_lines.get(package.pk)
        result.append(
            PackageProgress(
                package=package,
                goals=package.goals,
                deliverables=package.deliverables,
                milestones=rows,
                updates=sorted(updates, key=lambda u: (u.on, u.pk)),
                hours=line.hours if line else Decimal(0),
                planned=line.planned if line else budget.ZERO,
                actual=line.actual if line else budget.ZERO,
                actual_to_date=whole.actual if whole else budget.ZERO,
            )
        )
    return result


# ---------------------------------------------------------------- one package or milestone


def package_get_for_user(*, user, pk: int, permission: str) -> WorkPackage:
    package = get_object_or_404(WorkPackage.objects.select_related("programme__area"), pk=pk)
    if not access.may(user, permission, package.programme):
        raise PermissionDenied
    return package


def milestone_get_for_user(*, user, pk: int, permission: str) -> Milestone:
    milestone = get_object_or_404(
        Milestone.objects.select_related("package__programme__area", "owner").prefetch_related(
            Prefetch("updates", queryset=MilestoneUpdate.objects.select_related("recorded_by"))
        ),
        pk=pk,
    )
    if not access.may(user, permission, milestone.package.programme):
        raise PermissionDenied
    return milestone
