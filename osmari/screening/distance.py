"""Distance travelled: how a person's needs assessments changed, and how a group's did.

Pure. Each domain of a needs assessment is scored 1 (great need of support) to 5 (no need),
so a change is the later score minus the earlier one: a positive change is progress, and it
lies between -4 and +4.

For a person, the change from the first to the latest assessment, or between any two.
For a group, per domain, how many people changed by each amount, how many got worse, stayed
the same or got better, and the median change. Only people with two or more assessments
count (a single assessment has nothing to compare with); how many counted is returned, and
so is how many did not.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar

Direction = Literal["worse", "same", "better"]
DIRECTIONS: tuple[Direction, ...] = ("worse", "same", "better")
# Every change a 1..5 score can make.
CHANGES: tuple[int, ...] = tuple(range(-4, 5))

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Assessment:
    """One dated assessment: `ref` tells apart two made on the same day (the later saved
    is the later one), `scores` maps a domain's stem to its score."""

    ref: int
    on: date
    scores: Mapping[str, int]


@dataclass(frozen=True)
class Change:
    domain: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def direction(self) -> Direction:
        return direction(self.change)


def direction(change: int) -> Direction:
    if change > 0:
        return "better"
    if change < 0:
        return "worse"
    return "same"


def in_order(assessments: Iterable[Assessment]) -> list[Assessment]:
    """The oldest first; on the same day, the one saved first."""
    return sorted(assessments, key=lambda a: (a.on, a.ref))


def between(earlier: Assessment, later: Assessment, domains: Sequence[str]) -> list[Change]:
    """Each domain's change from `earlier` to `later`, in the order of `domains`. The two are
    taken in date order whichever way round they are given."""
    first, second = in_order([earlier, later])
    return [Change(d, first.scores[d], second.scores[d]) for d in domains]


def first_to_latest(assessments: Iterable[Assessment], domains: Sequence[str]) -> list[Change]:
    """The change from the first to the latest assessment; empty with fewer than two."""
    ordered = in_order(assessments)
    if len(ordered) < 2:
        return []
    return between(ordered[0], ordered[-1], domains)


@dataclass(frozen=True)
class DomainDistribution:
    """One domain's changes in a group: people per change (-4..+4) and per direction."""

    domain: str
    by_change: Mapping[int, int]
    by_direction: Mapping[Direction, int]
    median: float | None

    @property
    def people(self) -> int:
        return sum(self.by_change.values())


@dataclass(frozen=True)
class GroupDistance:
    """A group's distance travelled: `counted` people with two or more assessments, and
    `single` with only one, who are not in the distributions."""

    counted: int
    single: int
    domains: Mapping[str, DomainDistribution] = field(default_factory=dict)


def distribution(people: Iterable[Iterable[Assessment]], domains: Sequence[str]) -> GroupDistance:
    """The group's change from each person's first to latest assessment, per domain.
    People without any assessment are not in the group at all."""
    changes: dict[str, list[int]] = {d: [] for d in domains}
    counted = single = 0
    for assessments in people:
        ordered = in_order(assessments)
        if len(ordered) == 1:
            single += 1
        if len(ordered) < 2:
            continue
        counted += 1
        for change in between(ordered[0], ordered[-1], domains):
            changes[change.domain].append(change.change)
    return GroupDistance(
        counted=counted,
        single=single,
        domains={d: _domain(d, values) for d, values in changes.items()},
    )


def _domain(domain: str, values: list[int]) -> DomainDistribution:
    counts = Counter(values)
    directions = Counter(direction(v) for v in values)
    return DomainDistribution(
        domain=domain,
        by_change={c: counts[c] for c in CHANGES},
        by_direction={d: directions[d] for d in DIRECTIONS},
        median=float(statistics.median(values)) if values else None,
    )


def by_group(
    people: Iterable[tuple[Iterable[K], Sequence[Assessment]]], domains: Sequence[str]
) -> dict[K, GroupDistance]:
    """The distribution for each group. Each person comes with the keys of the groups they
    belong to: none, one, or several (someone who had both a work trial and wage-subsidised
    work is in both of those groups)."""
    members: dict[K, list[Sequence[Assessment]]] = {}
    for keys, assessments in people:
        for key in keys:
            members.setdefault(key, []).append(assessments)
    return {key: distribution(group, domains) for key, group in members.items()}
