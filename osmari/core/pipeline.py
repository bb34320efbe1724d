"""Status pipelines: a record moves between declared states along declared moves only.

A pipeline is a declaration (`Pipeline`): the record's field, its states, the moves allowed
from each state, the refusal in the user's language and where the record keeps its history.
Every history has one shape (`core.models.StatusChange` with `from_<field>` and `to_<field>`).
`move` checks, records and saves; the service that calls it audits in the same transaction.
Adding a pipeline is a declaration beside its model and a migration for its history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Pipeline:
    field: str
    states: type[models.TextChoices]
    moves: Mapping[str, frozenset[str]]
    # A sentence with %(from)s and %(to)s, in the words of the record ("An agreement …").
    refusal: str | Promise
    # The related name of the record's history rows.
    history: str

    def allowed_from(self, current: str) -> frozenset[str]:
        return self.moves.get(current, frozenset())

    def check(self, current: str, target: str) -> None:
        if target not in self.allowed_from(current):
            raise InvalidTransition(self, current, target)


class InvalidTransition(ValidationError):
    """A move the pipeline does not allow; the message names both states."""

    def __init__(self, pipeline: Pipeline, current: str, target: str):
        self.pipeline, self.current, self.target = pipeline, current, target
        super().__init__(
            str(pipeline.refusal)
            % {"from": _label(pipeline, current), "to": _label(pipeline, target)},
            code="invalid_transition",
        )


def _label(pipeline: Pipeline, value: str) -> str:
    try:
        return str(pipeline.states(value).label)
    except ValueError:
        return value


def moves(table: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """A table of moves as written beside the states, frozen."""
    return {state: frozenset(targets) for state, targets in table.items()}


def move(
    record: models.Model,
    pipeline: Pipeline,
    target: str,
    *,
    actor: Any,
    reason: str = "",
    check: bool = True,
    also_save: Iterable[str] = (),
    **history: Any,
) -> str:
    """Move the record to `target`, with a history row; returns the state it left."""
    previous: str = getattr(record, pipeline.field)
    if check:
        pipeline.check(previous, target)
    getattr(record, pipeline.history).create(
        **{f"from_{pipeline.field}": previous, f"to_{pipeline.field}": target},
        reason=reason,
        changed_by=actor,
        **history,
    )
    setattr(record, pipeline.field, target)
    record.save(update_fields=[pipeline.field, *also_save])
    return previous
