"""When each feedback invitation of a period falls due. Pure: dates in, dates out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# One week after the start, at the midpoint, on the last day.
START_AFTER = timedelta(days=7)
# A period shorter than this gets no midpoint survey (start and end are close enough).
MIDPOINT_FROM = timedelta(days=28)
# Invitations are not made for moments further back than this (old periods at go-live).
LOOK_BACK = timedelta(days=30)
# How long a link stays open after the invitation falls due.
OPEN_FOR = timedelta(days=30)


@dataclass(frozen=True)
class Period:
    start: date
    planned_end: date
    last_day: date | None  # set when the period has ended or been interrupted
    running: bool  # started and not cancelled


@dataclass(frozen=True)
class Due:
    survey: str
    on: date

    @property
    def expires(self) -> date:
        return self.on + OPEN_FOR


def due_surveys(period: Period, today: date) -> list[Due]:
    """The surveys due by `today` for one period, for the participant and the instructor."""
    if not period.running:
        return []
    end = period.last_day or period.planned_end
    due: list[Due] = []
    start_survey = period.start + START_AFTER
    if start_survey < end:
        due.append(Due("participant_start", start_survey))
    if end - period.start >= MIDPOINT_FROM:
        middle = period.start + (end - period.start) / 2
        if period.last_day is None or middle < period.last_day:
            due.append(Due("participant_middle", middle))
            due.append(Due("instructor_middle", middle))
    due.append(Due("participant_end", end))
    due.append(Due("instructor_end", end))
    return [d for d in due if today - LOOK_BACK <= d.on <= today]
