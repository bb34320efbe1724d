"""The reporting token's operations (docs/api.md): an area's programmes, their targets, ESF+
indicators and outcomes, and the feedback results, as aggregates only.

A caller may ask as often as it likes and keep every answer, so no answer may be worked out
from others to a group smaller than the area's minimum:
- the programme's figures are its quarters as frozen for open data (`open_data`): whole
  calendar quarters, which never overlap, counted once some weeks after they end and never
  again, with the small groups hidden with their complement and every count rounded before
  they were stored. A token gets what the public files hold (no more groupings), and its
  programme's targets at each quarter's end as totals;
- the feedback results are of a whole year that has ended, by organisation or by quarter,
  the numbers of answers rounded and the means to one decimal.
"""

from __future__ import annotations

import typing
from datetime import date, datetime, timedelta
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
from osmari.feedback.suppression import rounded, rounding_base
from osmari.reporting import indicators, open_data, outcomes, periods, selectors
from osmari.reporting.models import OpenDataQuarter, Programme

router = router_for("reporting")


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
        "A calendar quarter of the programme, e.g. 2026-Q3, once its figures are fixed "
        "(OPEN_DATA_AFTER_DAYS after it ends); by default the latest such quarter."
    ),
)


def _frozen(programme: Programme, name: str | None) -> OpenDataQuarter:
    """The programme's quarter as it was frozen (by default the latest), freezing first any
    that is due. Never counted live: a quarter's figures change for weeks after it ends
    (late entries, follow-ups, corrections), and two answers a day apart would differ by
    whoever changed. A quarter not frozen yet is refused, saying when it will be."""
    today = timezone.localdate()
    open_data.freeze_programme(programme, today=today)
    frozen = {row.start: row for row in programme.open_data_quarters.all()}
    wait = open_data.after_days()
    if name is None:
        if not frozen:
            raise ValidationError(
                {
                    "quarter": [
                        _(
                            "No quarter of this programme has been counted yet: a quarter's "
                            "figures are fixed %(days)s days after it ends."
                        )
                        % {"days": wait}
                    ]
                }
            )
        return frozen[max(frozen)]
    try:
        quarter = periods.Quarter.named(name)
        date_in_range(quarter.start)
    except (ValueError, ValidationError):
        raise ValidationError(
            {"quarter": [_("Give a quarter as a year and its number, e.g. 2026-Q3.")]}
        ) from None
    if quarter.start in frozen:
        return frozen[quarter.start]
    if (quarter.start, quarter.end) not in open_data.quarters(programme):
        raise ValidationError({"quarter": [_("The programme did not run in this quarter.")]})
    ready = quarter.end + timedelta(days=wait)
    raise ValidationError(
        {
            "quarter": [
                _("This quarter's figures are fixed on %(day)s, %(days)s days after it ends.")
                % {"day": ready.isoformat(), "days": wait}
            ]
        }
    )


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


class TargetProgressOut(Schema):
    programme_id: int
    quarter: str
    # The last day counted: the end of the quarter.
    as_of: date
    years: list[YearOut]
    targets: list[TargetOut]


@router.get(
    "/programmes/{programme_id}/targets",
    response={200: TargetProgressOut, **ERRORS},
    summary="Progress toward the programme's targets at the end of a quarter",
)
def programme_targets(request: HttpRequest, programme_id: int, quarter: str | None = QUARTER):
    """Totals only: a municipality's count at one quarter's end less the one before would be
    a group the quarter's own outcomes hide."""
    programme = _programme(request, programme_id)
    row = _frozen(programme, quarter)
    years = periods.implementation_years(programme.starts_on, programme.ends_on)
    targets = []
    for target in selectors.TARGETS:
        figures = row.targets.get(target.key, {"reached": 0, "by_year": [0] * len(years)})
        goal = getattr(programme, target.field)
        forecast = periods.forecast(
            figures["reached"], goal, programme.starts_on, programme.ends_on, row.end
        )
        targets.append(
            TargetOut(
                key=target.key,
                label=str(target.label),
                target=goal,
                reached=figures["reached"],
                by_year=figures["by_year"],
                forecast=ForecastOut(
                    projected=forecast.projected,
                    on_track=forecast.on_track,
                    percent=forecast.percent,
                    elapsed_share=forecast.elapsed_share,
                ),
            )
        )
    return Status(
        200,
        TargetProgressOut(
            programme_id=programme.pk,
            quarter=periods.Quarter.of(row.start).name,
            as_of=row.end,
            years=[YearOut(number=y.number, start=y.start, end=y.end) for y in years],
            targets=targets,
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
    summary="The ESF+ indicators for a calendar quarter, as frozen and published",
)
def programme_indicators(request: HttpRequest, programme_id: int, quarter: str | None = QUARTER):
    programme = _programme(request, programme_id)
    row = _frozen(programme, quarter)
    language = _language()
    shown = []
    for indicator in indicators.REGISTRY:
        figures = row.indicators.get(indicator.code)
        if figures is None:
            continue
        shown.append(
            IndicatorOut(
                code=indicator.code,
                label=indicator.label(language),
                definition=indicator.explain(language),
                by_gender=indicator.by_gender,
                **{name: figures.get(name) for name in open_data.VALUES},
                hidden=bool(figures.get("hidden")),
                not_collected=indicator.not_collected(language) or None,
            )
        )
    return Status(
        200,
        IndicatorsOut(
            programme_id=programme.pk,
            quarter=periods.Quarter.of(row.start).name,
            start=row.start,
            end=row.end,
            minimum=row.min_group_size,
            figures_as_of=row.frozen_at,
            indicators=shown,
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


# Open data's groupings: no two of them nest (as the host would in the municipality) or share
# a group (as the kind of place shares "none" with the instrument), so no table's hidden cell
# follows from another's; the wage subsidy's tracks are one group.
TokenGrouping = Literal["gender", "age_band", "municipality", "instrument"]
assert set(typing.get_args(TokenGrouping)) == set(open_data.GROUPINGS)


@router.get(
    "/programmes/{programme_id}/outcomes",
    response={200: OutcomesOut, **ERRORS},
    summary="Outcomes of those who left, by group, for a calendar quarter, as frozen and published",
)
def programme_outcomes(
    request: HttpRequest,
    programme_id: int,
    by: TokenGrouping = "instrument",
    quarter: str | None = QUARTER,
):
    programme = _programme(request, programme_id)
    row = _frozen(programme, quarter)
    figures = row.outcomes[by]
    labels = open_data.group_labels([row], _language())
    total = figures[open_data.TOTAL]
    any_hidden = any(v is None for g in figures["groups"].values() for v in g.values()) or (
        None in total.values()
    )
    return Status(
        200,
        OutcomesOut(
            programme_id=programme.pk,
            by=by,
            quarter=periods.Quarter.of(row.start).name,
            start=row.start,
            end=row.end,
            minimum=row.min_group_size,
            groups=[
                OutcomeGroupOut(key=key, label=labels.get((by, key), key), **_counts(counts))
                for key, counts in open_data.ordered_groups(by, figures["groups"])
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
    minimum: int
    questions: list[QuestionOut]
    rows: list[FeedbackRowOut]
    total: FeedbackRowOut
    hidden_rows: int


def _feedback_row(row: feedback_selectors.Row, base: int) -> FeedbackRowOut:
    """A row as it leaves Osmari: the number of answers rounded and the means to one decimal
    (`suppression.rounded`), so that the organisations' rows, the quarters' and the total
    cannot be multiplied out and subtracted to a hidden organisation's answers."""
    return FeedbackRowOut(
        key=None if row.key is None else str(row.key),
        label=str(row.label),
        n=None if row.hidden else rounded(row.n, base),
        means={
            key: None if row.hidden or mean is None else round(mean, 1)
            for key, mean in row.means.items()
        },
        hidden=row.hidden,
    )


@router.get(
    "/feedback-results",
    response={200: FeedbackResultsOut, **ERRORS},
    summary="A feedback survey's results for a year that has ended, by group (no free text)",
)
def feedback_results(
    request: HttpRequest,
    survey: str | None = None,
    # Not by municipality nor kind of place: an organisation is in one municipality, so a
    # municipality's answers less its other organisations' would be a hidden organisation's.
    dimension: Literal["organisation", "quarter"] = "organisation",
    year: int | None = None,
):
    """A year that has ended: a year still running gains answers, and its means before and
    after one more answer would give that answer away."""
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
    # The three years before this one.
    today = timezone.localdate()
    years = list(range(today.year - 3, today.year))
    year = years[-1] if year is None else year
    if year not in years:
        raise ValidationError(
            {"year": [_("Choose one of: %(choices)s.") % {"choices": ", ".join(map(str, years))}]}
        )
    table = feedback_selectors.results_table(
        area=area,
        survey=chosen,
        dimension=dimension,
        year=year,
        organisation=feedback_selectors.own_organisation(caller),
    )
    base = rounding_base(table.minimum)
    return Status(
        200,
        FeedbackResultsOut(
            survey=chosen.key,
            dimension=table.dimension,
            year=table.year,
            minimum=table.minimum,
            questions=[QuestionOut(key=key, text=text) for key, text in table.questions],
            rows=[_feedback_row(row, base) for row in table.rows],
            total=_feedback_row(table.total, base),
            hidden_rows=table.hidden_rows,
        ),
    )


api.add_router("", router)
