"""De minimis aid (Regulation (EU) 2023/2831): who is subject, and the three-year ceiling.

Plain data in, plain data out, to the cent. The service reads the aid the area has granted and
locks the undertaking's row; here only the arithmetic and the rules.

The ceiling is counted on a rolling basis (recital 10 of the Regulation): for each new grant,
the aid granted in the three years that end on the day of the grant is added to it. The area
knows only its own grants; the undertaking declares the rest, and the declaration is recorded
with the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

CENT = Decimal("0.01")
# Article 3(2): EUR 300 000 per Member State to a single undertaking over three years.
CEILING = Decimal("300000.00")
YEARS = 3

# Public bodies acting as such are not undertakings: aid rules do not reach them.
NEVER_UNDERTAKINGS = frozenset({"municipality", "wellbeing_services_county", "state"})
# Associations, foundations and religious communities are undertakings only for an economic
# activity (selling goods or services on a market); whoever decides says which it is.
UNDERTAKING_IF_ECONOMIC = frozenset({"association", "foundation", "religious_community"})


def is_subject(kind: str, economic_activity: bool) -> bool:
    """Whether aid to an organisation of this kind is de minimis aid to an undertaking."""
    if kind in NEVER_UNDERTAKINGS:
        return False
    if kind in UNDERTAKING_IF_ECONOMIC:
        return economic_activity
    return True


def asks_about_activity(kind: str) -> bool:
    """Whether the decision must say if the aid goes to an economic activity."""
    return kind in UNDERTAKING_IF_ECONOMIC


def window_start(granted_on: date) -> date:
    """The first day of the three years that end on `granted_on`: aid granted on it or later
    counts towards the ceiling of a grant made on `granted_on`."""
    try:
        three_years_back = granted_on.replace(year=granted_on.year - YEARS)
    except ValueError:  # 29 February
        three_years_back = date(granted_on.year - YEARS, 3, 1) - timedelta(days=1)
    return three_years_back + timedelta(days=1)


def in_window(earlier: date, granted_on: date) -> bool:
    return window_start(granted_on) <= earlier <= granted_on


@dataclass(frozen=True)
class CeilingCheck:
    """The figures a decision is allowed or refused with."""

    this_aid: Decimal
    declared_other: Decimal
    granted_here: Decimal
    ceiling: Decimal = CEILING

    @property
    def before(self) -> Decimal:
        """What the undertaking had received in the three years before this decision."""
        return (self.declared_other + self.granted_here).quantize(CENT)

    @property
    def total(self) -> Decimal:
        return (self.before + self.this_aid).quantize(CENT)

    @property
    def room(self) -> Decimal:
        """How much more may be granted now; never below zero."""
        return max(Decimal(0), self.ceiling - self.before).quantize(CENT)

    @property
    def over(self) -> Decimal:
        return max(Decimal(0), self.total - self.ceiling).quantize(CENT)

    @property
    def allowed(self) -> bool:
        return self.total <= self.ceiling


def check(
    this_aid: Decimal,
    declared_other: Decimal,
    granted_here: Decimal,
    ceiling: Decimal = CEILING,
) -> CeilingCheck:
    if this_aid < 0 or declared_other < 0 or granted_here < 0:
        raise ValueError("Aid amounts are never negative.")
    return CeilingCheck(
        this_aid=this_aid.quantize(CENT),
        declared_other=declared_other.quantize(CENT),
        granted_here=granted_here.quantize(CENT),
        ceiling=ceiling,
    )


def granted_within(grants: list[tuple[date, Decimal]], granted_on: date) -> Decimal:
    """The sum of the earlier grants that fall in the three years ending on `granted_on`."""
    return sum(
        (amount for day, amount in grants if in_window(day, granted_on)), Decimal(0)
    ).quantize(CENT)
