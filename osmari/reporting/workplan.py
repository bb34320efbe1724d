"""The work plan's rules: when a milestone is late, what counts as evidence.

Pure. A milestone is done on the day its done status was recorded; until then it is late
from the day after its due date. Done needs evidence a reader can check: a page or record
in Osmari, a document, or a number with what it counts.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from urllib.parse import urlsplit

DUE_SOON_DAYS = 30


class State(StrEnum):
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    PLANNED = "planned"


def state(due_on: date, done_on: date | None, today: date) -> State:
    """Where a milestone stands on a day."""
    if done_on is not None:
        return State.DONE_LATE if done_on > due_on else State.DONE
    if today > due_on:
        return State.OVERDUE
    if due_on - today <= timedelta(days=DUE_SOON_DAYS):
        return State.DUE_SOON
    return State.PLANNED


def days_late(due_on: date, done_on: date | None, today: date) -> int:
    """Days past the due date: to the day it was done, or to today while it is not."""
    return max(0, ((done_on or today) - due_on).days)


def link_problem(link: str) -> str | None:
    """Why a link is not evidence, or None: a page of Osmari ("/…") or a document's
    https address. Anything else (a bare word, javascript:, http) could not be opened
    safely from the report."""
    link = link.strip()
    if not link:
        return None
    # Browsers read a backslash as a slash and drop tabs and newlines, so "/\\host" or
    # "/<tab>/host" would open another site.
    if "\\" in link or any(ch.isspace() or ord(ch) < 32 for ch in link):
        return "not_a_link"
    if link.startswith("/") and not link.startswith("//"):
        return None
    parts = urlsplit(link)
    if parts.scheme == "https" and parts.netloc:
        return None
    return "not_a_link"


def has_evidence(link: str, number: Decimal | None) -> bool:
    return bool(link.strip()) or number is not None


def done_needs_evidence(status: str, link: str, number: Decimal | None) -> bool:
    """True when a milestone would be marked done without any evidence."""
    return status == "done" and not has_evidence(link, number)
