"""Outcomes by group: who entered, who left into what, and who was in work six months later.

Pure. The counts are those of the ESF+ indicators (`indicators`), split by a group key, so a
group's numbers add up to the indicator for the same period:
- `entered`: entered within the period (the population of EECO01);
- `left`: left within the period (the population of EECR01-EECR04);
- `employed`, `education`, `job_searching`: of those who left, by their situation on leaving
  (EECR04, which counts self-employment as work; EECR02; EECR01);
- `employed_6_months`: of those who left, in work at the six-month follow-up (EECR05).

Groups: gender (female, male, non_binary, unknown), age band on the entry date (under_30,
30_54, 55_plus), language (fi, sv, other) and the municipality's three-digit code. Never a
special category of personal data.

A share is given with its Wilson 95 % interval, which stays within 0..1 and is honest for the
small groups and the shares near 0 or 1 that a programme's groups have.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from osmari.core.dates import age_on
from osmari.feedback.suppression import suppress
from osmari.reporting.indicators import BY_CODE, Participant, in_population

By = Literal["gender", "age_band", "language", "municipality"]
BY: tuple[By, ...] = ("gender", "age_band", "language", "municipality")
# The pages group also by what support a person had; the command keeps to the four above.
Grouping = Literal[
    "gender", "age_band", "language", "municipality", "instrument", "host", "position_kind"
]
GROUPINGS: tuple[Grouping, ...] = (*BY, "instrument", "host", "position_kind")
COUNTS = ("entered", "left", "employed", "education", "job_searching", "employed_6_months")
# The pages also count who left and whose follow-up is recorded: the six-month share is of
# them (the population of EECR05), not of everyone who left.
PAGE_COUNTS = (*COUNTS, "followed_up")
# The wage-subsidy tracks of the law (placements' SubsidyTrack), in the order the pages list them.
TRACKS = ("professional_skills", "reduced_work_ability", "association", "age_55_plus")
INSTRUMENTS = ("work_trial", *(f"wage_subsidy_{track}" for track in TRACKS), "none")
POSITION_KINDS = ("work_trial", "wage_subsidy", "both")
# Periods that ran; a planned period that never started and a cancelled one gave no support.
RAN = ("active", "ended", "interrupted")
NONE = "none"
GENDERS = ("female", "male", "non_binary", "unknown")
AGE_BANDS = ("under_30", "30_54", "55_plus")
LANGUAGES = ("fi", "sv", "other")
# The two-sided 95 % quantile of the standard normal distribution.
Z95 = 1.959963984540054

# Plain Finnish is Finnish; every language but the two national ones is "other".
_LANGUAGE_GROUP = {"fi": "fi", "fi_plain": "fi", "sv": "sv"}


@dataclass(frozen=True, slots=True)
class Period:
    """One work-trial or wage-subsidy period of a participant, as the instrument groups read it:
    the host organisation (its key), the kind of position and the days it ran."""

    kind: str  # work_trial | wage_subsidy
    track: str  # the wage subsidy's track; "" for a work trial or a track not recorded
    host: str
    position_kind: str
    status: str
    start_on: date
    last_day: date


@dataclass(frozen=True, slots=True)
class Person:
    """One participant as the indicators read them, with the language they are served in, the
    three-digit code of the municipality they live in and their work-trial and wage-subsidy
    periods (for the groups by instrument, host and position kind)."""

    participant: Participant
    language: str
    municipality: str
    periods: tuple[Period, ...] = ()


# --- group keys ----------------------------------------------------------------------------


def gender_group(gender: str) -> str:
    return gender if gender in GENDERS[:3] else "unknown"


def age_band(birth_date: date, entered_on: date) -> str:
    """The band of the age on the entry date; 55 and over as in EECO08."""
    age = age_on(birth_date, entered_on)
    if age < 30:
        return "under_30"
    return "30_54" if age < 55 else "55_plus"


def language_group(language: str) -> str:
    return _LANGUAGE_GROUP.get(language, "other")


def counted_period(person: Person, end: date) -> Period | None:
    """The one period that stands for a person's support when they have had several: the
    latest-starting period that ran (planned and cancelled ones did not), started on or
    before the day they left (or, for someone still taking part, the period's last day `end`)
    and did not end before they entered. The latest is the support they left from, and one
    rule for everyone keeps each person in exactly one group, so the groups add up to the
    ESF+ indicators. Someone with no such period had no work trial or wage subsidy: "none"."""
    p = person.participant
    until = p.left_on or end
    candidates = [
        period
        for period in person.periods
        if period.status in RAN and period.start_on <= until and period.last_day >= p.entered_on
    ]
    return max(candidates, key=lambda period: period.start_on, default=None)


def instrument(period: Period | None) -> str:
    """work_trial, wage_subsidy_<track> (wage_subsidy where the track is not recorded), none."""
    if period is None:
        return NONE
    if period.kind == "wage_subsidy":
        return f"wage_subsidy_{period.track}" if period.track else "wage_subsidy"
    return period.kind


def group_key(by: Grouping, person: Person, end: date | None = None) -> str:
    p = person.participant
    if by == "gender":
        return gender_group(p.gender)
    if by == "age_band":
        return age_band(p.birth_date, p.entered_on)
    if by == "language":
        return language_group(person.language)
    if by == "municipality":
        return person.municipality
    period = counted_period(person, end or p.left_on or p.entered_on)
    if by == "instrument":
        return instrument(period)
    if period is None:
        return NONE
    return period.host if by == "host" else period.position_kind


def fixed_keys(by: Grouping) -> tuple[str, ...]:
    """The keys every answer has, with zeros where no one is; municipalities and hosts only as
    met."""
    return {
        "gender": GENDERS,
        "age_band": AGE_BANDS,
        "language": LANGUAGES,
        "instrument": INSTRUMENTS,
        "position_kind": (*POSITION_KINDS, NONE),
    }.get(by, ())


# --- counting ------------------------------------------------------------------------------


def _counts_by(code: str) -> Callable[[Participant], bool]:
    """Whether the ESF+ indicator `code` counts the participant (missing data does not)."""
    rule = BY_CODE[code].rule
    assert rule is not None
    return lambda p: rule(p) is True


_EMPLOYED = _counts_by("EECR04")
_EDUCATION = _counts_by("EECR02")
_JOB_SEARCHING = _counts_by("EECR01")
_EMPLOYED_6_MONTHS = _counts_by("EECR05")


def person_counts(p: Participant, start: date, end: date) -> dict[str, int]:
    """What one participant adds to each count for the period start..end (both included)."""
    left = in_population("left", p, start, end)
    followed_up = in_population("followed_up", p, start, end)
    return {
        "entered": int(in_population("entered", p, start, end)),
        "left": int(left),
        "employed": int(left and _EMPLOYED(p)),
        "education": int(left and _EDUCATION(p)),
        "job_searching": int(left and _JOB_SEARCHING(p)),
        "employed_6_months": int(followed_up and _EMPLOYED_6_MONTHS(p)),
    }


def page_counts(p: Participant, start: date, end: date) -> dict[str, int]:
    """The counts of `person_counts` and whether the person left within the period with their
    follow-up recorded (the denominator of the six-month share)."""
    followed_up = in_population("followed_up", p, start, end)
    return person_counts(p, start, end) | {"followed_up": int(followed_up)}


def by_group(
    people: Iterable[Person],
    by: Grouping,
    start: date,
    end: date,
    *,
    followed_up: bool = False,
) -> dict[str, dict[str, int]]:
    """Every count per group over the period; a person who neither entered nor left within
    it adds no group. The pages ask for `followed_up` too."""
    names = PAGE_COUNTS if followed_up else COUNTS
    counts_of = page_counts if followed_up else person_counts
    groups: dict[str, dict[str, int]] = {key: dict.fromkeys(names, 0) for key in fixed_keys(by)}
    met: dict[str, dict[str, int]] = {}
    for person in people:
        counts = counts_of(person.participant, start, end)
        if not (counts["entered"] or counts["left"]):
            continue
        key = group_key(by, person, end)
        total = groups[key] if key in groups else met.setdefault(key, dict.fromkeys(names, 0))
        for name, value in counts.items():
            total[name] += value
    return groups | dict(sorted(met.items()))


# --- shares --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    """`count` of `of`, with its Wilson interval (both None when there is no one)."""

    count: int
    of: int
    low: float | None
    high: float | None

    @property
    def value(self) -> float | None:
        return self.count / self.of if self.of else None


def wilson(count: int, of: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for the share count/of."""
    if of <= 0 or not 0 <= count <= of:
        raise ValueError(f"A share needs 0 <= count <= of and of > 0, not {count}/{of}.")
    p = count / of
    z2 = z * z
    denominator = 1 + z2 / of
    centre = (p + z2 / (2 * of)) / denominator
    half = z * math.sqrt(p * (1 - p) / of + z2 / (4 * of * of)) / denominator
    # The interval holds the share itself (all or none counted reaches 1 or 0 exactly);
    # rounding must not leave it out.
    return min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half))


def share(count: int, of: int) -> Share:
    if of == 0:
        return Share(count, of, None, None)
    low, high = wilson(count, of)
    return Share(count, of, low, high)


# --- comparing groups ----------------------------------------------------------------------

# The common four-fifths rule of thumb for screening, not a legal limit; an area may set its own.
FOUR_FIFTHS = 0.8


@dataclass(frozen=True, slots=True)
class Comparison:
    """A group's share beside the group with the highest share: their ratio, and whether the
    gap is worth a look."""

    share: Share
    highest: str | None
    ratio: float | None
    flagged: bool


def compare(
    shares: dict[str, Share], *, minimum: int, threshold: float = FOUR_FIFTHS
) -> dict[str, Comparison]:
    """Each group against the group with the highest share among those of at least `minimum`
    people. A group is flagged only where both groups reach the minimum, its ratio is below
    the threshold and the intervals do not overlap (the gap is more than chance in groups
    this small); a group too small to compare has no ratio."""
    sized = {key: s for key, s in shares.items() if s.of >= minimum and s.of > 0}
    highest = max(sized, key=lambda key: sized[key].count / sized[key].of, default=None)
    result: dict[str, Comparison] = {}
    for key, s in shares.items():
        if highest is None or key not in sized:
            result[key] = Comparison(s, None, None, False)
            continue
        best = sized[highest]
        best_value = best.count / best.of
        ratio = (s.count / s.of) / best_value if best_value else None
        apart = s.high is not None and best.low is not None and s.high < best.low
        flagged = ratio is not None and ratio < threshold and apart
        result[key] = Comparison(s, highest, ratio, flagged)
    return result


# --- what a viewer may see -----------------------------------------------------------------

# The counts whose share is given, each with the count it is a share of.
SHARE_OF = {
    "employed": "left",
    "education": "left",
    "job_searching": "left",
    "employed_6_months": "followed_up",
}


# The instruments as those who may not see people get them: the wage subsidy is one group,
# since one of its tracks is for reduced work ability and being in it is health data.
PUBLIC_INSTRUMENTS = ("work_trial", "wage_subsidy", NONE)


def without_track(groups: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The groups by instrument with every wage-subsidy track added into one group."""
    names = list(next(iter(groups.values()), {})) or list(PAGE_COUNTS)
    merged = {key: dict.fromkeys(names, 0) for key in PUBLIC_INSTRUMENTS}
    for key, counts in groups.items():
        into = "wage_subsidy" if key.startswith("wage_subsidy") else key
        target = merged.setdefault(into, dict.fromkeys(names, 0))
        for name in names:
            target[name] += counts[name]
    return merged


def hide_small(
    groups: dict[str, dict[str, int]], minimum: int
) -> tuple[dict[str, dict[str, int | None]], dict[str, int | None]]:
    """The groups and their total with small groups hidden (None), as the reporting pages hide
    them for those who see aggregates only: in each count, a group of fewer than `minimum`
    people is hidden, and enough others that it cannot be worked out from the total (the
    complementary suppression of `suppress`); a total that is itself small is hidden too."""
    names = list(next(iter(groups.values()), {})) or list(COUNTS)
    shown: dict[str, dict[str, int | None]] = {key: dict(counts) for key, counts in groups.items()}
    total: dict[str, int | None] = {}
    for name in names:
        column = {key: counts[name] for key, counts in groups.items()}
        decision = suppress(column, minimum)
        for key in decision.hidden:
            shown[key][name] = None
        value = sum(column.values())
        total[name] = None if decision.total_hidden or 0 < value < minimum else value
    return shown, total


@dataclass(frozen=True, slots=True)
class Cell:
    """A count as shown, with its share and interval where both it and the count it is a
    share of are shown (None for a hidden count)."""

    count: int | None
    share: Share | None = None


def cells(counts: dict[str, int | None]) -> dict[str, Cell]:
    """One group's (or the total's) counts as cells, a share beside each outcome."""
    result = {name: Cell(counts.get(name)) for name in ("entered", "left", "followed_up")}
    for name, of_name in SHARE_OF.items():
        count, of = counts.get(name), counts.get(of_name)
        visible = count is not None and of is not None and of > 0
        result[name] = Cell(count, share(count, of) if visible else None)  # type: ignore[arg-type]
    return result


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a side-by-side comparison: its label and cells."""

    label: str
    cells: dict[str, Cell]


@dataclass(frozen=True, slots=True)
class Difference:
    """Whether two shares differ clearly: both sides have at least the minimum number of
    people and their 95 % intervals do not overlap."""

    comparable: bool
    clear: bool
    higher: int | None  # 0 or 1: which side's share is higher, where the difference is clear


def difference(a: Cell, b: Cell, *, minimum: int) -> Difference:
    """Two sides' shares through `compare` with a threshold of 1: any gap whose intervals do
    not overlap is clear, however small the ratio (this is a comparison, not a screening)."""
    if a.share is None or b.share is None:
        return Difference(False, False, None)
    if min(a.share.of, b.share.of) < minimum:
        return Difference(False, False, None)
    got = compare({"a": a.share, "b": b.share}, minimum=minimum, threshold=1.0)
    if got["a"].flagged:
        return Difference(True, True, 1)
    if got["b"].flagged:
        return Difference(True, True, 0)
    return Difference(True, False, None)
