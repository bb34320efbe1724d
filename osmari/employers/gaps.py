"""Demand for places against their supply, by ISCO major group and municipality.

Pure: counts in, rows out. Demand is the number of clients who want work in the group and
live in the municipality; supply is the open capacity of active positions there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Key = tuple[str, str]  # (ISCO major group "1"–"9" or "0", municipality code)


@dataclass(frozen=True)
class GapRow:
    isco_major: str
    municipality: str
    demand: int
    supply: int

    @property
    def missing(self) -> int:
        """Places missing: demand not met by supply (never negative)."""
        return max(self.demand - self.supply, 0)

    @property
    def spare(self) -> int:
        return max(self.supply - self.demand, 0)


def gap_rows(demand: Mapping[Key, int], supply: Mapping[Key, int]) -> list[GapRow]:
    """Every group and municipality with demand or supply, the largest shortfall first."""
    keys = set(demand) | set(supply)
    rows = [
        GapRow(major, code, demand.get((major, code), 0), supply.get((major, code), 0))
        for major, code in keys
    ]
    return sorted(rows, key=lambda r: (-r.missing, -r.demand, r.isco_major, r.municipality))


def totals_by_group(rows: list[GapRow]) -> dict[str, tuple[int, int]]:
    """Demand and supply per ISCO major group, over all municipalities."""
    totals: dict[str, tuple[int, int]] = {}
    for row in rows:
        demand, supply = totals.get(row.isco_major, (0, 0))
        totals[row.isco_major] = (demand + row.demand, supply + row.supply)
    return dict(sorted(totals.items()))
