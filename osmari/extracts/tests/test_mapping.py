from datetime import date

import pytest

from osmari.extracts import mapping


def test_the_default_mapping_reads_the_documented_columns_and_kinds():
    reading = mapping.Mapping()
    assert reading.required_columns() == {"henkilotunnus", "tietolaji", "koodi", "alkupvm"}
    assert reading.kind_of(" Tyonhakija ") == mapping.STATUS
    assert reading.kind_of("palvelu") == mapping.SERVICE
    assert reading.kind_of("something") is None
    assert reading.status_codes["01"] == "unemployed"


def test_a_code_table_is_read_line_by_line_with_its_problems():
    codes, problems = mapping.parse_codes(
        "01 = unemployed\n\nTYOSSA=employed\nbad line\nx = flying\n01 = employed\n",
        mapping.STATUS_TARGETS,
    )
    assert codes == {"01": "unemployed", "tyossa": "employed"}
    assert [(p.number, p.problem) for p in problems] == [
        (4, "format"),
        (5, "target"),
        (6, "duplicate"),
    ]
    assert mapping.parse_codes(mapping.format_codes(codes), mapping.STATUS_TARGETS) == (codes, [])


@pytest.mark.parametrize(
    ("text", "day"),
    [("2025-03-01", date(2025, 3, 1)), ("1.3.2025", date(2025, 3, 1)), ("", None)],
)
def test_dates_in_either_form(text, day):
    assert mapping.parse_date(text) == day


def test_an_impossible_date_is_refused():
    with pytest.raises(ValueError):
        mapping.parse_date("31.2.2025")
