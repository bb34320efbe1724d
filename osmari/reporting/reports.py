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
from openpyxl.styles import Font

from osmari.agreements.models import AgreementStatus, CooperationAgreement
from osmari.clients import coaching_selectors, service_hours
from osmari.core.exports import workbook, xlsx_append, xlsx_download
from osmari.core.models import EmploymentArea
from osmari.core.pdf import pdf_download
from osmari.feedback.models import ServiceChange
from osmari.feedback.suppression import suppress
from osmari.reciprocity.models import Delivery, SubsidyCommitment
from osmari.reporting import budget, indicators, selectors
from osmari.reporting.models import Programme, StaffTraining, WorkingTime


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
    return report


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
