"""The programme's cost model: salary unit costs, the 40 % flat rate and the financing split.

Pure. Under the salary unit-cost model the eligible salary cost of a month is the hours in
the person's working-time record times their hourly rate; every other cost is covered by a
flat rate on the eligible salary costs (40 % under Act 757/2021), with no receipts. The total
is financed by the EU and the state (80 %) and by the municipalities (20 %).

Rounding: a cost line is rounded half up to the cent. The public (EU and state) share is
rounded down, so that it never exceeds its percentage, and the municipal share is the rest:
the two always add up to the total. The funding decision states its plan in whole euros;
the same rules with a whole euro as the unit give the decision's own figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
EURO = Decimal("1")
HOURS_PER_YEAR = Decimal("1720")  # the unit-cost model's full year of work


@dataclass(frozen=True)
class Costs:
    salary: Decimal
    flat_rate: Decimal
    total: Decimal
    public_share: Decimal
    municipal_share: Decimal

    def __add__(self, other: Costs) -> Costs:
        return Costs(
            self.salary + other.salary,
            self.flat_rate + other.flat_rate,
            self.total + other.total,
            self.public_share + other.public_share,
            self.municipal_share + other.municipal_share,
        )


ZERO = Costs(Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0))


def salary_cost(hours: Decimal, hourly_rate: Decimal) -> Decimal:
    """Eligible salary cost of one working-time record."""
    return (hours * hourly_rate).quantize(CENT, rounding=ROUND_HALF_UP)


def hourly_rate(annual_salary: Decimal) -> Decimal:
    """An hourly rate from the annual salary with side costs, over the 1 720-hour year."""
    return (annual_salary / HOURS_PER_YEAR).quantize(CENT, rounding=ROUND_HALF_UP)


def costs(
    salary: Decimal,
    flat_rate_percent: Decimal = Decimal(40),
    public_percent: Decimal = Decimal(80),
    unit: Decimal = CENT,
) -> Costs:
    """The flat rate, total and split for eligible salary costs."""
    salary = salary.quantize(unit, rounding=ROUND_HALF_UP)
    flat = (salary * flat_rate_percent / 100).quantize(unit, rounding=ROUND_HALF_UP)
    total = salary + flat
    public = (total * public_percent / 100).quantize(unit, rounding=ROUND_DOWN)
    return Costs(salary, flat, total, public, total - public)


def sum_salary(lines: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Eligible salary costs of (hours, hourly rate) records, each rounded to the cent."""
    return sum((salary_cost(hours, rate) for hours, rate in lines), Decimal(0))


def utilisation(actual: Decimal, planned: Decimal) -> Decimal | None:
    """Actual as a percentage of plan, one decimal; None when nothing was planned."""
    if not planned:
        return None
    return (actual * 100 / planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PackageLine:
    """One work package's plan against its actuals; key None is the hours not allocated."""

    key: int | None
    planned: Costs
    actual: Costs
    hours: Decimal

    @property
    def used_percent(self) -> Decimal | None:
        return utilisation(self.actual.total, self.planned.total)


def by_package(
    planned_salary: dict[int, Decimal],
    records: Iterable[tuple[int | None, Decimal, Decimal]],
    flat_rate_percent: Decimal = Decimal(40),
    public_percent: Decimal = Decimal(80),
) -> list[PackageLine]:
    """Costs per work package from (package, hours, hourly rate) records, against each
    package's planned salary costs, under the same unit cost and flat rate as the whole.

    Every package of the plan has a line, in the plan's order; hours without a package get
    a last line (key None) with no plan. The plan is in whole euros as in the decision.
    """
    lines: dict[int | None, list[tuple[Decimal, Decimal]]] = {}
    for key, hours, rate in records:
        lines.setdefault(key, []).append((hours, rate))
    keys: list[int | None] = list(planned_salary)
    if None in lines:
        keys.append(None)
    keys.extend(key for key in lines if key not in keys)
    result = []
    for key in keys:
        own = lines.get(key, [])
        planned = planned_salary.get(key, Decimal(0)) if key is not None else Decimal(0)
        result.append(
            PackageLine(
                key,
                costs(planned, flat_rate_percent, public_percent, EURO),
                costs(sum_salary(own), flat_rate_percent, public_percent),
                sum((hours for hours, _rate in own), Decimal(0)),
            )
        )
    return result
