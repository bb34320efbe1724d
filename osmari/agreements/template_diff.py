"""The section-by-section difference between two versions of the agreement template.

Plain data in, plain data out: the pages and the progress report both show what this says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The texts of a section that a reader of the template sees, in the order they are shown.
SECTION_FIELDS: tuple[str, ...] = (
    "title_fi",
    "title_sv",
    "title_en",
    "guidance_fi",
    "guidance_sv",
    "guidance_en",
    "guidance_plain_fi",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class SectionDiff:
    key: str
    # "added", "removed", "changed", "moved" or "same"
    kind: str
    before: dict[str, str] | None
    after: dict[str, str] | None
    changes: tuple[FieldChange, ...] = ()
    position_before: int | None = None
    position_after: int | None = None


@dataclass(frozen=True)
class TemplateDiff:
    sections: tuple[SectionDiff, ...] = field(default_factory=tuple)

    def of_kind(self, kind: str) -> list[SectionDiff]:
        return [section for section in self.sections if section.kind == kind]

    @property
    def added(self) -> list[SectionDiff]:
        return self.of_kind("added")

    @property
    def removed(self) -> list[SectionDiff]:
        return self.of_kind("removed")

    @property
    def changed(self) -> list[SectionDiff]:
        return self.of_kind("changed")

    @property
    def moved(self) -> list[SectionDiff]:
        return self.of_kind("moved")

    @property
    def is_empty(self) -> bool:
        return all(section.kind == "same" for section in self.sections)


def compare(before: list[dict[str, str]], after: list[dict[str, str]]) -> TemplateDiff:
    """Sections are matched by their key; each list is in the template's order.

    A section whose texts changed is "changed" (even if it also moved); one whose only
    difference is its place among the others is "moved"."""
    old = {section["key"]: (index, section) for index, section in enumerate(before)}
    new = {section["key"]: (index, section) for index, section in enumerate(after)}
    # The relative order of the sections both versions have: a section pushed down by an
    # added one has not moved.
    kept_before = [section["key"] for section in before if section["key"] in new]
    kept_after = [section["key"] for section in after if section["key"] in old]
    result: list[SectionDiff] = []
    for index, section in enumerate(after):
        key = section["key"]
        if key not in old:
            result.append(SectionDiff(key, "added", None, section, position_after=index + 1))
            continue
        position, previous = old[key]
        changes = tuple(
            FieldChange(name, previous.get(name, ""), section.get(name, ""))
            for name in SECTION_FIELDS
            if previous.get(name, "") != section.get(name, "")
        )
        if changes:
            kind = "changed"
        elif kept_before.index(key) != kept_after.index(key):
            kind = "moved"
        else:
            kind = "same"
        result.append(
            SectionDiff(
                key,
                kind,
                previous,
                section,
                changes,
                position_before=position + 1,
                position_after=index + 1,
            )
        )
    for key, (position, previous) in old.items():
        if key not in new:
            result.append(SectionDiff(key, "removed", previous, None, position_before=position + 1))
    return TemplateDiff(tuple(result))
