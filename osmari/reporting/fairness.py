"""Fairness across groups: is any group identified, proposed, placed or led into work or
education less often than another?

Pure. Each step of the way has a population (its denominator) and an event (its numerator),
both read over a period start..end with both days included:

- `identified`: of the people screened within the period (a needs assessment or a coach's
  decision dated within it), those whom a coach's decision within the period proposed for a
  work trial or wage-subsidised work: found likely to benefit;
- `proposed`: of the people identified within the period, those proposed to a host
  organisation's place on or after the day they were identified and by the period's end;
- `placed`: of the people proposed to a host within the period, those with a work trial or a
  wage-subsidised period (not cancelled before it started) starting on or after the day they
  were proposed and by the period's end;
- `work_or_education`: of the people who left the programme within the period after a period
  with a host, those who left into work (self-employment included) or education, as the
  ESF+ indicators EECR04 and EECR02 count them.

Groups are those of `outcomes`: gender, age band, language and the municipality's code. The
age band is the age on entering the programme; someone screened or proposed who has not
entered is placed by their age on the first day they appear in the period's steps. Never a
special category of personal data: there is no such grouping here to ask for.

Each group's rate has its Wilson 95 % interval and its ratio to the group with the highest
rate among those of the minimum size; `outcomes.compare` says which gap is worth a look.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from osmari.reporting.outcomes import (
    FOUR_FIFTHS,
    By,
    Comparison,
    age_band,
    compare,
    fixed_keys,
    gender_group,
    language_group,
    share,
)

Step = Literal["identified", "proposed", "placed", "work_or_education"]
STEPS: tuple[Step, ...] = ("identified", "proposed", "placed", "work_or_education")

# Leaving into work (self-employment counts, as in EECR04) or education (EECR02).
INTO_WORK_OR_EDUCATION = frozenset({"employed", "self_employed", "education"})
# The coach's proposals that say the person is likely to benefit from guided employment.
LIKELY_TO_BENEFIT = frozenset({"work_trial", "wage_subsidy"})


@dataclass(frozen=True, slots=True)
class Way:
    """One person's way through the steps: what groups them and the day of each event.

    `screened` holds the days of needs assessments and decisions; `identified` the days of
    decisions proposing a work trial or wage subsidy; `proposed` the days proposed to a host;
    `placed` the first days of periods with a host not cancelled before they started."""

    gender: str
    birth_date: date
    entered_on: date | None
    language: str
    municipality: str
    screened: tuple[date, ...] = ()
    identified: tuple[date, ...] = ()
    proposed: tuple[date, ...] = ()
    placed: tuple[date, ...] = ()
    left_on: date | None = None
    situation_on_leaving: str = ""


def _first_within(days: Iterable[date], start: date, end: date) -> date | None:
    return min((day for day in days if start <= day <= end), default=None)


def _any_within(days: Iterable[date], start: date, end: date) -> bool:
    return any(start <= day <= end for day in days)


def in_step(step: Step, way: Way, start: date, end: date) -> tuple[bool, bool]:
    """Whether the person is in the step's population for the period, and whether the
    step's event counts them."""
    if step == "identified":
        screened = _any_within((*way.screened, *way.identified), start, end)
        return screened, screened and _any_within(way.identified, start, end)
    if step == "proposed":
        since = _first_within(way.identified, start, end)
        return since is not None, since is not None and _any_within(way.proposed, since, end)
    if step == "placed":
        since = _first_within(way.proposed, start, end)
        return since is not None, since is not None and _any_within(way.placed, since, end)
    left = way.left_on
    after_a_period = (
        left is not None and start <= left <= end and any(d <= left for d in way.placed)
    )
    return after_a_period, after_a_period and way.situation_on_leaving in INTO_WORK_OR_EDUCATION


def entry_day(way: Way, start: date, end: date) -> date:
    """The day whose age places the person in an age band: entering the programme, or else
    the first day they appear in the period's steps."""
    if way.entered_on is not None:
        return way.entered_on
    days = (*way.screened, *way.identified, *way.proposed, *way.placed)
    return _first_within(days, start, end) or start


def group_of(by: By, way: Way, start: date, end: date) -> str:
    if by == "gender":
        return gender_group(way.gender)
    if by == "age_band":
        return age_band(way.birth_date, entry_day(way, start, end))
    if by == "language":
        return language_group(way.language)
    return way.municipality


def counts(
    ways: Iterable[Way], by: By, start: date, end: date
) -> dict[Step, dict[str, tuple[int, int]]]:
    """Per step and group: (counted, of). The fixed groups are there with (0, 0) where no one
    is; municipalities only as met, in the order of their codes."""
    result: dict[Step, dict[str, tuple[int, int]]] = {step: {} for step in STEPS}
    every = list(ways)
    for step in STEPS:
        totals: dict[str, list[int]] = {key: [0, 0] for key in fixed_keys(by)}
        met: dict[str, list[int]] = {}
        for way in every:
            inside, counted = in_step(step, way, start, end)
            if not inside:
                continue
            key = group_of(by, way, start, end)
            total = totals[key] if key in totals else met.setdefault(key, [0, 0])
            total[0] += int(counted)
            total[1] += 1
        ordered = totals | dict(sorted(met.items()))
        result[step] = {key: (value[0], value[1]) for key, value in ordered.items()}
    return result


def compared(
    ways: Iterable[Way],
    by: By,
    start: date,
    end: date,
    *,
    minimum: int,
    threshold: float = FOUR_FIFTHS,
) -> dict[Step, dict[str, Comparison]]:
    """Per step, each group's rate with its interval beside the group with the highest rate:
    flagged only where both reach `minimum`, the ratio is below `threshold` and the intervals
    do not overlap."""
    return {
        step: compare(
            {key: share(count, of) for key, (count, of) in groups.items()},
            minimum=minimum,
            threshold=threshold,
        )
        for step, groups in counts(ways, by, start, end).items()
    }
