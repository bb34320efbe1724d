"""Hours arithmetic and the limits of an activity, without a database."""

from datetime import date
from decimal import Decimal

import pytest

from osmari.clients import service_hours


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [(0, "0.0"), (1, "0.0"), (3, "0.1"), (45, "0.8"), (90, "1.5"), (100, "1.7"), (480, "8.0")],
)
def test_minutes_are_hours_to_a_tenth(minutes, hours):
    assert service_hours.hours(minutes) == Decimal(hours)


def test_rounding_is_done_once_on_the_sum():
    # Three 20-minute activities are an hour, not three times 0.3.
    assert service_hours.hours(20 * 3) == Decimal("1.0")


@pytest.mark.parametrize(
    ("minutes", "problem"),
    [(-5, "not_positive"), (0, "not_positive"), (1, None), (480, None), (481, "too_long")],
)
def test_a_duration_is_one_minute_to_a_working_day(minutes, problem):
    assert service_hours.duration_problem(minutes) == problem


def test_an_activity_is_never_dated_ahead():
    today = date(2026, 11, 27)
    assert service_hours.date_problem(today, today) is None
    assert service_hours.date_problem(date(2026, 11, 28), today) == "in_future"
    assert service_hours.date_problem(date(2025, 11, 27), today) is None
    assert service_hours.date_problem(date(2025, 11, 26), today) == "too_old"


def test_the_table_sums_by_row_and_month_and_leaves_out_other_months():
    months = service_hours.months_of_year(2026)
    table = service_hours.hours_table(
        [
            (7, date(2026, 1, 5), 60),
            (7, date(2026, 1, 20), 30),
            (9, date(2026, 2, 1), 45),
            (7, date(2025, 12, 31), 999),
        ],
        months,
    )
    assert [row.key for row in table.rows] == [7, 9]
    assert table.rows[0].by_month == {date(2026, 1, 1): 90}
    assert table.month_total(date(2026, 1, 1)) == 90
    assert table.month_total(date(2026, 3, 1)) == 0
    assert table.total == 135
