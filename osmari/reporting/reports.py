"""The progress report for the funder and the steering group, as a PDF and as XLSX.

One `progress()` gathers every section; the PDF and the workbook are two layouts of the same
content, so they can never disagree. For those who may see persons, every participant number
names its list: the workbook's "Participants" sheet has one row per person and one column per
indicator (1 counts, 0 does not, "?" data missing, "–" not in the indicator's group), and
the PDF gives the address of each list. Analysts and funders get aggregates only, with small
groups hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.styles import Font

from osmari.agreements.models import AgreementStatus, CooperationAgreement
from osmari.agreements.template_selectors import template_versions_in_period
from osmari.clients import coaching_selectors, service_hours
from osmari.core.exports import workbook, xlsx_append, xlsx_download
from osmari.core.models import EmploymentArea
from osmari.core.pdf import pdf_download
from osmari.feedback.models import ServiceChange
from osmari.feedback.suppression import suppress
from osmari.feedback.version_selectors import survey_version_changes
from osmari.reciprocity.models import Delivery, SubsidyCommitment
from osmari.reciprocity.selectors import de_minimis_summary
from osmari.reporting import budget, indicators, selectors, workplan, workplan_selectors
from osmari.reporting.competence_selectors import competence_for_period, dissemination_for_period
from osmari.reporting.models import (
    Programme,
    ReportSection,
    StaffTraining,
    WorkingTime,
    WorkPackage,
)
from osmari.reporting.municipal_selectors import municipal_shares
from osmari.reporting.partners import partner_progress


@dataclass
class TargetLine:
    label: str
    target: int
    in_period: int | None
    to_date: int | None
    code: str | None


@dataclass
class ClientWorkLine:
    """One kind of client work in the period; None stands for a number hidden because the
    group is small (or so that a small group cannot be worked out)."""

    label: str
    people: int | None
    activities: int | None
    hours: Decimal | None


@dataclass
class Section:
    """One work package of the plan, or the programme's management, as the report tells it:
    the manager's text, what was planned and done in the period (with the evidence), what
    changed because of feedback, and the numbers that belong to it."""

    key: str
    title: str
    text: str = ""
    planned: list[str] = field(default_factory=list)
    # (what was done, its evidence)
    done: list[tuple[str, str]] = field(default_factory=list)
    # (day, what changed, why)
    changes: list[tuple[date, str, str]] = field(default_factory=list)
    figures: list[tuple[str, object]] = field(default_factory=list)


@dataclass
class Progress:
    programme: Programme
    start: date
    end: date
    language: str
    persons_allowed: bool
    minimum: int
    targets: list[TargetLine]
    indicators: list[selectors.ShownResult]
    costs_in_period: budget.Costs
    hours_in_period: Decimal
    planned_total: budget.Costs
    actual_total: budget.Costs
    year_rows: list[selectors.BudgetRow]
    claim_rows: list[selectors.BudgetRow]
    changes: list[ServiceChange]
    partnerships: list[tuple[str, object]]
    trainings: list[StaffTraining]
    goals_achieved: int
    goals_open: int
    participants: list[dict] = field(default_factory=list)
    # The client work of the period by kind, and the line of all kinds together.
    client_work: list[ClientWorkLine] = field(default_factory=list)
    client_work_total: ClientWorkLine | None = None
    # The manager's summary of the period, and the work packages one by one.
    summary: str = ""
    sections: list[Section] = field(default_factory=list)


def progress(
    programme: Programme, start: date, end: date, *, persons_allowed: bool, language: str
) -> Progress:
    area, minimum = programme.area, programme.area.min_group_size
    records = selectors.participant_records(area=area, start=programme.starts_on, end=end)
    in_period = indicators.compute(
        records, selectors.entity_records(area=area, start=start, end=end), start, end
    )
    organisations_now = len(selectors.organisations_taking_part(programme, start, end))
    hours = _working_hours(programme, start, end)
    year_rows, claim_rows, planned_total, actual_total = selectors.budget_follow_up(programme)
    goals_achieved, goals_open = _goals_in_period(programme, start, end)
    report = Progress(
        programme=programme,
        start=start,
        end=end,
        language=language,
        persons_allowed=persons_allowed,
        minimum=minimum,
        targets=_target_lines(
            programme, records, in_period, organisations_now, end, persons_allowed=persons_allowed
        ),
        indicators=selectors.shown(
            in_period, minimum=minimum, persons_allowed=persons_allowed, language=language
        ),
        costs_in_period=budget.costs(
            budget.sum_salary(hours), programme.flat_rate_percent, programme.public_percent
        ),
        hours_in_period=sum((h for h, _r in hours), Decimal(0)),
        planned_total=planned_total,
        actual_total=actual_total,
        year_rows=year_rows,
        claim_rows=claim_rows,
        changes=_service_changes(area, start, end),
        partnerships=_partnerships(programme, start, end, hosting=organisations_now),
        trainings=_trainings_completed(programme, start, end),
        goals_achieved=goals_achieved,
        goals_open=goals_open,
    )
    report.client_work, report.client_work_total = client_work(
        area, start, end, minimum=minimum, persons_allowed=persons_allowed
    )
    if persons_allowed:
        report.participants = _participant_rows(programme, records, in_period, start, end)
    texts = selectors.report_texts(programme=programme, start=start, end=end)
    report.summary = texts.get(ReportSection.SUMMARY, "")
    report.sections = _sections(report, texts)
    return report


def _sections(report: Progress, texts: dict[str, str]) -> list[Section]:
    """Each work package's part of the report, in the plan's order: the manager's text, the
    plan's milestones of the period with their evidence, what changed because of feedback,
    and the numbers that belong to the package."""
    programme, start, end = report.programme, report.start, report.end
    sections = {
        key: Section(key=key, title=str(ReportSection(key).label), text=texts.get(key, ""))
        for key in ReportSection.values
        if key != ReportSection.SUMMARY
    }
    for package in workplan_selectors.progress(programme, start, end):
        section = sections[PACKAGE_SECTION[package.package.kind]]
        section.planned.append(f"{package.package}: {package.goals}")
        for row in package.milestones:
            milestone = row.milestone
            line = _("%(milestone)s (due %(due)s): %(state)s") % {
                "milestone": milestone.title,
                "due": f"{milestone.due_on:%d.%m.%Y}",
                "state": _state(row),
            }
            if row.state in (workplan.State.DONE, workplan.State.DONE_LATE):
                section.done.append((line, _evidence(row.evidence)))
            else:
                section.planned.append(line)
        section.figures += [
            (
                _("%(package)s: hours in the period") % {"package": package.package.code},
                package.hours,
            ),
            (
                _("%(package)s: costs to date against the plan (€)")
                % {"package": package.package.code},
                f"{package.actual_to_date.total} / {package.planned.total}",
            ),
        ]
    tp1 = sections[ReportSection.TP1]
    tp1.figures = [
        (line.label, _cell(line.in_period)) for line in report.targets if line.code is not None
    ] + tp1.figures
    if report.client_work_total is not None:
        tp1.figures.append(
            (_("People in client work in the period"), _cell(report.client_work_total.people))
        )
    tp2 = sections[ReportSection.TP2]
    tp2.changes = [
        (change.changed_on, change.title, change.description) for change in report.changes
    ]
    for version in survey_version_changes(programme, start, end):
        day = version.published_on or version.piloted_on
        what = _("%(survey)s, version %(number)s (%(status)s)") % {
            "survey": version.survey,
            "number": version.number,
            "status": version.status,
        }
        tp2.changes.append((day, what, _why(version.what, version.why, version.prompted_by)))
    tp3 = sections[ReportSection.TP3]
    for step in template_versions_in_period(programme, start, end):
        day = step.published_on or step.piloted_from or step.retired_on
        what = _("Agreement template, version %(version)s (%(status)s)") % {
            "version": step.version,
            "status": step.status_label,
        }
        tp3.changes.append((day, what, _why(step.what_changed, step.why, step.prompted_by)))
    partners = partner_progress(programme, start, end)
    tp3.figures += [
        (_("Target: organisations taking part"), partners.target),
        (_("Organisations with a letter of intent"), partners.total.letter),
        (_("Organisations with a cooperation agreement"), partners.total.agreement),
        (_("Organisations with a participant's period"), partners.total.period),
        (_("Organisations with all three"), partners.total.all_three),
    ]
    tp4 = sections[ReportSection.TP4]
    tp4.figures = list(report.partnerships) + tp4.figures
    aid = de_minimis_summary(programme, start, end)
    tp4.figures += [
        (_("De minimis aid granted in the period (€)"), aid.total),
        (_("Undertakings granted de minimis aid"), len(aid.undertakings)),
        (_("Decisions refused for the de minimis ceiling"), len(aid.refusals)),
    ]
    management = sections[ReportSection.MANAGEMENT]
    competence = competence_for_period(programme, start, end)
    dissemination = dissemination_for_period(programme, start, end)
    management.figures = [
        (_("Hours worked for the programme in the period"), report.hours_in_period),
        (_("Costs in the period (€)"), report.costs_in_period.total),
        *management.figures,
        *[
            (
                _("Municipal share, %(municipality)s: actual in the period (€)")
                % {"municipality": row.municipality},
                row.actual,
            )
            for row in municipal_shares(programme, start, end).rows
        ],
        (_("Trainings completed in the period"), competence.trainings),
        (_("People trained in the period"), competence.people),
        *[
            (_("Trained in %(topic)s") % {"topic": line.label}, line.people)
            for line in competence.topics
            if line.trainings
        ],
        (_("Competence goals achieved in the period"), report.goals_achieved),
        (_("Competence goals still open"), report.goals_open),
        (_("Communication in the period"), dissemination.total),
        (_("People reached by communication"), dissemination.reached),
        *[(line.label, line.count) for line in dissemination.by_kind if line.count],
    ]
    return list(sections.values())


# The report section each kind of work package belongs to.
PACKAGE_SECTION = {
    WorkPackage.Kind.IDENTIFICATION: ReportSection.TP1,
    WorkPackage.Kind.FEEDBACK: ReportSection.TP2,
    WorkPackage.Kind.AGREEMENTS: ReportSection.TP3,
    WorkPackage.Kind.RECIPROCITY: ReportSection.TP4,
    WorkPackage.Kind.MANAGEMENT: ReportSection.MANAGEMENT,
}


def _state(row: workplan_selectors.MilestoneRow) -> str:
    """A milestone's state in the words of the work-plan page."""
    n = row.days_late
    if row.state == workplan.State.DONE:
        return _("Done")
    if row.state == workplan.State.DONE_LATE:
        return ngettext("Done, %(n)s day late", "Done, %(n)s days late", n) % {"n": n}
    if row.state == workplan.State.OVERDUE:
        return ngettext("Overdue by %(n)s day", "Overdue by %(n)s days", n) % {"n": n}
    if row.state == workplan.State.DUE_SOON:
        return _("Due soon")
    return str(row.milestone.get_status_display())


def _evidence(update) -> str:
    if update is None:
        return ""
    if update.evidence_link:
        return update.evidence_link
    if update.evidence_number is not None:
        return f"{update.evidence_number.normalize():f} {update.evidence_number_label}"
    return ""


def _why(what: str, why: str, prompted_by: str) -> str:
    parts = [what, why]
    if prompted_by:
        parts.append(_("Prompted by: %(source)s") % {"source": prompted_by})
    return " ".join(part for part in parts if part)


def client_work(
    area: EmploymentArea, start: date, end: date, *, minimum: int, persons_allowed: bool
) -> tuple[list[ClientWorkLine], ClientWorkLine]:
    """How many people got each kind of client work in the period, how many activities and
    how many hours, from the activities the coaches recorded. For aggregates-only readers a
    kind with fewer people than the minimum is hidden whole, with as many others as needed
    so that it cannot be worked out from the total."""
    rows, everyone = coaching_selectors.work_by_kind(area=area, start=start, end=end)
    hidden: frozenset[int] = frozenset()
    total_hidden = False
    if not persons_allowed:
        decision = suppress({row.kind.pk: row.people for row in rows}, minimum)
        hidden, total_hidden = decision.hidden, decision.total_hidden or 0 < everyone < minimum
    lines = [
        ClientWorkLine(str(row.kind), None, None, None)
        if row.kind.pk in hidden
        else ClientWorkLine(
            str(row.kind), row.people, row.activities, service_hours.hours(row.minutes)
        )
        for row in rows
    ]
    total = ClientWorkLine(
        _("All client work"),
        None if total_hidden else everyone,
        None if total_hidden else sum(row.activities for row in rows),
        None if total_hidden else service_hours.hours(sum(row.minutes for row in rows)),
    )
    return lines, total


def _target_lines(
    programme: Programme,
    records: list[indicators.Participant],
    in_period: dict[str, indicators.Result],
    organisations_now: int,
    end: date,
    *,
    persons_allowed: bool,
) -> list[TargetLine]:
    """Each target in the period and for the programme to date."""
    minimum = programme.area.min_group_size
    # Only the targets are reported to date: four indicators, not all of them.
    target_indicators = [indicators.BY_CODE[t.indicator] for t in selectors.TARGETS if t.indicator]
    to_date = indicators.compute(records, [], programme.starts_on, end, target_indicators)
    organisations_all = len(
        selectors.organisations_taking_part(programme, programme.starts_on, end)
    )

    def reached(code: str | None, results, organisations: int) -> int | None:
        if code is None:
            return organisations
        return selectors.count_shown(
            results[code].total, minimum=minimum, persons_allowed=persons_allowed
        )

    return [
        TargetLine(
            str(target.label),
            getattr(programme, target.field),
            reached(target.indicator, in_period, organisations_now),
            reached(target.indicator, to_date, organisations_all),
            target.indicator,
        )
        for target in selectors.TARGETS
    ]


# ---------------------------------------------------------------- the report's own reads


def _working_hours(programme: Programme, start: date, end: date) -> list[tuple[Decimal, Decimal]]:
    """(hours, hourly rate) of the staff's working time in the months of the period."""
    return list(
        WorkingTime.objects.filter(
            staff__programme=programme, month__range=(start.replace(day=1), end)
        ).values_list("hours", "hourly_rate")
    )


def _partnerships(
    programme: Programme, start: date, end: date, *, hosting: int
) -> list[tuple[str, object]]:
    """The employer partnership's measures for the period; `hosting` is the number of
    organisations that hosted a participant in it."""
    area = programme.area
    deliveries = Delivery.objects.filter(organisation__area=area, delivered_on__range=(start, end))
    decisions = SubsidyCommitment.objects.filter(
        organisation__area=area, decided_on__range=(start, end), cancelled_on__isnull=True
    ).aggregate(n=Count("pk"), amount=Sum("amount"))
    active = CooperationAgreement.objects.filter(
        organisation__area=area,
        status__in=[AgreementStatus.ACTIVE, AgreementStatus.REVIEW_DUE],
    ).count()
    return [
        (_("Cooperation agreements in force now"), active),
        (_("Organisations that hosted a participant in the period"), hosting),
        (
            _("Organisations supported in the period (benefits delivered)"),
            deliveries.values("organisation").distinct().count(),
        ),
        (_("Benefits delivered in the period"), deliveries.count()),
        (_("Local subsidy decisions in the period"), decisions["n"]),
        (_("Local subsidies decided in the period (€)"), decisions["amount"] or Decimal(0)),
    ]


def _trainings_completed(programme: Programme, start: date, end: date) -> list[StaffTraining]:
    return list(
        StaffTraining.objects.filter(
            staff__programme=programme, completed_on__range=(start, end)
        ).select_related("staff", "goal")
    )


def _goals_in_period(programme: Programme, start: date, end: date) -> tuple[int, int]:
    """(competence goals achieved in the period, goals still open)."""
    goals = programme.staff.aggregate(
        achieved=Count("goals", filter=Q(goals__achieved_on__range=(start, end))),
        open=Count("goals", filter=Q(goals__achieved_on__isnull=True)),
    )
    return goals["achieved"], goals["open"]


def _service_changes(area: EmploymentArea, start: date, end: date) -> list[ServiceChange]:
    """Changes made to the service in the period, from feedback."""
    return list(
        ServiceChange.objects.filter(area=area, changed_on__range=(start, end)).order_by(
            "changed_on"
        )
    )


def _participant_rows(programme, records, results, start: date, end: date) -> list[dict]:
    """One row per person in any population of the period, with each indicator's verdict."""
    in_any = {
        p.ref
        for p in records
        if any(
            indicators.in_population(population, p, start, end)
            for population in ("entered", "left", "followed_up")
        )
    }
    names = {c.pk: c for c in selectors.people(sorted(in_any), area=programme.area)}
    verdicts: dict[str, tuple[set[int], set[int]]] = {
        code: (set(result.counted), set(result.missing_refs)) for code, result in results.items()
    }
    rows = []
    for p in sorted(records, key=lambda r: r.ref):
        if p.ref not in in_any:
            continue
        row: dict = {"record": p, "client": names.get(p.ref), "values": {}}
        for indicator in indicators.REGISTRY:
            if not indicator.by_gender or not indicator.collected:
                continue
            counted, missing = verdicts[indicator.code]
            if not indicators.in_population(indicator.population, p, start, end):
                value = "–"
            elif p.ref in counted:
                value = 1
            elif p.ref in missing and indicator.code != "EECO01":
                value = "?"
            else:
                value = 0
            row["values"][indicator.code] = value
        rows.append(row)
    return rows


def list_url(programme: Programme, code: str, start: date, end: date, which="counted") -> str:
    return (
        reverse("reporting:people", args=[programme.pk, code])
        + f"?start={start}&end={end}&which={which}"
    )


def as_pdf(request, report: Progress, *, filename: str) -> HttpResponse:
    if report.persons_allowed:
        for row in report.indicators:
            if row.indicator.by_gender and row.indicator.collected:
                code = row.indicator.code
                row.links = (
                    request.build_absolute_uri(
                        list_url(report.programme, code, report.start, report.end)
                    ),
                    request.build_absolute_uri(
                        list_url(report.programme, code, report.start, report.end, "missing")
                    ),
                )
    return pdf_download(request, "reporting/report_pdf.html", {"report": report}, filename=filename)


def _sheet(book, title: str, header: list[str], rows, first: bool = False, caption: str = ""):
    bold = Font(bold=True)
    ws = book.active if first else book.create_sheet()
    ws.title = title[:31]
    if caption:
        xlsx_append(ws, [caption])
        ws["A1"].font = bold
        xlsx_append(ws, [])
    xlsx_append(ws, header)
    for c in ws[ws.max_row]:
        c.font = bold
    for row in rows:
        xlsx_append(ws, row)


def _cell(value):
    return selectors.HIDDEN if value is None else value


def _costs(c: budget.Costs):
    return (c.salary, c.flat_rate, c.total, c.public_share, c.municipal_share)


def _budget_rows(report: Progress) -> list[tuple]:
    rows = [
        (_("Plan, whole programme"), "", *_costs(report.planned_total)),
        (_("Actual, whole programme so far"), "", *_costs(report.actual_total)),
        (_("Actual in the report period"), report.hours_in_period, *_costs(report.costs_in_period)),
    ]
    for kind, spans in (
        (_("Implementation year"), report.year_rows),
        (_("Payment claim"), report.claim_rows),
    ):
        for row in spans:
            rows.append((f"{kind} {row.span.label}: {_('plan')}", "", *_costs(row.planned)))
            rows.append((f"{kind} {row.span.label}: {_('actual')}", row.hours, *_costs(row.actual)))
    return rows


def _competence_rows(report: Progress) -> list[tuple]:
    return [
        (t.staff.name, t.title, t.provider, t.completed_on, t.hours, t.goal.goal if t.goal else "")
        for t in report.trainings
    ] + [
        (_("Goals achieved in the period"), report.goals_achieved),
        (_("Goals still open"), report.goals_open),
    ]


def _section_rows(report: Progress) -> list[tuple]:
    rows: list[tuple] = []
    if report.summary:
        rows.append((str(ReportSection.SUMMARY.label), _("Text"), report.summary, ""))
    for section in report.sections:
        if section.text:
            rows.append((section.title, _("Text"), section.text, ""))
        rows += [(section.title, _("Planned"), item, "") for item in section.planned]
        rows += [(section.title, _("Done"), item, evidence) for item, evidence in section.done]
        rows += [
            (section.title, _("Changed because of feedback"), f"{on:%d.%m.%Y} {what}", why)
            for on, what, why in section.changes
        ]
        rows += [(section.title, _("Figure"), label, value) for label, value in section.figures]
    return rows


def _participants_sheet(book, report: Progress) -> None:
    codes = [i.code for i in indicators.REGISTRY if i.by_gender and i.collected]
    _sheet(
        book,
        _("Participants"),
        [_("Client number"), _("Name"), _("Gender"), _("Entry date"), _("Exit date"), *codes],
        [
            (
                row["record"].ref,
                str(row["client"]) if row["client"] else "",
                row["record"].gender,
                row["record"].entered_on,
                row["record"].left_on,
                *[row["values"][code] for code in codes],
            )
            for row in report.participants
        ],
    )


def as_xlsx(report: Progress, *, name: str) -> HttpResponse:
    book = workbook()
    _sheet(
        book,
        _("Targets"),
        [_("Target"), _("Target value"), _("In the period"), _("Programme to date")],
        [
            (line.label, line.target, _cell(line.in_period), _cell(line.to_date))
            for line in report.targets
        ],
        first=True,
        caption=f"{report.programme.name} {report.start:%d.%m.%Y}–{report.end:%d.%m.%Y}",
    )
    _sheet(
        book,
        _("Work packages"),
        [_("Section"), _("Part"), _("Content"), _("Evidence or value")],
        _section_rows(report),
    )
    _sheet(book, _("ESF+ indicators"), *selectors.indicator_table(report.indicators))
    _sheet(
        book,
        _("Client work"),
        [_("Kind of activity"), _("People"), _("Number of activities"), _("Hours")],
        [
            (line.label, _cell(line.people), _cell(line.activities), _cell(line.hours))
            for line in [*report.client_work, report.client_work_total]
            if line is not None
        ],
    )
    money = [
        _("Salary costs (€)"),
        _("Flat rate (€)"),
        _("Total (€)"),
        _("EU and state (€)"),
        _("Municipalities (€)"),
    ]
    _sheet(book, _("Budget"), [_("Line"), _("Hours"), *money], _budget_rows(report))
    _sheet(
        book,
        _("Changes from feedback"),
        [_("Changed on"), _("What was changed"), _("Why, and what the feedback said")],
        [(c.changed_on, c.title, c.description) for c in report.changes],
    )
    _sheet(book, _("Employer partnerships"), [_("Measure"), _("Value")], report.partnerships)
    _sheet(
        book,
        _("Staff competence"),
        [_("Person"), _("Training"), _("Provider"), _("Completed"), _("Hours"), _("Goal")],
        _competence_rows(report),
    )
    if report.persons_allowed:
        _participants_sheet(book, report)
    return xlsx_download(book, name=name)
