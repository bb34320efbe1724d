"""What a register extract says about a participant six months after they left.

Pure: plain data in and out. The ESF+ longer-term results are the participant's situation
on the day six months after leaving: in work, self-employment included (EECR05), and an
improved labour-market situation (EECR06). The extract's status spells say the first where a
spell covers that day; the second only where the person left without work and was working
on that day. Whether a job is better than the one held on leaving, the extract cannot tell:
that stays unknown for a call or the person's own answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

YES, NO, UNKNOWN = "yes", "no", "unknown"

# Statuses that are work on the day: a wage-subsidised job is employment, a work trial
# (no employment contract) is not.
WORKING = frozenset({"employed", "wage_subsidy"})
# Statuses that say the person was not working that day.
NOT_WORKING = frozenset(
    {"unemployed", "work_trial", "education", "other_service", "outside_labour_force"}
)


@dataclass(frozen=True)
class Spell:
    """A status spell of the extract, as mapped to Osmari's values; `end` None is open."""

    status: str
    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Reading:
    employed: str = UNKNOWN
    improved: str = UNKNOWN

    @property
    def answers(self) -> bool:
        return self.employed != UNKNOWN


def _status_on(spells: Iterable[Spell], day: date) -> str:
    """Yes when a spell of work covers the day (work wins over an overlapping spell of job
    seeking: a part-time job is kept with the registration); no when only other spells do;
    unknown when none does."""
    covering = {spell.status for spell in spells if spell.covers(day)}
    if covering & WORKING:
        return YES
    if covering & NOT_WORKING:
        return NO
    return UNKNOWN


def reading(
    spells: Iterable[Spell], *, follow_up_on: date, extracted_on: date, left_on: date
) -> Reading:
    """The follow-up's result from the extract's spells. An extract made before the
    follow-up day says nothing of it: an open spell then is a forecast, not a fact."""
    if extracted_on < follow_up_on:
        return Reading()
    spells = list(spells)
    employed = _status_on(spells, follow_up_on)
    improved = UNKNOWN
    if employed == YES and _status_on(spells, left_on) == NO:
        improved = YES
    return Reading(employed=employed, improved=improved)
