"""A table's averages show as Django's floatformat:1 would show them, in each language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from osmari.core.templatetags.numbers import one_decimal

# Halves that round up as a person rounds (2,25 → 2,3) where a float's binary value would
# not, negatives, whole numbers, decimals and text as a form or a query gives them.
VALUES = [
    *(n / 100 for n in range(-1100, 1101)),
    *(n / 20 for n in range(-220, 221)),
    0.05,
    -0.04,
    2.25,
    3.35,
    7.45,
    1234567.25,
    Decimal("2.25"),
    Decimal("4.15"),
    4,
    0,
    "3.35",
]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_an_average_shows_as_floatformat_shows_it(language):
    with translation.override(language):
        differ = [(v, floatformat(v, 1), one_decimal(v)) for v in VALUES]
        assert [d for d in differ if d[1] != d[2]] == []
        assert one_decimal(2.25) == ("2,3" if language in ("fi", "sv") else "2.3")


def test_no_number_shows_as_the_table_s_dash():
    for nothing in (None, "", "not a number", float("nan"), float("inf")):
        assert one_decimal(nothing) == ""
    rendered = Template('{% load numbers %}{{ mean|one_decimal|default:"–" }}').render(
        Context({"mean": None})
    )
    assert rendered == "–"
