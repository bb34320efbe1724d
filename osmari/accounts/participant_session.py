"""A participant's own session: who they are (a client record), how they proved it, and until
when it holds.

A participant is not a staff account: they have no `User`, no role and no second factor at
Osmari. They prove who they are either with strong electronic identification (through the
area's identity broker), which opens their whole view, or with a one-time link their coach
sent by e-mail, which opens a reduced view (no decisions, no identity code). Either way the
session is short and ends at a fixed time, however active it is, and a staff login in the
same browser is ended first: one browser session is never both.

The session holds only the client's and the area's keys: everything else is read anew on each
request, so a record erased or moved elsewhere is gone from the participant's view at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY as SESSION_KEY_AUTH
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

SESSION_KEY = "participant"

# How a participant proved who they are.
STRONG = "strong"
LINK = "link"
METHODS = (STRONG, LINK)


def lifetime_seconds() -> int:
    """A participant's session ends this long after signing in, however active."""
    return int(getattr(settings, "PARTICIPANT_SESSION_MINUTES", 20)) * 60


@dataclass(frozen=True)
class ParticipantSession:
    client_id: int
    area_id: int
    method: str
    ends_at: float

    @property
    def began_at(self) -> float:
        """When the participant signed in (the session's end is fixed from it)."""
        return self.ends_at - lifetime_seconds()

    @property
    def strong(self) -> bool:
        """Signed in with strong electronic identification: the whole view is open."""
        return self.method == STRONG


def participant_session_begin(
    request: HttpRequest, *, client_id: int, area_id: int, method: str
) -> ParticipantSession:
    """Start a participant's session in this browser, in a new session key (so that a key
    fixed before signing in is worthless after it). The caller audits the sign-in in the same
    transaction as whatever else it records."""
    if method not in METHODS:
        raise ValueError(f"Unknown sign-in method: {method!r}")
    # Ends any staff login here too, and flushes what the session held.
    logout(request)
    request.session.cycle_key()
    ends_at = time.time() + lifetime_seconds()
    request.session[SESSION_KEY] = {
        "client": int(client_id),
        "area": int(area_id),
        "method": method,
        "ends_at": ends_at,
    }
    request.session.set_expiry(lifetime_seconds())
    return ParticipantSession(int(client_id), int(area_id), method, ends_at)


def participant_of(request: HttpRequest) -> ParticipantSession | None:
    """This request's participant, or None: no participant session, or it has ended (and is
    then cleared)."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    data: Any = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        found = ParticipantSession(
            client_id=int(data["client"]),
            area_id=int(data["area"]),
            method=str(data["method"]),
            ends_at=float(data["ends_at"]),
        )
    except (KeyError, TypeError, ValueError):
        _drop(session)
        return None
    if found.method not in METHODS or found.ends_at <= time.time():
        _drop(session)
        return None
    return found


def _drop(session: Any) -> None:
    """Forget the participant; a staff login in the same session (which a participant's
    key must never outlive, see `_staff_logged_in`) is not ended by it."""
    if session.get(SESSION_KEY_AUTH) is not None:
        session.pop(SESSION_KEY, None)
    else:
        session.flush()


@receiver(user_logged_in, dispatch_uid="osmari_participant_key_dropped_at_staff_login")
def _staff_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Django keeps an anonymous session's data across login(): a participant's key left in
    # it would follow the staff member's requests.
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


def participant_session_end(request: HttpRequest) -> None:
    """Sign the participant out: nothing of the session stays in the browser or the store."""
    request.session.flush()
