"""Local subsidy arithmetic: what a commitment under a scheme's rules amounts to.

Plain data in, plain data out, to the cent. The service adds the budget check under a lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class SchemeRules:
    basis: str  # "percent" of the monthly pay, or a fixed monthly "amount"
    percent: int | None
    monthly_amount: Decimal | None
    max_months: int
    cap: Decimal | None  # the most one commitment may total


@dataclass(frozen=True)
class Commitment:
    monthly: Decimal
    months: int
    total: Decimal
    capped: bool


class RuleBroken(ValueError):
    """A commitment the scheme's rules do not allow; `code` names the rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def commitment_amount(rules: SchemeRules, months: int, monthly_pay: Decimal | None) -> Commitment:
    if months < 1:
        raise RuleBroken("months_at_least_one")
    if months > rules.max_months:
        raise RuleBroken("months_over_max")
    if rules.basis == "percent":
        if monthly_pay is None or monthly_pay <= 0:
            raise RuleBroken("pay_needed")
        monthly = (monthly_pay * Decimal(rules.percent or 0) / 100).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
    else:
        monthly = (rules.monthly_amount or Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
    total = monthly * months
    capped = False
    if rules.cap is not None and total > rules.cap:
        capped = True
        total = rules.cap.quantize(CENT, rounding=ROUND_HALF_UP)
    return Commitment(monthly=monthly, months=months, total=total, capped=capped)


def remaining(budget: Decimal, committed: Decimal) -> Decimal:
    return (budget - committed).quantize(CENT)
