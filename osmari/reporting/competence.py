"""Who is trained in what, against the goal: one cell of the matrix and a topic's progress.

A goal names the roles to be trained in a topic and the day by which. A person holding one
of those roles is required; a training counts from the day it was completed, whether the
person was required or not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# The goal's pseudo-role for the programme's paid staff, who may hold no account.
PROGRAMME_STAFF = "programme_staff"


class State(StrEnum):
    TRAINED = "trained"
    DUE = "due"
    OVERDUE = "overdue"
    NOT_REQUIRED = "not_required"


@dataclass(frozen=True)
class Cell:
    state: State
    required: bool
    trained_on: date | None = None
    due_on: date | None = None


def is_required(goal_roles: Collection[str] | None, held_roles: Collection[str]) -> bool:
    return bool(goal_roles) and bool(set(goal_roles or ()) & set(held_roles))


def cell(*, required: bool, trained_on: date | None, due_on: date | None, today: date) -> Cell:
    if trained_on is not None:
        return Cell(State.TRAINED, required, trained_on, due_on)
    if not required:
        return Cell(State.NOT_REQUIRED, False, None, due_on)
    if due_on is not None and today > due_on:
        return Cell(State.OVERDUE, True, None, due_on)
    return Cell(State.DUE, True, None, due_on)


@dataclass(frozen=True)
class Progress:
    """Of those the goal requires, how many are trained; and everyone trained in the topic."""

    required: int
    trained: int
    trained_anyone: int
    overdue: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.trained / self.required) if self.required else None

    @property
    def reached(self) -> bool:
        return self.required > 0 and self.trained == self.required


def progress(cells: Iterable[Cell]) -> Progress:
    cells = list(cells)
    return Progress(
        required=sum(c.required for c in cells),
        trained=sum(c.required and c.state == State.TRAINED for c in cells),
        trained_anyone=sum(c.state == State.TRAINED for c in cells),
        overdue=sum(c.state == State.OVERDUE for c in cells),
    )
