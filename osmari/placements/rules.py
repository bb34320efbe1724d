"""Whether a planned work-trial or wage-subsidy period keeps to the law and to the place.

Pure: the screening engine's case (the person, their earlier periods, the organiser) and the
planned period in; a list of reasons out, each met, not met or unknown, with its legal basis
and the figures behind it. A period may be saved only when every reason is met
(`breaches` is empty). The limits come from the rule set in force on the period's first day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from osmari.screening.engine import (
    Case,
    Option,
    PastPlacement,
    Reason,
    RuleSet,
    calendar_months,
    evaluate,
    ruleset_for,
    schedule_reasons,
)

# Floating months are compared with a little slack: 1.1.–30.6. is exactly six months.
SLACK = 1e-9
CENT = Decimal("0.01")
POSITION_OFFERS = {
    "work_trial": ("work_trial", "both"),
    "wage_subsidy": ("wage_subsidy", "both"),
}
# The engine's reasons that decide a period on their own (the group reasons only open tracks).
DECISIVE_ENGINE_REASONS = {
    "work_trial": ("wt_registered_jobseeker", "wt_organiser_kind"),
    "wage_subsidy": (
        "ws_registered_jobseeker",
        "ws_employer_kind",
        "ws_municipality_employer",
        "ws_repeat_same_employer",
    ),
}


@dataclass(frozen=True)
class Place:
    """The position as far as the period is concerned."""

    kind: str  # work_trial | wage_subsidy | both
    open_from: date
    open_to: date | None
    paused: bool
    capacity: int
    # The other planned or active periods in this position: (first day, last day).
    taken: tuple[tuple[date, date], ...] = ()


@dataclass(frozen=True)
class PlannedPeriod:
    kind: str
    tasks: str
    start: date
    end: date
    days_per_week: int
    hours_per_day: Decimal
    track: str | None = None
    subsidy_percent: int | None = None
    monthly_pay: Decimal | None = None
    monthly_subsidy: Decimal | None = None
    working_time_percent: int | None = None


def months(start: date, end: date) -> float:
    return calendar_months(start, end)


def _shown(value: float) -> float:
    return round(value + SLACK, 1)


def _same_organiser(case: Case, periods: Iterable[PastPlacement]) -> list[PastPlacement]:
    business_id = case.organisation.business_id if case.organisation else None
    return [p for p in periods if business_id and p.organisation == business_id]


def _months_reason(
    code: str, used: float, planned: float, limit: int, basis: str, **params: Any
) -> Reason:
    return Reason(
        code,
        used + planned <= limit + SLACK,
        basis,
        {"used": _shown(used), "planned": _shown(planned), "limit": limit, **params},
    )


def work_trial_reasons(case: Case, period: PlannedPeriod, rules: RuleSet) -> list[Reason]:
    wt = rules.section("work_trial")
    basis = wt["legal_basis"]
    trials = [p for p in case.placements if p.kind == "work_trial"]
    planned = months(period.start, period.end)
    used_total = sum(months(p.start, p.end) for p in trials)
    reasons = [
        _months_reason("pl_wt_total", used_total, planned, wt["max_months_total"], basis),
        *schedule_reasons(period.days_per_week, float(period.hours_per_day), rules),
    ]
    same = _same_organiser(case, trials)
    used_same = sum(months(p.start, p.end) for p in same)
    if case.organisation is not None and case.organisation.kind == "municipality":
        reasons.append(
            _months_reason(
                "pl_wt_municipality",
                used_same,
                planned,
                wt["max_months_municipality_organiser"],
                basis,
            )
        )
        tasks = period.tasks.strip().casefold()
        used_tasks = sum(
            months(p.start, p.end) for p in same if p.tasks.strip().casefold() == tasks
        )
        reasons.append(
            _months_reason(
                "pl_wt_same_tasks",
                used_tasks,
                planned,
                wt["max_months_municipality_same_tasks"],
                basis,
            )
        )
    else:
        reasons.append(
            _months_reason(
                "pl_wt_same_organiser", used_same, planned, wt["max_months_same_organiser"], basis
            )
        )
    return reasons


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def subsidy_ceiling(pay: Decimal, percent: int, cap: int) -> Decimal:
    """The most a month may be subsidised: the percent of the pay, at most the cap."""
    return min(_money(pay * percent / 100), Decimal(cap))


def wage_subsidy_reasons(
    case: Case,
    period: PlannedPeriod,
    rules: RuleSet,
    engine_reasons: Sequence[Reason],
    options: Sequence[Option],
) -> list[Reason]:
    ws = rules.section("wage_subsidy")
    basis = ws["legal_basis"]
    track, option = _track_reason(period, engine_reasons, options, basis)
    if option is None:
        return [track]
    planned = months(period.start, period.end)
    reasons = [
        track,
        Reason(
            "pl_ws_duration",
            planned <= option.max_months + SLACK,
            basis,
            {"planned": _shown(planned), "limit": option.max_months},
        ),
        _percent_reason(period, option, basis),
        _monthly_subsidy_reason(period, option, basis),
    ]
    if period.track == "association":
        reasons.append(
            _working_time_reason(period, ws["association"]["max_working_time_percent"], basis)
        )
    return reasons


def _track_reason(
    period: PlannedPeriod,
    engine_reasons: Sequence[Reason],
    options: Sequence[Option],
    basis: str,
) -> tuple[Reason, Option | None]:
    """Whether the period's track is open for the person, with the option it opens."""
    if not period.track:
        return Reason("pl_ws_track", None, basis, missing=("track",)), None
    open_tracks = {option.track: option for option in options}
    option = open_tracks.get(period.track)
    if option is None:
        # Name what would open the track, or what is missing to know.
        missing = tuple(sorted({field for r in engine_reasons for field in r.missing}))
        reason = Reason(
            "pl_ws_track",
            None if missing else False,
            basis,
            {"track": period.track, "open": ", ".join(open_tracks) or "–"},
            missing=missing,
        )
        return reason, None
    return Reason("pl_ws_track", True, basis, {"track": period.track, "open": ""}), option


def _percent_reason(period: PlannedPeriod, option: Option, basis: str) -> Reason:
    if period.subsidy_percent is None:
        return Reason("pl_ws_percent", None, basis, missing=("subsidy_percent",))
    return Reason(
        "pl_ws_percent",
        0 < period.subsidy_percent <= option.percent,
        basis,
        {"value": period.subsidy_percent, "limit": option.percent},
    )


def _monthly_subsidy_reason(period: PlannedPeriod, option: Option, basis: str) -> Reason:
    if period.monthly_pay is None or period.monthly_subsidy is None:
        missing = tuple(
            name
            for name, value in (
                ("monthly_pay", period.monthly_pay),
                ("monthly_subsidy", period.monthly_subsidy),
            )
            if value is None
        )
        return Reason("pl_ws_monthly_subsidy", None, basis, missing=missing)
    percent = min(period.subsidy_percent or option.percent, option.percent)
    ceiling = subsidy_ceiling(period.monthly_pay, percent, option.monthly_cap_eur)
    return Reason(
        "pl_ws_monthly_subsidy",
        Decimal(0) <= period.monthly_subsidy <= ceiling,
        basis,
        {
            "value": f"{period.monthly_subsidy:.2f}",
            "ceiling": f"{ceiling:.2f}",
            "percent": percent,
            "cap": option.monthly_cap_eur,
        },
    )


def _working_time_reason(period: PlannedPeriod, limit: int, basis: str) -> Reason:
    """An association may employ with the subsidy only part-time, up to the limit."""
    if period.working_time_percent is None:
        return Reason("pl_ws_working_time", None, basis, missing=("working_time_percent",))
    return Reason(
        "pl_ws_working_time",
        0 < period.working_time_percent <= limit,
        basis,
        {"value": period.working_time_percent, "limit": limit},
    )


def _busiest_day(taken: Iterable[tuple[date, date]], start: date, end: date) -> int:
    """The most other periods running on any one day of [start, end]."""
    events: list[tuple[date, int]] = []
    for first, last in taken:
        if first <= end and last >= start:
            events.append((max(first, start), 1))
            events.append((min(last, end) + timedelta(days=1), -1))
    running = busiest = 0
    for _day, change in sorted(events):
        running += change
        busiest = max(busiest, running)
    return busiest


def place_reasons(case: Case, period: PlannedPeriod, place: Place) -> list[Reason]:
    reasons = [
        Reason(
            "pl_position_kind",
            place.kind in POSITION_OFFERS[period.kind],
            "",
            {"kind": period.kind},
        ),
        Reason(
            "pl_position_open",
            not place.paused
            and place.open_from <= period.start
            and (place.open_to is None or period.end <= place.open_to),
            "",
            {
                "open_from": place.open_from,
                "open_to": place.open_to or "",
                "paused": place.paused,
            },
        ),
    ]
    busiest = _busiest_day(place.taken, period.start, period.end)
    reasons.append(
        Reason(
            "pl_capacity",
            busiest < place.capacity,
            "",
            {"taken": busiest, "capacity": place.capacity},
        )
    )
    clash = [p for p in case.placements if p.start <= period.end and p.end >= period.start]
    reasons.append(
        Reason(
            "pl_overlap",
            not clash,
            "",
            {"start": clash[0].start, "end": clash[0].end} if clash else {},
        )
    )
    return reasons


def check(
    case: Case, period: PlannedPeriod, place: Place, rules: RuleSet | None = None
) -> list[Reason]:
    """Every rule for the planned period, judged on its first day. `case.placements` holds
    the person's other periods (their actual or planned days), not this one."""
    if period.end < period.start:
        return [Reason("pl_dates", False, "", {})]
    rules = rules or ruleset_for(period.start)
    case = replace(case, on=period.start)
    result = evaluate(case, rules)
    instrument = result.work_trial if period.kind == "work_trial" else result.wage_subsidy
    decisive = DECISIVE_ENGINE_REASONS[period.kind]
    reasons = [r for r in instrument.reasons if r.code in decisive]
    if period.kind == "work_trial":
        reasons += work_trial_reasons(case, period, rules)
    else:
        reasons += wage_subsidy_reasons(case, period, rules, instrument.reasons, instrument.options)
    return reasons + place_reasons(case, period, place)


def breaches(reasons: Iterable[Reason]) -> list[Reason]:
    """What stops the period: a rule not met, or one that cannot be confirmed."""
    return [r for r in reasons if r.met is not True]
