"""Labour-market status spells and the durations computed from them.

Pure: the record stores dated spells; continuous unemployment and the "N of the last M
months" windows are always computed here, never typed. The screening engine and the client
record both use these functions.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Spell:
    status: str
    start: date
    end: date | None  # None: ongoing


@dataclass(frozen=True)
class Unemployment:
    continuous_days: int
    long_term_unemployed: bool
    long_term_from: date | None
    months_in_last_16: float
    months_in_last_28: float


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def continuous_unemployment_start(spells: Iterable[Spell], on: date) -> date | None:
    """Start of the unbroken run of unemployment that covers `on`, or None if not unemployed.

    Spells that touch or overlap join into one run; any day not unemployed breaks it.
    """
    unemployed = sorted(
        (s for s in spells if s.status == "unemployed" and s.start <= on), key=lambda s: s.start
    )
    run_start: date | None = None
    run_end: date | None = None
    for spell in unemployed:
        end = spell.end or on
        if run_end is not None and spell.start <= run_end + timedelta(days=1):
            run_end = max(run_end, end)
        else:
            run_start, run_end = spell.start, end
    if run_start is None or run_end is None or run_end < on:
        return None
    return run_start


def unemployed_days_in_window(spells: Iterable[Spell], on: date, window_months: int) -> int:
    """Days unemployed within the `window_months` ending on `on` (overlaps counted once)."""
    window_start = add_months(on, -window_months) + timedelta(days=1)
    pieces = sorted(
        (max(s.start, window_start), min(s.end or on, on))
        for s in spells
        if s.status == "unemployed" and s.start <= on
    )
    total = 0
    covered_to: date | None = None  # the last day already counted
    for first, last in pieces:
        if covered_to is not None:
            first = max(first, covered_to + timedelta(days=1))
        if last >= first:
            total += (last - first).days + 1
            covered_to = last
    return total


def months(days: int) -> float:
    return round(days / DAYS_PER_MONTH, 1)


def unemployment_facts(
    spells: Iterable[Spell], on: date, long_term_months: int = 12
) -> Unemployment:
    spells = tuple(spells)
    start = continuous_unemployment_start(spells, on)
    long_term_from = add_months(start, long_term_months) if start else None
    return Unemployment(
        continuous_days=(on - start).days + 1 if start else 0,
        long_term_unemployed=bool(long_term_from and long_term_from <= on),
        long_term_from=long_term_from,
        months_in_last_16=months(unemployed_days_in_window(spells, on, 16)),
        months_in_last_28=months(unemployed_days_in_window(spells, on, 28)),
    )
