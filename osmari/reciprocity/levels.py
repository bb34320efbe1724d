"""The responsibility profile's levels: published criteria applied to counted facts.

Plain data in, plain data out. The facts are counted from the records by the selectors over
a window of the last three years; this module only compares them with the thresholds below,
which are the criteria published on every profile page. A level needs every criterion of
its own row; the next level's unmet criteria are what would raise it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

WINDOW_YEARS = 3

# How many days after the start the start review is due (a week's work, then the talk).
START_REVIEW_AFTER_DAYS = 14

# Moves after the period that count as "into work or education".
MOVES_INTO_WORK_OR_EDUCATION = frozenset(
    {"employed_same", "employed_other", "entrepreneur", "education"}
)


@dataclass(frozen=True)
class Facts:
    positions_offered: int = 0
    participants_hosted: int = 0
    participant_months: float = 0.0
    trained_instructors: int = 0
    reviews_due: int = 0
    reviews_held: int = 0
    instructor_feedback_asked: int = 0
    instructor_feedback_given: int = 0
    # The participants' average rating of the guidance (1–5), or None when fewer answers
    # than the area's minimum group size exist: then it is not shown and not met.
    guidance_rating: float | None = None
    guidance_answers: int = 0
    moves_into_work_or_education: int = 0
    periods_ended: int = 0

    @property
    def reviews_held_share(self) -> float | None:
        return self.reviews_held / self.reviews_due if self.reviews_due else None

    @property
    def instructor_feedback_share(self) -> float | None:
        if not self.instructor_feedback_asked:
            return None
        return self.instructor_feedback_given / self.instructor_feedback_asked


@dataclass(frozen=True)
class Criterion:
    key: str
    threshold: float

    def value(self, facts: Facts) -> float | None:
        value: float | None = getattr(facts, self.key)
        return value

    def met(self, facts: Facts) -> bool:
        value = self.value(facts)
        return value is not None and value >= self.threshold


@dataclass(frozen=True)
class Level:
    number: int
    key: str
    criteria: tuple[Criterion, ...]


LEVELS: tuple[Level, ...] = (
    Level(0, "new", ()),
    Level(
        1,
        "partner",
        (Criterion("positions_offered", 1), Criterion("participants_hosted", 1)),
    ),
    Level(
        2,
        "committed",
        (
            Criterion("positions_offered", 1),
            Criterion("participants_hosted", 3),
            Criterion("participant_months", 6),
            Criterion("trained_instructors", 1),
            Criterion("reviews_held_share", 0.75),
        ),
    ),
    Level(
        3,
        "responsible",
        (
            Criterion("positions_offered", 2),
            Criterion("participants_hosted", 6),
            Criterion("participant_months", 18),
            Criterion("trained_instructors", 2),
            Criterion("reviews_held_share", 0.9),
            Criterion("instructor_feedback_share", 0.75),
            Criterion("guidance_rating", 4.0),
            Criterion("moves_into_work_or_education", 2),
        ),
    ),
)


@dataclass(frozen=True)
class CriterionResult:
    key: str
    threshold: float
    value: float | None
    met: bool


@dataclass(frozen=True)
class Assessment:
    level: Level
    # Every criterion of the level reached, each met: why the organisation is at its level.
    reached: tuple[CriterionResult, ...]
    next_level: Level | None
    # The next level's criteria, met or not: what would raise the level.
    to_next: tuple[CriterionResult, ...] = field(default=())

    @property
    def missing(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.to_next if not c.met)


def _results(level: Level, facts: Facts) -> tuple[CriterionResult, ...]:
    return tuple(
        CriterionResult(c.key, c.threshold, c.value(facts), c.met(facts)) for c in level.criteria
    )


def assess(facts: Facts) -> Assessment:
    """The highest level whose every criterion is met, and what the next one asks."""
    reached = LEVELS[0]
    for level in LEVELS[1:]:
        if all(c.met(facts) for c in level.criteria):
            reached = level
        else:
            break
    following = LEVELS[reached.number + 1] if reached.number + 1 < len(LEVELS) else None
    return Assessment(
        level=reached,
        reached=_results(reached, facts),
        next_level=following,
        to_next=_results(following, facts) if following else (),
    )


def window_start(today: date) -> date:
    try:
        return today.replace(year=today.year - WINDOW_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - WINDOW_YEARS, day=28)


def months_between(start: date, end: date) -> float:
    """Months of guidance from start to end, both days included (30.44 days a month)."""
    if end < start:
        return 0.0
    return ((end - start).days + 1) / 30.44


def participant_months(
    periods: list[tuple[date, date | None, date]], since: date, today: date
) -> float:
    """Sum of guided months of (start, actual end or None, planned end) periods that fell
    between `since` and `today`; a running period counts up to today, never beyond its
    planned end."""
    total = 0.0
    for start, ended, planned_end in periods:
        last = ended or min(planned_end, today)
        total += months_between(max(start, since), min(last, today))
    return round(total, 1)


def expected_reviews(start: date, planned_end: date, ended: date | None, today: date) -> set[str]:
    """The three-way reviews a started period should have had by today."""
    due = set()
    if today >= start + timedelta(days=START_REVIEW_AFTER_DAYS) or ended is not None:
        due.add("start")
    midpoint = start + (planned_end - start) / 2
    if today >= midpoint and (ended is None or ended >= midpoint):
        due.add("middle")
    if ended is not None and ended <= today:
        due.add("end")
    return due
