"""Implementation years, payment-claim periods and the forecast at the current pace.

Pure. A programme runs from its first day in steps of twelve months (implementation years,
e.g. 8/2025–7/2026) and of its payment-claim period length (often six months). The forecast
assumes the pace so far continues: what has been reached per elapsed day, times the days of
the whole programme.
"""

from __future__ import annotations

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
