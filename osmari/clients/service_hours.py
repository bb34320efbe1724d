"""Service hours: the arithmetic and the limits of a recorded activity. Pure.

Minutes are what is recorded and summed; hours are shown, rounded only at the end so that
rounding never accumulates. A person's hours count the activities they were present at; a
coach's hours count each activity once, however many took part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MAX_MINUTES = 480
TENTH = Decimal("0.1")


def hours(minutes: int) -> Decimal:
    """Minutes as hours to a tenth (90 → 1.5)."""
    return (Decimal(minutes) / 60).quantize(TENTH, rounding=ROUND_HALF_UP)


def duration_problem(minutes: int) -> str | None:
    """Why a duration cannot be recorded: a code, or None when it can."""
    if minutes < 1:
        return "not_positive"
    if minutes > MAX_MINUTES:
        return "too_long"
    return None


# Work is recorded within days of it; a date older than this is taken to be a typing error.
MAX_DAYS_BACK = 365


def date_problem(occurred_on: date, today: date) -> str | None:
    """An activity is recorded after it took place, never ahead of it, and within a year."""
    if occurred_on > today:
        return "in_future"
    if (today - occurred_on).days > MAX_DAYS_BACK:
        return "too_old"
    return None


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_of_year(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


@dataclass
class HoursRow:
    """One row of an hours table: minutes by month, and the row's total."""

    key: int
    by_month: dict[date, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_month.values())


@dataclass
class HoursTable:
    """Minutes by row (a coach) and month, with the totals of each."""

    months: list[date]
    rows: list[HoursRow]

    def month_total(self, month: date) -> int:
        return sum(row.by_month.get(month, 0) for row in self.rows)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def hours_table(entries: Iterable[tuple[int, date, int]], months: list[date]) -> HoursTable:
    """(row key, any day of the month, minutes) summed into a table over the given months;
    entries outside them are left out. Rows keep the order their keys first appear in."""
    wanted = set(months)
    rows: dict[int, HoursRow] = {}
    for key, day, minutes in entries:
        month = month_start(day)
        if month not in wanted:
            continue
        row = rows.setdefault(key, HoursRow(key))
        row.by_month[month] = row.by_month.get(month, 0) + minutes
    return HoursTable(months=list(months), rows=list(rows.values()))
