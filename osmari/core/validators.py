"""Dates a person can mean, for every date or time typed into a form.

A date field takes anything from year 1 to 9999, but the code behind it counts months,
years and time zones: a period ending on 31.12.9999 runs past the calendar when its
follow-up is reckoned, and midnight of 1.1.0001 in Helsinki has no UTC time at all. The
service's records begin this century and plan a few years ahead, so this range leaves room
for every real date and keeps all arithmetic inside the calendar.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1900, 1, 1)
LATEST = date(2099, 12, 31)


def date_in_range(value: date | datetime | None) -> None:
    """Refuse a date (or a time on a date) before 1900 or after 2099."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": "1.1.1900", "latest": "31.12.2099"},
        )
