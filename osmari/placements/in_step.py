"""Records that keep in step: the service stage a period's events imply, and the
contradictions left between a person's stage, ESF+ dates, status periods and periods.

Pure: plain values in, plain values out. The services move the stage by `stage_target` and
`stage_path`; the check of a person's record (`contradictions`) is the readable explanation
of what the database conditions in `osmari.placements.records_check` find.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

# The service stages and the period statuses, as the records store them.
IDENTIFIED, ASSESSED, IN_SERVICE, PLACED, ENDED = (
    "identified",
    "assessed",
    "in_service",
    "placed",
    "ended",
)
PLANNED, ACTIVE, PERIOD_ENDED, INTERRUPTED, CANCELLED = (
    "planned",
    "active",
    "ended",
    "interrupted",
    "cancelled",
)
STARTED_STATUSES = frozenset({ACTIVE, PERIOD_ENDED, INTERRUPTED})

# Events of a period that move the person's stage.
EVENT_PLANNED, EVENT_STARTED, EVENT_ENDED, EVENT_CANCELLED = (
    "planned",
    "started",
    "ended",
    "cancelled",
)

# Outcomes after which the person has left the service: work, own business, studies or
# outside the labour force. Any other outcome (another service, job seeking, not known)
# brings them back into service.
LEAVING_OUTCOMES = frozenset(
    {"employed_same", "employed_other", "entrepreneur", "education", "outside_labour_force"}
)


def stage_target(
    current: str, event: str, outcome: str = "", *, other_running: bool, other_planned: bool
) -> str | None:
    """The stage a period's event leaves the person in, or None when the stage stays.

    A planned period puts the person in service; a started one places them; an ended or
    interrupted one leaves them placed while another period runs, in service while one is
    planned, and otherwise where the outcome took them. A cancelled plan changes nothing
    unless it was the period that placed them."""
    if event == EVENT_PLANNED:
        target = PLACED if other_running else IN_SERVICE
    elif event == EVENT_STARTED:
        target = PLACED
    elif event in (EVENT_ENDED, EVENT_CANCELLED):
        if other_running:
            target = PLACED
        elif event == EVENT_CANCELLED and current != PLACED:
            return None
        elif other_planned or outcome not in LEAVING_OUTCOMES:
            target = IN_SERVICE
        else:
            target = ENDED
    else:
        raise ValueError(f"unknown event {event!r}")
    return None if target == current else target


def stage_path(moves: Mapping[str, Iterable[str]], current: str, target: str) -> list[str]:
    """The stages to pass through from `current` to `target` along the allowed moves, the
    target last; never through "ended" on the way. Empty when already there."""
    if current == target:
        return []
    previous: dict[str, str] = {}
    queue = deque([current])
    while queue:
        state = queue.popleft()
        for following in sorted(moves.get(state, ())):
            if following in previous or following == current:
                continue
            if following == ENDED and following != target:
                continue
            previous[following] = state
            if following == target:
                path = [target]
                while path[-1] in previous and previous[path[-1]] != current:
                    path.append(previous[path[-1]])
                return path[::-1]
            queue.append(following)
    raise ValueError(f"no way from {current!r} to {target!r}")


# ---------------------------------------------------------------- contradictions


@dataclass(frozen=True)
class Period:
    pk: int
    kind: str
    status: str
    start: date
    end: date  # the planned end
    ended_on: date | None = None

    @property
    def last_day(self) -> date:
        return self.ended_on or self.end


@dataclass(frozen=True)
class StatusPeriod:
    status: str
    start: date
    end: date | None  # None: ongoing


@dataclass(frozen=True)
class Record:
    stage: str
    entered_on: date | None
    left_on: date | None
    periods: tuple[Period, ...]
    spells: tuple[StatusPeriod, ...]


# The kinds of contradiction, each explained in words by the page that lists them.
STAGE_NOT_PLACED = "stage_not_placed"
PLACED_WITHOUT_PERIOD = "placed_without_period"
ENTRY_AFTER_PERIOD_START = "entry_after_period_start"
EXIT_BEFORE_PERIOD_END = "exit_before_period_end"
NO_STATUS_FOR_PERIOD = "no_status_for_period"


@dataclass(frozen=True)
class Contradiction:
    code: str
    period: Period | None = None


def _counted(periods: Iterable[Period]) -> list[Period]:
    return [p for p in periods if p.status != CANCELLED]


def enrolment_conflicts(
    entered_on: date | None, left_on: date | None, periods: Iterable[Period]
) -> list[Contradiction]:
    """ESF+ dates that a period contradicts: the person entered the programme after a
    period had begun and while it still went on, or left it before a period's last day
    (a period that began after the exit, or one still running past it)."""
    found = []
    for period in _counted(periods):
        if entered_on is not None and period.start < entered_on <= period.last_day:
            found.append(Contradiction(ENTRY_AFTER_PERIOD_START, period))
        if left_on is not None and period.last_day > left_on:
            found.append(Contradiction(EXIT_BEFORE_PERIOD_END, period))
    return found


def _has_status_for(period: Period, spells: Iterable[StatusPeriod]) -> bool:
    return any(
        s.status == period.kind
        and s.start <= period.last_day
        and (s.end is None or s.end >= period.start)
        for s in spells
    )


def contradictions(record: Record) -> list[Contradiction]:
    """Every contradiction between the person's stage, ESF+ dates, status periods and
    periods, the periods' in their order."""
    periods = sorted(_counted(record.periods), key=lambda p: (p.start, p.pk))
    running = [p for p in periods if p.status == ACTIVE]
    found: list[Contradiction] = []
    if running and record.stage != PLACED:
        found.append(Contradiction(STAGE_NOT_PLACED, running[0]))
    if record.stage == PLACED and not running:
        found.append(Contradiction(PLACED_WITHOUT_PERIOD))
    found += enrolment_conflicts(record.entered_on, record.left_on, periods)
    found += [
        Contradiction(NO_STATUS_FOR_PERIOD, p)
        for p in periods
        if p.status in STARTED_STATUSES and not _has_status_for(p, record.spells)
    ]
    return found
