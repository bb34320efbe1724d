"""The pieces every part of the API shares: who calls (the token), what it may do (asked
of access.py), cursors for lists, and the problem-details answers (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from osmari.accounts import access
from osmari.accounts.access import TokenHolder
from osmari.core.keyset import CursorError, keyset_page

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """The token was checked by `ApiTokenMiddleware` before the request reached the API,
    so that row-level security knew its area; here it is only taken from the request.

    A part of the API for one kind of token refuses the other kinds, and a write a token
    issued for reading, before the request's body is read: a token outside its kind learns
    nothing, not even which of its values would be refused."""

    def __init__(self, kind: str | None = None) -> None:
        super().__init__()
        self.kind = kind

    def authenticate(self, request: HttpRequest, token: str) -> TokenHolder | None:
        caller = request.user
        if not isinstance(caller, TokenHolder):
            return None
        if self.kind is not None and caller.kind != self.kind:
            raise PermissionDenied
        if request.method not in SAFE_METHODS and not caller.write:
            raise PermissionDenied
        return caller


def router_for(kind: str) -> Router:
    """The operations of one kind of token, under its tag."""
    return Router(tags=[kind], auth=TokenAuth(kind))


def holder(request: HttpRequest) -> TokenHolder:
    found = request.auth  # type: ignore[attr-defined]
    assert isinstance(found, TokenHolder)
    return found


def require(request: HttpRequest, permission: str, obj: object | None = None) -> TokenHolder:
    """The caller, if its token holds the permission (for the object); else 403."""
    caller = holder(request)
    if not access.may(caller, permission, obj):
        raise PermissionDenied
    return caller


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, str]] | None = None


# The answers every operation can give besides its own: no or a bad token, a scope that does
# not reach, a row not there, refused input, too many calls, too large a body.
ERRORS: dict[frozenset[int], Any] = {frozenset({401, 403, 404, 413, 422, 429}): Problem}


class InvalidCursor(Exception):
    """A list's cursor that the API did not write."""


def page_of(
    rows: QuerySet, *, time_field: str, cursor: str | None, size: int
) -> tuple[list[Any], str | None]:
    """One page of a list, newest first, and the cursor of the next page (None at its end)."""
    try:
        page = keyset_page(rows, time_field=time_field, older=cursor or None, size=size)
    except CursorError as error:
        raise InvalidCursor from error
    return page.items, (str(page.older) if page.older else None)
