from datetime import date
from decimal import Decimal as D

import pytest

from osmari.reporting import budget, periods


def test_the_funding_decisions_plan_figures_follow_from_its_salary_costs():
    plan = budget.costs(D("618629"), unit=budget.EURO)
    assert plan == budget.Costs(D(618629), D(247452), D(866081), D(692864), D(173217))


def test_actual_costs_to_the_cent():
    # 137.5 h at 31.17 € = 4 285.875 → 4 285.88; flat rate 40 % = 1 714.352 → 1 714.35.
    salary = budget.sum_salary([(D("137.5"), D("31.17"))])
    assert salary == D("4285.88")
    costs = budget.costs(salary)
    assert costs.flat_rate == D("1714.35")
    assert costs.total == D("6000.23")
    # 80 % of 6 000.23 is 4 800.184: the public share is rounded down, the rest is municipal.
    assert costs.public_share == D("4800.18")
    assert costs.municipal_share == D("1200.05")
    assert costs.public_share + costs.municipal_share == costs.total


def test_each_record_is_rounded_before_the_sum():
    # 0.5 h × 0.01 € rounds to 0.01 € (half up) per record: two records make 0.02 €.
    assert budget.sum_salary([(D("0.5"), D("0.01")), (D("0.5"), D("0.01"))]) == D("0.02")


def test_hourly_rate_from_an_annual_salary_over_1720_hours():
    assert budget.hourly_rate(D("53612.40")) == D("31.17")


def test_utilisation_of_the_plan():
    assert budget.utilisation(D("50"), D("200")) == D("25.0")
    assert budget.utilisation(D("50"), D("0")) is None


def test_implementation_years_of_a_three_year_programme():
    years = periods.implementation_years(date(2025, 8, 1), date(2028, 7, 31))
    assert [y.label for y in years] == ["8/2025–7/2026", "8/2026–7/2027", "8/2027–7/2028"]
    assert years[0].end == date(2026, 7, 31)
    assert periods.span_of(date(2026, 8, 1), years).number == 2


def test_claim_periods_stop_at_the_programme_end():
    claims = periods.spans(date(2025, 8, 1), date(2026, 10, 15), 6)
    assert [(c.start, c.end) for c in claims] == [
        (date(2025, 8, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 7, 31)),
        (date(2026, 8, 1), date(2026, 10, 15)),
    ]


@pytest.mark.parametrize(
    ("today", "projected", "on_track"),
    [
        (date(2025, 7, 1), 0, False),  # before the start nothing is projected
        (date(2026, 1, 31), 60 * 1096 // 184, True),  # 60 in 184 days of 1 096
        (date(2028, 12, 31), 60, False),  # after the end the count is final
    ],
)
def test_forecast_at_the_current_pace(today, projected, on_track):
    result = periods.forecast(60, 350, date(2025, 8, 1), date(2028, 7, 31), today)
    assert result.projected == projected
    assert result.on_track is on_track


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2028-Q4", date(2028, 10, 1), date(2028, 12, 31)),
    ],
)
def test_a_quarter_by_its_name(name, start, end):
    quarter = periods.Quarter.named(name)
    assert (quarter.start, quarter.end, quarter.name) == (start, end, name)
    assert periods.Quarter.of(start) == periods.Quarter.of(end) == quarter


@pytest.mark.parametrize("name", ["2026-Q5", "2026-Q", "2026Q1", "26-Q1", "0000-Q1", "２０２６-Q1"])
def test_what_is_not_a_quarter(name):
    with pytest.raises(ValueError):
        periods.Quarter.named(name)


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (date(2026, 12, 4), "2026-Q3"),
        (date(2026, 10, 1), "2026-Q3"),
        (date(2026, 9, 30), "2026-Q2"),
        (date(2026, 1, 1), "2025-Q4"),
    ],
)
def test_the_latest_quarter_that_has_ended(today, latest):
    quarter = periods.last_ended_quarter(today)
    assert quarter.name == latest
    assert quarter.has_ended(today) and not quarter.following.has_ended(today)


def test_the_quarters_a_period_touches():
    got = periods.quarters_between(date(2025, 8, 1), date(2026, 1, 1))
    assert [q.name for q in got] == ["2025-Q3", "2025-Q4", "2026-Q1"]
