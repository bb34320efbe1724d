"""Who calls the API: the token in the `Authorization` header, checked before the rest of
the request so that row-level security, the rate limit and the body limit apply to it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from osmari.accounts.access import TokenHolder
from osmari.api import problems
from osmari.api.tokens import (
    call_refused_recorded,
    count_call,
    holder_for,
    token_call_recorded,
    token_of,
)

API_PREFIX = "/api/"
# Answers to a call without a valid token that are logged: refused for want of a token (or
# with a bad one), or for its size. The public description answers 200 and is not logged.
REFUSED = frozenset({401, 413})


def max_body_bytes() -> int:
    return int(getattr(settings, "API_MAX_BODY_BYTES", 256 * 1024))


def _bearer_key(request: HttpRequest) -> str:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ApiTokenMiddleware:
    """On the API's addresses the caller is the token's holder, never a browser's session:
    a logged-in user's cookie reaches nothing there, so no page's login can be borrowed by a
    script on another site. Every call made with a token is logged, and every call refused
    for want of a valid one (`call_refused_recorded`)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        key = _bearer_key(request)
        token = token_of(key) if key else None
        holder = holder_for(token)
        request.user = holder or AnonymousUser()  # type: ignore[assignment]
        if holder is None:
            response = self._answer(request)
            if response.status_code in REFUSED:
                call_refused_recorded(
                    key,
                    token,
                    method=request.method or "",
                    path=request.path,
                    status=response.status_code,
                )
            return response
        # Counted before the body is looked at: a token sending too much is still counted.
        wait = count_call(holder)
        response = problems.too_many(wait) if wait is not None else self._answer(request)
        _record(holder, request, response)
        return response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > max_body_bytes():
            return problems.too_large(max_body_bytes())
        return self.get_response(request)


def _record(holder: TokenHolder, request: HttpRequest, response: HttpResponse) -> None:
    token_call_recorded(
        holder, method=request.method or "", path=request.path, status=response.status_code
    )
