"""Wide tables stay usable at phone width, by one of the project's two patterns: a data table
whose rows become cards naming each cell's column (`data-table` and `data-label`), or a table
that scrolls sideways in a region a keyboard can reach and a screen reader names."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(
    path
    for path in [*ROOT.glob("osmari/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
    # Printed documents have a page's width, not a phone's.
    if "pdf" not in path.name
)
TABLE = re.compile(r"<table([^>]*)>(.*?)</table>", re.S)
CELL = re.compile(r"<(td|th)\b([^>]*)>")
WRAP = '<div class="table-wrap"'


def _tables(path: Path):
    text = path.read_text()
    for match in TABLE.finditer(text):
        yield text[: match.start()], match.group(1), match.group(2)


def _unnamed_cells(body: str) -> list[str]:
    rows = body.split("<tbody", 1)[-1]
    return [
        cell.group(0)
        for cell in CELL.finditer(rows)
        if (cell.group(1) == "td" or 'scope="row"' in cell.group(2))
        and "data-label" not in cell.group(2)
        and "colspan" not in cell.group(2)
    ]


def _in_a_focusable_region(before: str) -> bool:
    start = before.rfind(WRAP)
    if start == -1 or "</div>" in before[start:]:
        return False
    opening = before[start : before.index(">", start)]
    return all(part in opening for part in ('tabindex="0"', 'role="region"', "aria-label="))


def test_the_scan_finds_the_pages_tables():
    assert sum(1 for path in PAGES for _ in _tables(path)) > 40


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_table_is_read_as_cards_or_scrolls_in_a_focusable_region(path):
    for before, attributes, body in _tables(path):
        if "data-table" in attributes:
            # Without its column's name, a card shows values nobody can tell apart.
            assert _unnamed_cells(body) == [], f"{path.name}: cells without data-label"
        elif "criteria" not in attributes:
            # A score's breakdown (`criteria`) sits inside another table's cell, whose
            # width it takes.
            assert _in_a_focusable_region(before), f"{path.name}: a table that does not fit"
