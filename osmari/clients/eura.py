"""EURA 2021, where ESF+ participants give their own start and end data (LAW.md §5): what a
participant needs to get there. The project code is the programme's, which the reporting app
keeps; it registers where the code comes from, since nothing below reporting may import it."""

from __future__ import annotations

from collections.abc import Callable

# Where participants fill in their forms, signing in strongly through Suomi.fi.
PARTICIPANT_ADDRESS = "https://www.eura2021.fi/osallistuja"

_project_code_sources: list[Callable[[int], str]] = []


def project_code_source_register(source: Callable[[int], str]) -> None:
    """Register where an area's EURA 2021 project code is read from (by its area's id)."""
    if source not in _project_code_sources:
        _project_code_sources.append(source)


def project_code(area_id: int) -> str:
    """The area's project code, or "" where no programme has one."""
    for source in _project_code_sources:
        code = source(area_id)
        if code:
            return code
    return ""
