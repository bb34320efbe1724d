"""The reporting token's operations (docs/api.md): an area's programmes, their targets, ESF+
indicators and outcomes, and the feedback results, as aggregates only.

Every number goes through the same selectors and the same suppression as the reporting pages
give a viewer who may not see the people behind the numbers: small groups hidden with their
complement. That holds whatever the token may do (`PERSONS_ALLOWED`), so no answer here ever
names, lists or singles out a person. A caller may ask as often as it likes, so two answers
must never subtract to a group smaller than either: figures are counted over single calendar
quarters that have ended (quarters never overlap and no longer change), the targets and
feedback as of the end of the latest of them; outcomes are not grouped by host, and the wage
subsidy's tracks, one of them for reduced work ability, are one group.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status

from osmari.accounts import access
from osmari.accounts.access import TokenHolder
from osmari.api.base import ERRORS, page_of, require, router_for
from osmari.api.v1 import api
from osmari.core.validators import date_in_range
from osmari.feedback import selectors as feedback_selectors
from osmari.feedback.models import Survey
from osmari.reporting import outcomes, periods, selectors
from osmari.reporting.models import Programme
from osmari.reporting.outcome_selectors import (
    group_labels,
    outcome_counts_shown,
    outcome_groups_as_seen,
)

router = router_for("reporting")

# The pages' aggregates-only view, for every token: a reporting tool gets figures to publish
# and compare, never the people behind them.
PERSONS_ALLOWED = False


def _programme(request: HttpRequest, programme_id: int) -> Programme:
    """The programme if it is the token's area's; another area's is not there (404)."""
    caller = require(request, "reporting.view")
    try:
        return selectors.programme_get_for_user(
            user=caller, pk=programme_id, permission="reporting.view"
        )
    except PermissionDenied:
        raise Http404 from None


def _language() -> str:
    return get_language() or "fi"


QUARTER = Query(
    None,
    pattern=periods.QUARTER_PATTERN,
    description=(
        "A calendar quarter that has ended, e.g. 2026-Q3; by default the latest one. Only "
        "single quarters: two periods that overlap would subtract to a group too small to show."
    ),
)


def _quarter(name: str | None) -> periods.Quarter:
    """The quarter asked for (by default the latest that has ended), refused unless it has
    ended: figures still changing could be compared day by day to single out whoever changed
    them."""
    today = timezone.localdate()
    if name is None:
        return periods.last_ended_quarter(today)
    try:
        quarter = periods.Quarter.named(name)
        date_in_range(quarter.start)
    except (ValueError, ValidationError):
        raise ValidationError(
            {"quarter": [_("Give a quarter as a year and its number, e.g. 2026-Q3.")]}
        ) from None
    if not quarter.has_ended(today):
        raise ValidationError({"quarter": [_("This quarter has not ended yet.")]})
    return quarter


# ---------------------------------------------------------------- programmes


class TargetsOut(Schema):
    participants: int
    job_searching: int
    education: int
    employed: int
    organisations: int


class ProgrammeOut(Schema):
    id: int
    name: str
    project_code: str
    starts_on: date
    ends_on: date
    claim_period_months: int
    targets: TargetsOut


class ProgrammeList(Schema):
    items: list[ProgrammeOut]
    next: str | None


def _programme_out(programme: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        id=programme.pk,
        name=programme.name,
        project_code=programme.project_code,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        claim_period_months=programme.claim_period_months,
        targets=TargetsOut(
            **{target.key: getattr(programme, target.field) for target in selectors.TARGETS}
        ),
    )


@router.get(
    "/programmes",
    response={200: ProgrammeList, **ERRORS},
    summary="The area's ESF+ programmes",
)
def programme_list(
    request: HttpRequest, cursor: str | None = None, size: int = Query(50, ge=1, le=200)
):
    caller: TokenHolder = require(request, "reporting.view")
    rows = Programme.objects.filter(area__in=access.areas_where(caller, "reporting.view"))
    items, following = page_of(rows, time_field="created_at", cursor=cursor, size=size)
    return Status(200, ProgrammeList(items=[_programme_out(p) for p in items], next=following))


# ---------------------------------------------------------------- targets


class YearOut(Schema):
    number: int
    start: date
    end: date


class ForecastOut(Schema):
    projected: int
    on_track: bool
    percent: int
    elapsed_share: float


class TargetOut(Schema):
    key: str
    label: str
    target: int
    reached: int
    by_year: list[int]
    forecast: ForecastOut


class MunicipalityOut(Schema):
    code: str
    name: str
    # Per target key; null where a small group is hidden, or hidden with one.
    counts: dict[str, int | None]


class TargetProgressOut(Schema):
    programme_id: int
    as_of: date
    minimum: int
    years: list[YearOut]
    targets: list[TargetOut]
    by_municipality: list[MunicipalityOut]
    any_hidden: bool


@router.get(
    "/programmes/{programme_id}/targets",
    response={200: TargetProgressOut, **ERRORS},
    summary="Progress toward the programme's targets at the end of the latest ended quarter",
)
def programme_targets(request: HttpRequest, programme_id: int):
    programme = _programme(request, programme_id)
    # As of the last day of the latest quarter that has ended: figures that moved day by day
    # would tell, by their difference, whoever entered or left that day.
    today = periods.last_ended_quarter(timezone.localdate()).end
    years, rows, by_municipality = selectors.target_progress(programme, today)
    table, any_hidden = selectors.municipality_table(
        rows,
        by_municipality,
        minimum=programme.area.min_group_size,
        persons_allowed=PERSONS_ALLOWED,
    )
    return Status(
        200,
        TargetProgressOut(
            programme_id=programme.pk,
            as_of=today,
            minimum=programme.area.min_group_size,
            years=[YearOut(number=y.number, start=y.start, end=y.end) for y in years],
            targets=[
                TargetOut(
                    key=row.key,
                    label=row.label,
                    target=row.target,
                    reached=row.reached,
                    by_year=row.by_year,
                    forecast=ForecastOut(
                        projected=row.forecast.projected,
                        on_track=row.forecast.on_track,
                        percent=row.forecast.percent,
                        elapsed_share=row.forecast.elapsed_share,
                    ),
                )
                for row in rows
            ],
            by_municipality=[
                MunicipalityOut(
                    code=municipality.code,
                    name=str(municipality),
                    counts={
                        row.key: value
                        for row, (_label, _code, value) in zip(rows, cells, strict=True)
                    },
                )
                for municipality, cells in table
            ],
            any_hidden=any_hidden,
        ),
    )


# ---------------------------------------------------------------- indicators


class IndicatorOut(Schema):
    code: str
    label: str
    definition: str
    by_gender: bool
    # Null where hidden (a small group, or one hidden with it), not collected, or, for the
    # organisations' indicators, not split by gender.
    total: int | None
    women: int | None
    men: int | None
    non_binary: int | None
    missing: int | None
    hidden: bool
    # Said in place of the numbers for an indicator whose data are not collected.
    not_collected: str | None


class IndicatorsOut(Schema):
    programme_id: int
    quarter: str
    start: date
    end: date
    minimum: int
    figures_as_of: datetime | None
    indicators: list[IndicatorOut]


@router.get(
    "/programmes/{programme_id}/indicators",
    response={200: IndicatorsOut, **ERRORS},
    summary="The ESF+ indicators for a calendar quarter that has ended",
)
def programme_indicators(request: HttpRequest, programme_id: int, quarter: str | None = QUARTER):
    programme = _programme(request, programme_id)
    period = _quarter(quarter)
    start, end = period.start, period.end
    results = selectors.indicator_results(area=programme.area, start=start, end=end)
    rows = selectors.shown(
        results,
        minimum=programme.area.min_group_size,
        persons_allowed=PERSONS_ALLOWED,
        language=_language(),
    )
    return Status(
        200,
        IndicatorsOut(
            programme_id=programme.pk,
            quarter=period.name,
            start=start,
            end=end,
            minimum=programme.area.min_group_size,
            figures_as_of=selectors.indicator_figures_as_of(),
            indicators=[
                IndicatorOut(
                    code=row.indicator.code,
                    label=row.label,
                    definition=row.definition,
                    by_gender=row.indicator.by_gender,
                    total=row.total,
                    women=row.women if row.indicator.by_gender else None,
                    men=row.men if row.indicator.by_gender else None,
                    non_binary=row.non_binary if row.indicator.by_gender else None,
                    missing=row.missing,
                    hidden=row.hidden,
                    not_collected=row.not_collected or None,
                )
                for row in rows
            ],
        ),
    )


# ---------------------------------------------------------------- outcomes


class ShareOut(Schema):
    value: float | None
    low: float | None
    high: float | None


class CountsOut(Schema):
    # Each count (entered, left, employed, education, job_searching, employed_6_months,
    # followed_up); null where hidden.
    counts: dict[str, int | None]
    # The outcomes' shares (of those who left; the six-month one of those followed up) with
    # their Wilson 95 % interval; null where a count it rests on is hidden.
    shares: dict[str, ShareOut | None]


class OutcomeGroupOut(CountsOut):
    key: str
    label: str


class OutcomesOut(Schema):
    programme_id: int
    by: str
    quarter: str
    start: date
    end: date
    minimum: int
    groups: list[OutcomeGroupOut]
    total: CountsOut
    any_hidden: bool


def _counts(counts: dict[str, int | None]) -> dict[str, object]:
    cells = outcomes.cells(counts)
    return {
        "counts": {name: counts.get(name) for name in outcomes.PAGE_COUNTS},
        "shares": {
            name: (
                ShareOut(value=cell.share.value, low=cell.share.low, high=cell.share.high)
                if cell.share is not None
                else None
            )
            for name, cell in cells.items()
            if name in outcomes.SHARE_OF
        },
    }


# The pages' groupings but the host, whose staff would know a participant it had alone; the
# wage subsidy's tracks come as one group (`outcomes.without_track`).
TokenGrouping = Literal[
    "gender", "age_band", "language", "municipality", "instrument", "position_kind"
]


@router.get(
    "/programmes/{programme_id}/outcomes",
    response={200: OutcomesOut, **ERRORS},
    summary="Outcomes of those who left, by group, for a calendar quarter that has ended",
)
def programme_outcomes(
    request: HttpRequest,
    programme_id: int,
    by: TokenGrouping = "instrument",
    quarter: str | None = QUARTER,
):
    programme = _programme(request, programme_id)
    period = _quarter(quarter)
    minimum = programme.area.min_group_size
    groups, start, end, persons = outcome_groups_as_seen(
        area=programme.area,
        start=period.start,
        end=period.end,
        by=by,
        persons_allowed=PERSONS_ALLOWED,
    )
    if by == "instrument":
        groups = outcomes.without_track(groups)
    shown, total = outcome_counts_shown(groups, minimum=minimum, persons_allowed=persons)
    labels = group_labels(by, list(shown), programme.area, tracks=False)
    any_hidden = any(v is None for g in shown.values() for v in g.values()) or (
        None in total.values()
    )
    return Status(
        200,
        OutcomesOut(
            programme_id=programme.pk,
            by=by,
            quarter=period.name,
            start=start,
            end=end,
            minimum=minimum,
            groups=[
                OutcomeGroupOut(key=key, label=labels[key], **_counts(counts))
                for key, counts in shown.items()
            ],
            total=CountsOut(**_counts(total)),
            any_hidden=any_hidden,
        ),
    )


# ---------------------------------------------------------------- feedback


class QuestionOut(Schema):
    key: str
    text: str


class FeedbackRowOut(Schema):
    key: str | None
    label: str
    # Null where the group is hidden (fewer answers than the minimum, or hidden with one).
    n: int | None
    means: dict[str, float | None]
    hidden: bool


class FeedbackResultsOut(Schema):
    survey: str
    dimension: str
    year: int
    # The last day whose answers are counted: the end of the latest quarter that has ended.
    until: date
    minimum: int
    questions: list[QuestionOut]
    rows: list[FeedbackRowOut]
    total: FeedbackRowOut
    hidden_rows: int


def _feedback_row(row: feedback_selectors.Row) -> FeedbackRowOut:
    return FeedbackRowOut(
        key=None if row.key is None else str(row.key),
        label=str(row.label),
        n=None if row.hidden else row.n,
        means={key: None if row.hidden else mean for key, mean in row.means.items()},
        hidden=row.hidden,
    )


@router.get(
    "/feedback-results",
    response={200: FeedbackResultsOut, **ERRORS},
    summary="A feedback survey's results by group, to the latest ended quarter (no free text)",
)
def feedback_results(
    request: HttpRequest,
    survey: str | None = None,
    dimension: Literal["organisation", "position_kind", "municipality", "quarter"] = (
        "organisation"
    ),
    year: int | None = None,
):
    caller = require(request, "feedback.results")
    area = feedback_selectors.results_area_for_user(caller)
    if area is None:
        raise Http404
    surveys = {s.key: s for s in Survey.objects.all()}
    chosen: Survey | None
    if survey is not None:
        chosen = surveys.get(survey)
        if chosen is None:
            raise ValidationError({"survey": [_("No such survey.")]})
    else:
        chosen = surveys.get("participant_end") or next(iter(surveys.values()), None)
        if chosen is None:
            raise Http404
    # The years the results page offers: the current one and the two before it.
    today = timezone.localdate()
    years = list(range(today.year - 2, today.year + 1))
    year = today.year if year is None else year
    if year not in years:
        raise ValidationError(
            {"year": [_("Choose one of: %(choices)s.") % {"choices": ", ".join(map(str, years))}]}
        )
    until = periods.last_ended_quarter(today).end
    table = feedback_selectors.results_table(
        area=area,
        survey=chosen,
        dimension=dimension,
        year=year,
        organisation=feedback_selectors.own_organisation(caller),
        # The answers up to the end of the latest quarter that has ended, as the indicators:
        # a mean that moved with each answer would give that answer away.
        until=until,
    )
    return Status(
        200,
        FeedbackResultsOut(
            survey=chosen.key,
            dimension=table.dimension,
            year=table.year,
            until=until,
            minimum=table.minimum,
            questions=[QuestionOut(key=key, text=text) for key, text in table.questions],
            rows=[_feedback_row(row) for row in table.rows],
            total=_feedback_row(table.total),
            hidden_rows=table.hidden_rows,
        ),
    )


api.add_router("", router)
