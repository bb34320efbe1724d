"""Who calls the API: the token in the `Authorization` header, checked before the rest of
the request so that row-level security, the rate limit and the body limit apply to it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from osmari.accounts.access import TokenHolder
from osmari.api import problems
from osmari.api.tokens import count_call, holder_of, token_call_recorded

API_PREFIX = "/api/"


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
    a logged-in user's cookie reaches nothing there, so no page's login can be borrowed
    by a script on another site. Every call made with a token is logged."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        holder = holder_of(_bearer_key(request)) if _bearer_key(request) else None
        request.user = holder or AnonymousUser()  # type: ignore[assignment]
        if _declared_length(request) > max_body_bytes():
            return problems.too_large(max_body_bytes())
        if holder is None:
            return self.get_response(request)
        wait = count_call(holder)
        if wait is not None:
            response: HttpResponse = problems.too_many(wait)
        else:
            response = self.get_response(request)
        _record(holder, request, response)
        return response


def _record(holder: TokenHolder, request: HttpRequest, response: HttpResponse) -> None:
    token_call_recorded(
        holder, method=request.method or "", path=request.path, status=response.status_code
    )
