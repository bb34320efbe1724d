"""Whole numbers read by hand from an address or a posted field.

`int()` is the wrong judge of what a person or a link sent: it refuses "²", which
`str.isdigit()` lets through, and takes " 12 " and "1_000"; a key beyond the database's
integer range fails the query. Django's IntegerField reads decimal digits of any script
("١٢" is 12), and so does this, so that a hand-read number and a form field agree.
"""

from __future__ import annotations

# The largest primary key (BigAutoField) and so the largest key worth a query.
MAX_KEY = 2**63 - 1


def whole_number(value: object, *, maximum: int = MAX_KEY) -> int | None:
    """The whole number from 0 to `maximum` that `value` spells in decimal digits, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= maximum else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    # Length first: int() of thousands of digits is refused, and slow before that.
    if not text or len(text) > len(str(maximum)) or not text.isdecimal():
        return None
    number = int(text)
    return number if number <= maximum else None


def plain_text(value: object) -> str:
    """A hand-read text without NUL characters. No one types them, and PostgreSQL refuses
    them in any text, so a search or a note with one would fail instead of finding or saving."""
    return value.replace("\x00", "") if isinstance(value, str) else ""
