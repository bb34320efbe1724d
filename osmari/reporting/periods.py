"""Implementation years, payment-claim periods and the forecast at the current pace.

Pure. A programme runs from its first day in steps of twelve months (implementation years,
e.g. 8/2025–7/2026) and of its payment-claim period length (often six months). The forecast
assumes the pace so far continues: what has been reached per elapsed day, times the days of
the whole programme.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from osmari.clients.spells import add_months


@dataclass(frozen=True)
class Span:
    number: int
    start: date
    end: date  # included

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.start.month}/{self.start.year}–{self.end.month}/{self.end.year}"


def spans(start: date, end: date, months: int) -> list[Span]:
    """Consecutive spans of `months` from `start`; the last one stops at `end`."""
    result: list[Span] = []
    first = start
    while first <= end:
        following = add_months(start, months * (len(result) + 1))
        result.append(Span(len(result) + 1, first, min(following - timedelta(days=1), end)))
        first = following
    return result


def implementation_years(start: date, end: date) -> list[Span]:
    return spans(start, end, 12)


def span_of(day: date, all_spans: list[Span]) -> Span | None:
    return next((span for span in all_spans if span.contains(day)), None)


def whole_months(start: date, end: date) -> tuple[date, date]:
    """The calendar months that start..end touches, from the first of the first month to the
    last of the last: a day moved in or out within a month changes nothing."""
    return start.replace(day=1), add_months(end.replace(day=1), 1) - timedelta(days=1)


# --- calendar quarters ---------------------------------------------------------------------
# Figures for those who may not see people are counted over whole calendar quarters, one at a
# time: quarters never overlap, so no two answers subtract to a smaller group than either.

QUARTER_MONTHS = 3
QUARTER_PATTERN = r"^[1-9][0-9]{3}-Q[1-4]$"


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // QUARTER_MONTHS + 1)

    @classmethod
    def named(cls, name: str) -> Quarter:
        """The quarter called e.g. "2026-Q3"; ValueError for anything else."""
        year, separator, number = name.partition("-Q")
        digits = year.isascii() and year.isdigit() and len(year) == 4
        if not (separator and digits and number in ("1", "2", "3", "4") and int(year) > 0):
            raise ValueError(name)
        return cls(int(year), int(number))

    @property
    def name(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * QUARTER_MONTHS + 1, 1)

    @property
    def end(self) -> date:
        month = self.number * QUARTER_MONTHS
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def following(self) -> Quarter:
        return Quarter.of(add_months(self.start, QUARTER_MONTHS))

    def has_ended(self, today: date) -> bool:
        return self.end < today


def last_ended_quarter(today: date) -> Quarter:
    """The latest quarter whose last day is before today."""
    return Quarter.of(Quarter.of(today).start - timedelta(days=1))


def quarters_between(start: date, end: date) -> list[Quarter]:
    """The whole calendar quarters that start..end touches, in order."""
    result: list[Quarter] = []
    quarter = Quarter.of(start)
    while quarter.start <= end:
        result.append(quarter)
        quarter = quarter.following
    return result


@dataclass(frozen=True)
class Forecast:
    reached: int
    target: int
    projected: int
    elapsed_share: float  # of the programme's days, 0..1

    @property
    def on_track(self) -> bool:
        return self.projected >= self.target

    @property
    def percent(self) -> int:
        return round(100 * self.reached / self.target) if self.target else 0


def forecast(reached: int, target: int, start: date, end: date, today: date) -> Forecast:
    """Where the count would end if it grows as it has so far; before the start, nothing."""
    total_days = (end - start).days + 1
    elapsed = min(max((today - start).days + 1, 0), total_days)
    projected = round(reached * total_days / elapsed) if elapsed else 0
    return Forecast(reached, target, projected, elapsed / total_days)
