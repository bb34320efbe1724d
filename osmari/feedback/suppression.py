"""Which cells of a table of counts may be shown without revealing a small group.

Pure. A cell (a group of answers) under the minimum size is hidden (primary suppression).
If the table's total is shown, hidden cells could be worked out from the total and the other
cells, so more cells are hidden (complementary suppression), the smallest first, until the
hidden cells together hold at least the minimum and there are at least two of them. If that
cannot be reached, the total is hidden too. Empty cells (no answers) reveal nobody and stay.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

# A cell's key: whatever names a group in the table (a number, a label, a pair).
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Suppressed(Generic[K]):
    hidden: frozenset[K]
    total_hidden: bool

    def shows(self, key: K) -> bool:
        return key not in self.hidden


def suppress(counts: Mapping[K, int], minimum: int) -> Suppressed[K]:
    hidden = {key for key, n in counts.items() if 0 < n < minimum}
    if not hidden:
        return Suppressed(frozenset(), False)
    visible = sorted(
        ((n, str(key), key) for key, n in counts.items() if n > 0 and key not in hidden),
    )
    while len(hidden) < 2 or sum(counts[k] for k in hidden) < minimum:
        if not visible:
            return Suppressed(frozenset(k for k, n in counts.items() if n > 0), True)
        _n, _label, key = visible.pop(0)
        hidden.add(key)
    return Suppressed(frozenset(hidden), False)


# Figures that leave Osmari (open data, reporting tokens) are rounded as well as hidden:
# tables of the same people made in different ways (by gender, by age, by municipality, over
# time) could otherwise be added and subtracted to a hidden cell. Rounded on its own, each
# figure is off by up to half the base, and such sums say nothing certain about a small group.
ROUNDING_BASE = 5


def rounding_base(minimum: int) -> int:
    """The base figures are rounded to: 5, or the area's minimum group size if smaller, so
    that a figure shown (at least the minimum) never rounds to zero."""
    return max(1, min(minimum, ROUNDING_BASE))


def rounded(value: int | None, base: int) -> int | None:
    """The value to the nearest multiple of `base` (halves up); a hidden value stays hidden,
    and a value above zero stays above zero."""
    if value is None or value == 0 or base <= 1:
        return value
    return max(base, (2 * value + base) // (2 * base) * base)
