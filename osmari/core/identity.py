"""Finnish personal identity codes: the check character, and codes for synthetic people.

Validation itself is python-stdnum's (`stdnum.fi.hetu`); this module only builds codes.
"""

from __future__ import annotations

from datetime import date

_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_check_character(birth_date: date, individual_number: int) -> str:
    number = int(f"{birth_date:%d%m}{birth_date.year % 100:02d}{individual_number:03d}")
    return _CHECK[number % 31]


def hetu(birth_date: date, individual_number: int, century_sign: str | None = None) -> str:
    """A personal identity code for the date and individual number (002–899)."""
    if not 2 <= individual_number <= 899:
        raise ValueError("individual number must be 002–899 (900–999 are temporary codes)")
    signs = {18: "+", 19: "-YXWVU", 20: "ABCDEF"}.get(birth_date.year // 100)
    if signs is None:
        raise ValueError("only births in 1800–2099 have a century sign")
    sign = century_sign or signs[0]
    if sign not in signs:
        raise ValueError(f"{sign!r} is not a century sign for {birth_date.year}")
    check = hetu_check_character(birth_date, individual_number)
    return f"{birth_date:%d%m}{birth_date.year % 100:02d}{sign}{individual_number:03d}{check}"
