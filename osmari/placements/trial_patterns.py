"""Whether a host organisation uses work trials for their purpose.

Pure: an organisation's work trials, its hires and its recorded layoffs or dismissals in,
its figures and the patterns worth a look out. A pattern is never a finding: it names the
numbers that raised it and the threshold it was compared with, for a coach to judge.

The patterns (Act 380/2023 on work trials; shared/domain/LAW.md §1):

- `successive`: the same tasks (the same place, or the same occupation at the organisation)
  filled by `successive_limit` or more trials in a row without a hire between;
- `duration`: one person's trials at the organisation longer than the rule set allows an
  organiser (for a municipality: the organiser's limit and the same-tasks limit);
- `reduction`: trials running while the organisation laid off or dismissed staff in the same
  tasks, as the area's staff recorded it;
- `onward`: of `min_count` or more finished trials, a share below `onward_share` led on to
  work, education or a further service, with any employer.

The host's own hiring is a figure, never a pattern by itself: third-sector hosts
(associations, foundations, religious communities: the rule set's association kinds) rarely
hire, and their trials are judged by where the people went, with any employer. A run of
trials in the same tasks at such a host is therefore broken by a trial that led on, as well
as by a hire. Social enterprises and cooperatives trade and hire as companies do, and are
judged as companies.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from osmari.clients.spells import add_months
from osmari.screening.engine import (
    CaseError,
    RuleSet,
    calendar_months,
    load_rulesets,
    ruleset_for,
)

WINDOW_YEARS = 3
# Floating months are compared with a little slack, as the placement rules do.
SLACK = 1e-9
# Where the people went: work (with any employer, or their own business), education or a
# further service. The same outcomes the programme's results count as leading on.
ONWARD_OUTCOMES = frozenset(
    {"employed_same", "employed_other", "entrepreneur", "education", "next_service"}
)
# A trial interrupted because the person found work or started education led on too.
ONWARD_INTERRUPTIONS = frozenset({"found_job", "education"})
HIRED_HERE = "employed_same"
FINISHED = frozenset({"ended", "interrupted"})


@dataclass(frozen=True)
class Trial:
    """One work trial at the organisation. `person` is a key, only to add up one person's
    months; `end` is the actual last day, else the planned one."""

    person: int
    position: int
    position_title: str
    occupation: int | None
    occupation_label: str
    start: date
    end: date
    status: str
    outcome: str = ""
    interruption_reason: str = ""

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def onward(self) -> bool:
        return self.outcome in ONWARD_OUTCOMES or self.interruption_reason in ONWARD_INTERRUPTIONS

    @property
    def tasks(self) -> tuple[str, int]:
        """The tasks it fills: its occupation at the organisation where the place names one,
        else the place itself (a place has one occupation, so the same place is always the
        same tasks)."""
        if self.occupation is not None:
            return ("occupation", self.occupation)
        return ("position", self.position)

    @property
    def tasks_label(self) -> str:
        return self.occupation_label if self.occupation is not None else self.position_title


@dataclass(frozen=True)
class Hire:
    """The organisation employed someone in these tasks on this day: a wage-subsidised
    period starting, or a period after which the person was employed by the organisation."""

    on: date
    position: int
    occupation: int | None

    @property
    def tasks(self) -> tuple[str, int]:
        if self.occupation is not None:
            return ("occupation", self.occupation)
        return ("position", self.position)


@dataclass(frozen=True)
class Reduction:
    """A layoff or dismissal recorded at the organisation; `last_on` None while it goes on."""

    kind: str
    first_on: date
    last_on: date | None
    position: int | None
    occupation: int | None
    label: str

    def concerns(self, trial: Trial) -> bool:
        return (self.position is not None and self.position == trial.position) or (
            self.occupation is not None and self.occupation == trial.occupation
        )

    def overlaps(self, trial: Trial, today: date) -> bool:
        return trial.start <= (self.last_on or today) and trial.end >= self.first_on


@dataclass(frozen=True)
class Host:
    pk: int
    name: str
    kind: str
    trials: tuple[Trial, ...]
    hires: tuple[Hire, ...] = ()
    reductions: tuple[Reduction, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    """The area's settings the patterns are judged by."""

    successive_limit: int
    min_count: int
    onward_share: Decimal


@dataclass(frozen=True)
class Pattern:
    """One pattern worth a look, with the numbers that raised it."""

    code: str
    numbers: Mapping[str, Any]


@dataclass(frozen=True)
class Figures:
    pk: int
    name: str
    kind: str
    third_sector: bool
    trials: int
    finished: int
    onward: int
    hired_here: int
    interrupted: int
    interruptions: Mapping[str, int]
    patterns: tuple[Pattern, ...] = field(default=())

    @property
    def onward_share(self) -> float | None:
        return self.onward / self.finished if self.finished else None


def window_start(today: date) -> date:
    """The first day of the last three years: a trial that started on it counts."""
    return add_months(today, -12 * WINDOW_YEARS)


def in_window(start: date, today: date) -> bool:
    return window_start(today) <= start <= today


def third_sector_kinds(rules: RuleSet) -> frozenset[str]:
    """The kinds of the law's association track: the third sector, as the law draws it."""
    kinds: Iterable[str] = rules.section("wage_subsidy")["association"]["kinds"]
    return frozenset(kinds)


def _successive(host: Host, third_sector: bool, limit: int) -> list[Pattern]:
    """The longest run of trials in the same tasks with no hire between, per tasks."""
    hires: dict[tuple[str, int], list[date]] = defaultdict(list)
    for hire in host.hires:
        hires[hire.tasks].append(hire.on)
    by_tasks: dict[tuple[str, int], list[Trial]] = defaultdict(list)
    for trial in host.trials:
        by_tasks[trial.tasks].append(trial)
    patterns = []
    for tasks, trials in sorted(by_tasks.items()):
        trials.sort(key=lambda t: (t.start, t.end))
        longest: list[Trial] = []
        run: list[Trial] = []
        for trial in trials:
            if run and any(run[-1].start < day <= trial.start for day in hires[tasks]):
                run = []
            if trial.outcome == HIRED_HERE or (third_sector and trial.onward):
                run = []
                continue
            run.append(trial)
            if len(run) > len(longest):
                longest = list(run)
        if len(longest) >= limit:
            patterns.append(
                Pattern(
                    "successive",
                    {
                        "tasks": longest[0].tasks_label,
                        "count": len(longest),
                        "first": longest[0].start,
                        "last": max(t.end for t in longest),
                        "limit": limit,
                    },
                )
            )
    return patterns


def _rules_on(day: date, rulesets: Sequence[RuleSet] | None) -> RuleSet:
    """The rule set in force on the day; a trial older than the first rule set is judged by
    the first, the oldest limits there are."""
    try:
        return ruleset_for(day, rulesets)
    except CaseError:
        return (rulesets if rulesets is not None else load_rulesets())[0]


def _shown_months(value: float) -> float:
    return round(value + SLACK, 1)


def _duration(host: Host, rulesets: Sequence[RuleSet] | None) -> list[Pattern]:
    """One person's trials at the organisation against the organiser's limits of the rule
    set in force when their latest trial started."""
    by_person: dict[int, list[Trial]] = defaultdict(list)
    for trial in host.trials:
        by_person[trial.person].append(trial)
    over = 0
    # The furthest beyond its limit: (months, limit).
    furthest: tuple[float, int] | None = None
    basis = ""
    for trials in by_person.values():
        rules = _rules_on(max(t.start for t in trials), rulesets)
        wt = rules.section("work_trial")
        basis = wt["legal_basis"]
        total = sum(calendar_months(t.start, t.end) for t in trials)
        if host.kind == "municipality":
            checks = [(total, int(wt["max_months_municipality_organiser"]))]
            same: dict[tuple[str, int], float] = defaultdict(float)
            for t in trials:
                same[t.tasks] += calendar_months(t.start, t.end)
            same_limit = int(wt["max_months_municipality_same_tasks"])
            checks.extend((months, same_limit) for months in same.values())
        else:
            checks = [(total, int(wt["max_months_same_organiser"]))]
        beyond = [(months, limit) for months, limit in checks if months > limit + SLACK]
        if not beyond:
            continue
        over += 1
        worst = max(beyond, key=lambda pair: pair[0] - pair[1])
        if furthest is None or worst[0] - worst[1] > furthest[0] - furthest[1]:
            furthest = worst
    if furthest is None:
        return []
    return [
        Pattern(
            "duration",
            {
                "people": over,
                "longest": _shown_months(furthest[0]),
                "limit": furthest[1],
                "basis": basis,
            },
        )
    ]


def _reductions(host: Host, today: date) -> list[Pattern]:
    patterns = []
    for reduction in sorted(host.reductions, key=lambda r: r.first_on):
        during = [t for t in host.trials if reduction.concerns(t) and reduction.overlaps(t, today)]
        if during:
            patterns.append(
                Pattern(
                    "reduction",
                    {
                        "kind": reduction.kind,
                        "from": reduction.first_on,
                        "until": reduction.last_on,
                        "tasks": reduction.label,
                        "count": len(during),
                    },
                )
            )
    return patterns


def _onward(finished: int, onward: int, thresholds: Thresholds) -> list[Pattern]:
    if finished < thresholds.min_count:
        return []
    share = Decimal(onward) / Decimal(finished)
    if share >= thresholds.onward_share:
        return []
    return [
        Pattern(
            "onward",
            {
                "finished": finished,
                "onward": onward,
                "share": share,
                "threshold": thresholds.onward_share,
                "min_count": thresholds.min_count,
            },
        )
    ]


def figures(
    host: Host,
    thresholds: Thresholds,
    today: date,
    *,
    third_sector: frozenset[str] | None = None,
    rulesets: Sequence[RuleSet] | None = None,
) -> Figures:
    """The organisation's figures over the last three years and the patterns worth a look.
    Trials outside the window, and their hires and reductions, do not count."""
    trials = tuple(t for t in host.trials if in_window(t.start, today))
    host = Host(host.pk, host.name, host.kind, trials, host.hires, host.reductions)
    kinds = (
        third_sector if third_sector is not None else third_sector_kinds(_rules_on(today, rulesets))
    )
    is_third = host.kind in kinds
    finished = [t for t in trials if t.finished]
    onward = sum(1 for t in finished if t.onward)
    interrupted = [t for t in trials if t.status == "interrupted"]
    reasons = Counter(t.interruption_reason or "other" for t in interrupted)
    patterns = [
        *_successive(host, is_third, thresholds.successive_limit),
        *_duration(host, rulesets),
        *_reductions(host, today),
        *_onward(len(finished), onward, thresholds),
    ]
    return Figures(
        pk=host.pk,
        name=host.name,
        kind=host.kind,
        third_sector=is_third,
        trials=len(trials),
        finished=len(finished),
        onward=onward,
        hired_here=sum(1 for t in finished if t.outcome == HIRED_HERE),
        interrupted=len(interrupted),
        interruptions=dict(sorted(reasons.items())),
        patterns=tuple(patterns),
    )
