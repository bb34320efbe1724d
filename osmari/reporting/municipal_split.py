"""The municipalities' co-financing split among them, and the actual costs split the same way.

Pure. The municipalities decide their parts either as shares of the municipal co-financing
(per cent, adding up to 100) or as sums in euros; a programme uses one or the other. A
municipality's weight is its share, or its sum over all the sums. The actual municipal
share of the costs (the budget module's `Costs.municipal_share`) is split by the weights to
the cent by the largest remainder, so that the parts always add up to the whole.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TypeVar

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
WHOLE_WITHIN = Decimal("1e-20")

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Decided:
    """A municipality's part as decided: exactly one of a share (%) and a sum (€)."""

    percent: Decimal | None = None
    amount: Decimal | None = None


def basis(parts: Mapping[K, Decided]) -> str | None:
    """ "percent", "amount", or None when nothing is decided yet. Mixed bases are an error
    the service refuses before they are saved."""
    kinds = {"percent" if part.percent is not None else "amount" for part in parts.values()}
    if len(kinds) > 1:
        raise ValueError("A programme's municipal shares are all per cent or all euros.")
    return kinds.pop() if kinds else None


def weights(parts: Mapping[K, Decided]) -> dict[K, Decimal]:
    """Each municipality's fraction of the municipal co-financing (0..1). Per-cent shares
    are taken as decided, even when they do not add up to 100: the page says so."""
    kind = basis(parts)
    if kind == "percent":
        return {key: part.percent / HUNDRED for key, part in parts.items()}  # type: ignore[operator]
    total = sum((part.amount or Decimal(0) for part in parts.values()), Decimal(0))
    if not total:
        return dict.fromkeys(parts, Decimal(0))
    return {key: (part.amount or Decimal(0)) / total for key, part in parts.items()}


def percent_total(parts: Mapping[K, Decided]) -> Decimal | None:
    """What per-cent shares add up to (None for sums in euros)."""
    if basis(parts) != "percent":
        return None
    return sum((part.percent for part in parts.values() if part.percent), Decimal(0))


def split(total: Decimal, shares: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """`total` split by the fractions to the cent. When the fractions add up to one, the
    parts add up to `total` exactly: the cents lost to rounding down go one by one to the
    largest remainders (ties by the order given)."""
    exact = {key: total * fraction for key, fraction in shares.items()}
    parts = {key: value.quantize(CENT, rounding=ROUND_DOWN) for key, value in exact.items()}
    covered = sum(shares.values(), Decimal(0))
    # Fractions such as sums over their total add up to one only within Decimal's precision.
    if abs(covered - 1) > WHOLE_WITHIN or not parts:
        return {key: value.quantize(CENT, rounding=ROUND_HALF_UP) for key, value in exact.items()}
    left = int((total.quantize(CENT) - sum(parts.values(), Decimal(0))) / CENT)
    by_remainder = sorted(parts, key=lambda key: exact[key] - parts[key], reverse=True)
    for key in by_remainder[:left]:
        parts[key] += CENT
    return parts


def planned(municipal_total: Decimal, parts: Mapping[K, Decided]) -> dict[K, Decimal]:
    """Each municipality's committed co-financing in euros: its sum, or its share of the
    plan's municipal co-financing."""
    if basis(parts) == "amount":
        return {key: part.amount for key, part in parts.items()}  # type: ignore[misc]
    return split(municipal_total, weights(parts))
