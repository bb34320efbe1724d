"""Numbers and texts read by hand from an address or a posted field, and the dates a form
takes: what a person might send is read as a form field would read it, or not at all."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.forms import IntegerField

from osmari.core.params import MAX_KEY, plain_text, whole_number
from osmari.core.validators import date_in_range


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("١٢", 12),  # Arabic-Indic digits, as Django's IntegerField reads them
        ("0", 0),
        (str(MAX_KEY), MAX_KEY),
        ("²", None),  # a digit to str.isdigit(), not to int()
        ("1x", None),
        ("-1", None),
        ("1_000", None),
        ("1e3", None),
        ("NaN", None),
        ("", None),
        (str(MAX_KEY + 1), None),
        ("9" * 5000, None),  # int() refuses thousands of digits
        ("a\x00b", None),
        (None, None),
        (7, 7),
        (True, None),
    ],
)
def test_a_whole_number_is_read_as_django_reads_one_or_not_at_all(sent, read):
    assert whole_number(sent) == read
    if isinstance(sent, str) and read is not None:
        assert IntegerField().clean(sent) == read


def test_a_whole_number_above_the_maximum_is_not_read():
    assert whole_number("52", maximum=52) == 52
    assert whole_number("53", maximum=52) is None


def test_plain_text_drops_nul_characters_and_nothing_else():
    assert plain_text("Ai\x00no ÅÄÖ 🙂") == "Aino ÅÄÖ 🙂"
    assert plain_text(None) == ""


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2099, 12, 31), datetime(2026, 12, 1, 9)])
def test_a_date_this_side_of_the_bounds_is_taken(day):
    date_in_range(day)


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(1899, 12, 31), date(2100, 1, 1), datetime(9999, 12, 31, 23, 59)]
)
def test_a_date_beyond_the_bounds_is_refused(day):
    with pytest.raises(ValidationError):
        date_in_range(day)
