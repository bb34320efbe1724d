"""Reads for targets, indicators and the budget: records in, plain numbers out.

The indicators and targets are computed by the pure modules from the records loaded here, so
every page, export and the command line count the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.accounts import access
from osmari.clients.models import Client, Enrolment
from osmari.core.models import EmploymentArea, Municipality
from osmari.employers.models import Organisation
from osmari.feedback.suppression import suppress
from osmari.placements.models import Placement, PlacementStatus
from osmari.reciprocity.models import Delivery, SubsidyCommitment
from osmari.reporting import budget, facts, indicators, outcomes, periods
from osmari.reporting.models import (
    PlannedYear,
    Programme,
    ReportNarrative,
    StaffMember,
    WorkingTime,
)

# ---------------------------------------------------------------- programmes


def programmes_for(user, permission: str) -> list[Programme]:
    areas = access.areas_where(user, permission)
    return list(Programme.objects.filter(area__in=areas).select_related("area"))


def programme_get_for_user(*, user, pk: int, permission: str) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("area"), pk=pk)
    if not access.may(user, permission, programme):
        raise PermissionDenied
    return programme


def programme_so_far(programme: Programme, today: date) -> tuple[date, date]:
    """The period shown unless another is asked for: from the programme's first day to today,
    or to its last day once it has ended."""
    return programme.starts_on, min(today, programme.ends_on)


def period_as_seen(start: date, end: date, *, persons_allowed: bool) -> tuple[date, date]:
    """The period a viewer's figures are counted over. Without the right to see people it is
    widened to whole calendar months: with free dates, two periods a day apart would single
    out whoever entered or left that day."""
    return (start, end) if persons_allowed else periods.whole_months(start, end)


# ---------------------------------------------------------------- records for the indicators

# The enrolment's ESF+ data, without the EURA bookkeeping the indicators do not read.
INDICATOR_FIELDS = facts.INDICATOR_FIELDS


def participant_records(
    *,
    area: EmploymentArea | None,
    start: date,
    end: date,
    municipality: Municipality | None = None,
) -> list[indicators.Participant]:
    """Every enrolment that entered or left within start..end, with what the indicators need.

    Two queries whatever the number of people: enrolments with their client's fields, and
    the unemployment spells of the same people (for long-term unemployment at entry).
    """
    enrolments = Enrolment.objects.filter(
        Q(entered_on__range=(start, end)) | Q(left_on__range=(start, end))
    )
    if area is not None:
        enrolments = enrolments.filter(client__area=area)
    if municipality is not None:
        enrolments = enrolments.filter(client__municipality=municipality)
    return facts.participants(enrolments)


def entity_records(
    *, area: EmploymentArea | None, start: date, end: date
) -> list[indicators.Entity]:
    """Organisations supported themselves within the period: a delivered benefit (guidance,
    training, recognition...) or a local subsidy decision that was not cancelled."""
    days: dict[int, list[date]] = defaultdict(list)
    deliveries = Delivery.objects.filter(delivered_on__range=(start, end))
    decisions = SubsidyCommitment.objects.filter(
        decided_on__range=(start, end), cancelled_on__isnull=True
    )
    if area is not None:
        deliveries = deliveries.filter(organisation__area=area)
        decisions = decisions.filter(organisation__area=area)
    for organisation_id, day in deliveries.values_list("organisation_id", "delivered_on"):
        days[organisation_id].append(day)
    for organisation_id, day in decisions.values_list("organisation_id", "decided_on"):
        days[organisation_id].append(day)
    kinds = Organisation.objects.filter(pk__in=days).values_list("pk", "kind", "size")
    return [
        indicators.Entity(ref=pk, kind=kind, size=size, supported_on=tuple(days[pk]))
        for pk, kind, size in kinds
    ]


ENTITY_INDICATORS = tuple(i for i in indicators.REGISTRY if i.population == "entities")


def indicator_results(
    *, area: EmploymentArea | None, start: date, end: date
) -> dict[str, indicators.Result]:
    """Every indicator of the registry for the period: the participants' counted from the
    indicator facts (brought up to date first), the supported organisations' as records."""
    area_id = area.pk if area is not None else None
    facts.facts_catch_up()
    people = facts.participant_results(area_id=area_id, start=start, end=end)
    entities = indicators.compute(
        [], entity_records(area=area, start=start, end=end), start, end, ENTITY_INDICATORS
    )
    return {
        i.code: people[i.code] if i.code in people else entities[i.code]
        for i in indicators.REGISTRY
    }


def indicator_figures_as_of():
    """When the indicator facts were last compared with all of their sources (the local
    time), or None if they never were."""
    checked_at = facts.facts_checked_at()
    return timezone.localtime(checked_at) if checked_at else None


def indicator_results_from_registry(
    *, area: EmploymentArea | None, start: date, end: date
) -> dict[str, indicators.Result]:
    """The same, counted person by person by the registry from the records: the definition
    the facts are held to."""
    return indicators.compute(
        participant_records(area=area, start=start, end=end),
        entity_records(area=area, start=start, end=end),
        start,
        end,
    )


def outcome_people(*, area: EmploymentArea | None, start: date, end: date) -> list[outcomes.Person]:
    """The participants who entered or left within start..end, read as the indicators read
    them (so the outcomes agree with the ESF+ indicators), with their language and the code
    of their municipality."""
    records = participant_records(area=area, start=start, end=end)
    groups = {
        pk: (language, code)
        for pk, language, code in Client.objects.filter(
            pk__in=[p.ref for p in records]
        ).values_list("pk", "preferred_language", "municipality__code")
    }
    return [outcomes.Person(p, *groups[p.ref]) for p in records]


def outcome_groups(
    *, area: EmploymentArea | None, start: date, end: date, by: outcomes.By
) -> dict[str, dict[str, int]]:
    return outcomes.by_group(outcome_people(area=area, start=start, end=end), by, start, end)


def count_shown(value: int, *, minimum: int, persons_allowed: bool) -> int | None:
    """A count of people as the viewer may see it: None for a small group shown to those who
    see aggregates only (no one at all is not a group)."""
    return value if persons_allowed or not 0 < value < minimum else None


@dataclass
class ShownResult:
    """An indicator's result as one user may see it: small groups hidden for aggregates-only
    viewers (None stands for a hidden number)."""

    indicator: indicators.Indicator
    total: int | None
    women: int | None
    men: int | None
    non_binary: int | None
    missing: int | None
    population: int
    label: str
    definition: str
    hidden: bool = False
    # For those who may see persons: the addresses of the lists behind the number and the gap.
    links: tuple[str, str] | None = None
    # The answer in place of the numbers for an indicator whose data are not collected.
    not_collected: str = ""


def shown(
    results: dict[str, indicators.Result],
    *,
    minimum: int,
    persons_allowed: bool,
    language: str,
) -> list[ShownResult]:
    rows = []
    for indicator in indicators.REGISTRY:
        result = results[indicator.code]
        values: dict[str, int | None] = {
            "total": result.total,
            "women": result.women,
            "men": result.men,
            "non_binary": result.non_binary,
            "missing": result.missing,
        }
        hidden = False
        if not indicator.collected:
            values = dict.fromkeys(values)
        elif not persons_allowed and indicator.by_gender:
            # Named as the outcomes' gender groups (`outcomes.GENDERS`): the two tables hold
            # the same people, and the same names break ties alike, so that each hides the
            # same cells and neither gives away what the other hides.
            cells = {
                "female": result.women,
                "male": result.men,
                "non_binary": result.non_binary,
                "unknown": result.total - result.women - result.men - result.non_binary,
            }
            decision = suppress(cells, minimum)
            for key, cell in (("women", "female"), ("men", "male"), ("non_binary", "non_binary")):
                if not decision.shows(cell):
                    values[key], hidden = None, True
            if decision.total_hidden or 0 < result.total < minimum:
                values["total"], hidden = None, True
            if 0 < result.missing < minimum:
                values["missing"], hidden = None, True
        rows.append(
            ShownResult(
                indicator,
                population=result.population,
                label=indicator.label(language),
                definition=indicator.explain(language),
                hidden=hidden,
                not_collected=indicator.not_collected(language),
                total=values["total"],
                women=values["women"],
                men=values["men"],
                non_binary=values["non_binary"],
                missing=values["missing"],
            )
        )
    return rows


def people(refs: list[int], *, area: EmploymentArea) -> list[Client]:
    """The programme's people behind a number: never anyone outside its area."""
    return list(
        Client.objects.filter(area=area, pk__in=refs)
        .select_related("municipality", "coach", "enrolment")
        .order_by("last_name", "first_name")
    )


HIDDEN = "–"  # a small group, or one hidden so that a small group cannot be worked out


def indicator_table(rows: list[ShownResult]) -> tuple[list[str], list[list]]:
    """The indicators as a table for an export: the same columns in every file."""
    header = [
        _("Code"),
        _("Indicator"),
        _("Total"),
        _("Women"),
        _("Men"),
        _("Non-binary"),
        _("Data missing"),
        _("Definition"),
    ]

    def cell(value):
        return HIDDEN if value is None else value

    body = [
        [row.indicator.code, row.label, row.not_collected, "", "", "", "", row.definition]
        if row.not_collected
        else [
            row.indicator.code,
            row.label,
            cell(row.total),
            *(
                [cell(row.women), cell(row.men), cell(row.non_binary)]
                if row.indicator.by_gender
                else ["", "", ""]
            ),
            cell(row.missing),
            row.definition,
        ]
        for row in rows
    ]
    return header, body


# ---------------------------------------------------------------- targets


@dataclass
class TargetRow:
    key: str
    label: str
    target: int
    by_year: list[int]
    reached: int
    forecast: periods.Forecast
    indicator: str | None  # the indicator whose list lies behind the number
    years: list[periods.Span] = field(default_factory=list)

    @property
    def year_cells(self) -> list[tuple[periods.Span, int]]:
        return list(zip(self.years, self.by_year, strict=True))


@dataclass
class MunicipalityRow:
    municipality: Municipality
    counts: dict[str, int] = field(default_factory=dict)


def _hosted_periods(programme: Programme, start: date, end: date) -> list[tuple[int, int, date]]:
    """(organisation, its municipality, start) of each participant's period starting within
    the span, cancelled periods left out."""
    return list(
        Placement.objects.filter(
            area=programme.area,
            start_on__range=(start, end),
            client__enrolment__isnull=False,
        )
        .exclude(status=PlacementStatus.CANCELLED)
        .values_list("organisation_id", "organisation__municipality_id", "start_on")
    )


def organisations_taking_part(programme: Programme, start: date, end: date) -> set[int]:
    """Host organisations with a participant's period starting within the span."""
    return {organisation for organisation, _m, _d in _hosted_periods(programme, start, end)}


@dataclass(frozen=True)
class Target:
    """One programme target: where its value is set and which indicator counts it (none:
    organisations taking part, counted from the periods hosted)."""

    key: str
    label: str | Promise
    field: str
    indicator: str | None


TARGETS = (
    Target("participants", gettext_lazy("Participants"), "target_participants", "EECO01"),
    Target(
        "job_searching",
        gettext_lazy("Job searching on leaving"),
        "target_job_searching",
        "EECR01",
    ),
    Target(
        "education",
        gettext_lazy("In education or training on leaving"),
        "target_education",
        "EECR02",
    ),
    Target("employed", gettext_lazy("In employment on leaving"), "target_employed", "EECR04"),
    Target(
        "organisations", gettext_lazy("Organisations taking part"), "target_organisations", None
    ),
)


TARGET_INDICATORS = tuple(target.indicator for target in TARGETS if target.indicator)


def target_progress(programme: Programme, today: date):
    """Progress toward each target, per implementation year and per municipality: the
    people counted from the indicator facts (brought up to date first)."""
    end = min(today, programme.ends_on)
    facts.facts_catch_up()
    counted = facts.counted_by_municipality_and_span(
        area_id=programme.area_id,
        start=programme.starts_on,
        end=end,
        codes=TARGET_INDICATORS,
        spans=periods.implementation_years(programme.starts_on, programme.ends_on),
    )
    return _target_tally(programme, end, today, counted)


def target_progress_from_registry(programme: Programme, today: date):
    """The same, with the people counted person by person by the registry from the records:
    the definition the facts are held to."""
    end = min(today, programme.ends_on)
    records = participant_records(area=programme.area, start=programme.starts_on, end=end)
    registry = [indicators.BY_CODE[code] for code in TARGET_INDICATORS]
    whole = indicators.compute(records, [], programme.starts_on, end, registry)
    by_ref = {record.ref: record for record in records}
    years = periods.implementation_years(programme.starts_on, programme.ends_on)

    def year_of(day: date | None) -> int | None:
        span = periods.span_of(day, years) if day else None
        return span.number if span else None

    counted: dict[str, Counter[tuple[int | None, int | None]]] = {}
    for code in TARGET_INDICATORS:
        entered = indicators.BY_CODE[code].population == "entered"
        counted[code] = Counter(
            (
                by_ref[ref].municipality,
                year_of(by_ref[ref].entered_on if entered else by_ref[ref].left_on),
            )
            for ref in whole[code].counted
        )
    return _target_tally(programme, end, today, counted)


def _target_tally(
    programme: Programme,
    end: date,
    today: date,
    counted: dict[str, Counter[tuple[int | None, int | None]]],
):
    """The targets' table from each indicator's counted people by (municipality,
    implementation year's number) and the periods hosted."""
    years = periods.implementation_years(programme.starts_on, programme.ends_on)
    keys = [target.key for target in TARGETS]
    per_year: dict[str, list[int]] = {key: [0] * len(years) for key in keys}
    per_municipality: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(keys, 0))
    reached: dict[str, int] = {}
    for target in TARGETS:
        if target.indicator is None:
            continue
        reached[target.key] = 0
        for (municipality, year), n in counted[target.indicator].items():
            reached[target.key] += n
            if year:
                per_year[target.key][year - 1] += n
            assert municipality is not None  # every client has one
            per_municipality[municipality][target.key] += n
    # One read of the periods hosted gives the organisations of the whole and of each year.
    hosted = _hosted_periods(programme, programme.starts_on, end)
    municipality_of = {organisation: municipality for organisation, municipality, _d in hosted}
    reached["organisations"] = len(municipality_of)
    for municipality_id in municipality_of.values():
        per_municipality[municipality_id]["organisations"] += 1
    for span in years:
        per_year["organisations"][span.number - 1] = len(
            {organisation for organisation, _m, day in hosted if span.contains(day)}
        )
    rows = [
        TargetRow(
            key=target.key,
            label=str(target.label),
            target=getattr(programme, target.field),
            by_year=per_year[target.key],
            reached=reached[target.key],
            forecast=periods.forecast(
                reached[target.key],
                getattr(programme, target.field),
                programme.starts_on,
                programme.ends_on,
                today,
            ),
            indicator=target.indicator,
            years=years,
        )
        for target in TARGETS
    ]
    names = Municipality.objects.in_bulk(list(per_municipality))
    by_municipality = sorted(
        (MunicipalityRow(names[pk], counts) for pk, counts in per_municipality.items()),
        key=lambda row: row.municipality.name_fi,
    )
    return years, rows, by_municipality


def municipality_table(
    rows: list[TargetRow],
    by_municipality: list[MunicipalityRow],
    *,
    minimum: int,
    persons_allowed: bool,
) -> tuple[list[tuple[Municipality, list[tuple[str, str | None, int | None]]]], bool]:
    """Each municipality's count per target (label, indicator, count) as the viewer may see
    it, and whether any is hidden. For aggregates-only viewers a small group is hidden, and
    enough others that it cannot be worked out from the targets' totals (None)."""
    hidden: set[tuple[int, str]] = set()
    if not persons_allowed:
        for target in rows:
            decision = suppress(
                {row.municipality.pk: row.counts[target.key] for row in by_municipality}, minimum
            )
            hidden |= {(pk, target.key) for pk in decision.hidden}
    table = [
        (
            row.municipality,
            [
                (
                    target.label,
                    target.indicator,
                    None if (row.municipality.pk, target.key) in hidden else row.counts[target.key],
                )
                for target in rows
            ],
        )
        for row in by_municipality
    ]
    return table, bool(hidden)


# ---------------------------------------------------------------- budget


@dataclass
class BudgetRow:
    span: periods.Span
    planned: budget.Costs
    actual: budget.Costs
    hours: Decimal

    @property
    def used_percent(self) -> Decimal | None:
        return budget.utilisation(self.actual.total, self.planned.total)


def _costs(programme: Programme, salary: Decimal, unit: Decimal = budget.CENT) -> budget.Costs:
    return budget.costs(salary, programme.flat_rate_percent, programme.public_percent, unit)


def budget_follow_up(programme: Programme):
    """Plan against actuals per implementation year and per payment-claim period.

    The plan of a claim period is its year's plan in proportion to its months.
    """
    years = periods.implementation_years(programme.starts_on, programme.ends_on)
    claims = periods.spans(programme.starts_on, programme.ends_on, programme.claim_period_months)
    plan = {row.year: row.salary_costs for row in PlannedYear.objects.filter(programme=programme)}
    records = list(
        WorkingTime.objects.filter(staff__programme=programme).values_list(
            "month", "hours", "hourly_rate"
        )
    )

    def actual(span: periods.Span) -> tuple[Decimal, Decimal]:
        lines = [(h, r) for month, h, r in records if span.contains(month)]
        return budget.sum_salary(lines), sum((h for h, _r in lines), Decimal(0))

    year_rows = []
    for span in years:
        salary, hours = actual(span)
        year_rows.append(
            BudgetRow(
                span,
                _costs(programme, plan.get(span.number, Decimal(0)), budget.EURO),
                _costs(programme, salary),
                hours,
            )
        )
    claim_rows = []
    for span in claims:
        year = periods.span_of(span.start, years)
        months = programme.claim_period_months
        planned_salary = plan.get(year.number, Decimal(0)) * months / 12 if year else Decimal(0)
        salary, hours = actual(span)
        claim_rows.append(
            BudgetRow(
                span,
                _costs(programme, planned_salary, budget.EURO),
                _costs(programme, salary),
                hours,
            )
        )
    planned_total = _costs(programme, sum(plan.values(), Decimal(0)), budget.EURO)
    actual_salary = budget.sum_salary((h, r) for _m, h, r in records)
    actual_total = _costs(programme, actual_salary)
    return year_rows, claim_rows, planned_total, actual_total


def staff_costs(programme: Programme) -> list[dict]:
    """Per staff member: hours and eligible salary costs recorded so far."""
    rows = []
    records = WorkingTime.objects.filter(staff__programme=programme).values_list(
        "staff_id", "hours", "hourly_rate"
    )
    by_staff: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for staff_id, hours, rate in records:
        by_staff[staff_id].append((hours, rate))
    for member in StaffMember.objects.filter(programme=programme):
        lines = by_staff.get(member.pk, [])
        rows.append(
            {
                "member": member,
                "hours": sum((h for h, _r in lines), Decimal(0)),
                "salary": budget.sum_salary(lines),
            }
        )
    return rows


def organisations_taking_part_list(programme: Programme, start: date, end: date):
    """The organisations behind the "organisations taking part" number, with how many of
    the programme's periods each hosted in the span."""
    hosted = Q(
        placements__area=programme.area,
        placements__start_on__range=(start, end),
        placements__client__enrolment__isnull=False,
    ) & ~Q(placements__status=PlacementStatus.CANCELLED)
    return list(
        Organisation.objects.annotate(periods=Count("placements", filter=hosted, distinct=True))
        .filter(periods__gt=0)
        .select_related("municipality")
        .order_by("name")
    )


def competence_overview(programme: Programme) -> list[StaffMember]:
    return list(
        StaffMember.objects.filter(programme=programme).prefetch_related("goals", "trainings")
    )


def report_texts(*, programme: Programme, start: date, end: date) -> dict[str, str]:
    """The manager's texts for the sections of one period's progress report."""
    return dict(
        ReportNarrative.objects.filter(programme=programme, start=start, end=end).values_list(
            "section", "text"
        )
    )


def eura_project_code(area_id: int) -> str:
    """The EURA 2021 project code of the area's latest programme, or ""."""
    programme = Programme.objects.filter(area_id=area_id).order_by("-starts_on").first()
    return programme.project_code if programme else ""
