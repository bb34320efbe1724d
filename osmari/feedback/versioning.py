"""How two wordings of a survey differ, and which wording an invitation gets.

Pure: plain data in, plain data out. Questions are compared by their key, which a new
version keeps for a question it rewords, so a reworded question is "changed", not one
removed and another added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

# The parts of a question a reader notices when they change.
QUESTION_FIELDS = (
    "text_fi",
    "text_sv",
    "text_en",
    "text_fi_plain",
    "kind",
    "required",
    "choices",
)
# The parts of the version itself.
VERSION_FIELDS = (
    "notice_fi",
    "notice_sv",
    "notice_en",
    "notice_fi_plain",
    "guidance_fi",
    "guidance_sv",
    "guidance_en",
    "guidance_fi_plain",
)


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: object
    after: object


@dataclass(frozen=True)
class QuestionChange:
    key: str
    changes: tuple[FieldChange, ...]
    moved: bool = False


@dataclass(frozen=True)
class Difference:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[QuestionChange, ...] = ()
    texts: tuple[FieldChange, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.texts)


def _field_changes(
    before: Mapping[str, object], after: Mapping[str, object], names: Sequence[str]
) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    )


def difference(
    before: Mapping[str, object],
    after: Mapping[str, object],
    questions_before: Sequence[Mapping[str, object]],
    questions_after: Sequence[Mapping[str, object]],
) -> Difference:
    """What changed from one version to the other: questions by key (each a mapping with
    "key", "order" and QUESTION_FIELDS) and the version's own texts."""
    old = {str(q["key"]): q for q in questions_before}
    new = {str(q["key"]): q for q in questions_after}
    old_order = [k for k in old if k in new]
    new_order = [k for k in new if k in old]
    changed = []
    for key in new_order:
        changes = _field_changes(old[key], new[key], QUESTION_FIELDS)
        moved = old_order.index(key) != new_order.index(key)
        if changes or moved:
            changed.append(QuestionChange(key, changes, moved))
    return Difference(
        added=tuple(k for k in new if k not in old),
        removed=tuple(k for k in old if k not in new),
        changed=tuple(changed),
        texts=_field_changes(before, after, VERSION_FIELDS),
    )


@dataclass(frozen=True)
class Pilot:
    version: int  # the version's id
    organisations: frozenset[int]
    starts: date | None = None
    ends: date | None = None

    def covers(self, organisation: int | None, on: date) -> bool:
        if organisation is None or organisation not in self.organisations:
            return False
        if self.starts is not None and on < self.starts:
            return False
        return self.ends is None or on <= self.ends


def version_for(published: int, pilots: Sequence[Pilot], organisation: int | None, on: date) -> int:
    """The version an invitation due on `on` about the organisation gets: a pilot's that
    covers it, else the one published."""
    for pilot in pilots:
        if pilot.covers(organisation, on):
            return pilot.version
    return published
