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
from osmari.reporting.indicators import BY_CODE, Participant, in_population

By = Literal["gender", "age_band", "language", "municipality"]
BY: tuple[By, ...] = ("gender", "age_band", "language", "municipality")
COUNTS = ("entered", "left", "employed", "education", "job_searching", "employed_6_months")
GENDERS = ("female", "male", "non_binary", "unknown")
AGE_BANDS = ("under_30", "30_54", "55_plus")
LANGUAGES = ("fi", "sv", "other")
# The two-sided 95 % quantile of the standard normal distribution.
Z95 = 1.959963984540054

# Plain Finnish is Finnish; every language but the two national ones is "other".
_LANGUAGE_GROUP = {"fi": "fi", "fi_plain": "fi", "sv": "sv"}


@dataclass(frozen=True, slots=True)
class Person:
    """One participant as the indicators read them, with the language they are served in and
    the three-digit code of the municipality they live in."""

    participant: Participant
    language: str
    municipality: str


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


def group_key(by: By, person: Person) -> str:
    p = person.participant
    if by == "gender":
        return gender_group(p.gender)
    if by == "age_band":
        return age_band(p.birth_date, p.entered_on)
    if by == "language":
        return language_group(person.language)
    return person.municipality


def fixed_keys(by: By) -> tuple[str, ...]:
    """The keys every answer has, with zeros where no one is; municipalities only as met."""
    return {"gender": GENDERS, "age_band": AGE_BANDS, "language": LANGUAGES}.get(by, ())


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


def by_group(people: Iterable[Person], by: By, start: date, end: date) -> dict[str, dict[str, int]]:
    """Every count per group over the period; a person who neither entered nor left within
    it adds no group."""
    groups: dict[str, dict[str, int]] = {key: dict.fromkeys(COUNTS, 0) for key in fixed_keys(by)}
    met: dict[str, dict[str, int]] = {}
    for person in people:
        counts = person_counts(person.participant, start, end)
        if not (counts["entered"] or counts["left"]):
            continue
        key = group_key(by, person)
        total = groups[key] if key in groups else met.setdefault(key, dict.fromkeys(COUNTS, 0))
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
