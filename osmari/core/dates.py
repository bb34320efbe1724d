"""Date arithmetic the rules share. Pure: no Django."""

from __future__ import annotations

from datetime import date


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on `day`; someone born on 29 February turns a year older on 1 March."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
