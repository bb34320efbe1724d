"""What the end of retention needs from the apps that count people in aggregates, without
depending on them: the reporting app (which nobody imports) registers here, in its ready(),
the programmes of an area and the numbers of their closed reporting periods. The privacy
app reads them before it destroys anyone's rows (`osmari.privacy.destruction`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from osmari.core.models import EmploymentArea


@dataclass(frozen=True)
class Programme:
    pk: int
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class ClosedPeriod:
    """A closed reporting period's indicators and targets, as reported."""

    programme: int
    start: date
    end: date
    indicators: dict[str, Any]
    targets: list[dict[str, Any]]


ProgrammesOf = Callable[[EmploymentArea], list[Programme]]
# A programme's own records, for the hand-over to the archive, and their removal after it.
RecordsOf = Callable[[int], list[Any]]
Remove = Callable[[int], None]
# The periods of the area's programmes that ended before the day, except those given.
ClosedPeriodsOf = Callable[[EmploymentArea, date, set[tuple[int, date, date]]], list[ClosedPeriod]]

_programmes: list[ProgrammesOf] = []
_closed_periods: list[ClosedPeriodsOf] = []
_archive: dict[str, RecordsOf | Remove] = {}


def register(
    *,
    programmes: ProgrammesOf,
    closed_periods: ClosedPeriodsOf,
    programme_records: RecordsOf,
    programme_remove: Remove,
) -> None:
    if programmes not in _programmes:
        _programmes.append(programmes)
    if closed_periods not in _closed_periods:
        _closed_periods.append(closed_periods)
    _archive.update(records=programme_records, remove=programme_remove)


def programme_records(pk: int) -> list[Any]:
    """The programme's own records (model instances), in an order that loads back."""
    records = _archive["records"](pk)
    assert isinstance(records, list)
    return records


def programme_remove(pk: int) -> None:
    _archive["remove"](pk)


def programmes(area: EmploymentArea) -> list[Programme]:
    return [p for provider in _programmes for p in provider(area)]


def closed_periods(
    area: EmploymentArea, today: date, known: set[tuple[int, date, date]]
) -> list[ClosedPeriod]:
    return [p for provider in _closed_periods for p in provider(area, today, known)]
