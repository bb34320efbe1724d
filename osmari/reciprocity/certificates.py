"""Certificate verification codes: random, with a check character against typos.

Twelve characters shown as three groups of four (ABCD-EFGH-JKLM). Eleven are random, so a
code cannot be guessed from another; the last is an ISO 7064 MOD 37-36 check character,
so that a mistyped code is told apart from a code that was never issued.
"""

from __future__ import annotations

import re
import secrets

from stdnum.iso7064 import mod_37_36

# Letters and digits that cannot be mistaken for each other when read from paper.
_RANDOM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_RANDOM_LENGTH = 11


def new_code() -> str:
    body = "".join(secrets.choice(_RANDOM_ALPHABET) for _ in range(_RANDOM_LENGTH))
    return body + mod_37_36.calc_check_digit(body)


def normalise(text: str) -> str:
    """Upper case without spaces or dashes, as people type or scan it."""
    return re.sub(r"[^0-9A-Za-z]", "", text or "").upper()


def is_well_formed(code: str) -> bool:
    return len(code) == _RANDOM_LENGTH + 1 and mod_37_36.is_valid(code)


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
