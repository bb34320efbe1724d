"""Errors as problem details (RFC 9457): a JSON object with the status, a short title and,
for input that was refused, each field with a message in the caller's language."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _

PROBLEM_TYPE = "application/problem+json"
# Each problem's `type` is a page of docs/api.md, so that a developer can read what it means.
TYPE_BASE = "https://osmari.fi/docs/api#"


def problem(
    status: int,
    title: str,
    *,
    kind: str,
    detail: str = "",
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {"type": TYPE_BASE + kind, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def not_authenticated() -> JsonResponse:
    return problem(
        401,
        _("A valid API token is needed."),
        kind="unauthenticated",
        detail=_(
            "Send it as 'Authorization: Bearer <token>'. It may have expired or been revoked."
        ),
        headers={"WWW-Authenticate": 'Bearer realm="osmari"'},
    )


def forbidden() -> JsonResponse:
    return problem(403, _("This token may not do this."), kind="forbidden")


def not_found() -> JsonResponse:
    return problem(404, _("Not found, or not within this token's scope."), kind="not-found")


def too_many(retry_after: int) -> JsonResponse:
    return problem(
        429,
        _("Too many calls with this token."),
        kind="rate-limited",
        detail=_("Try again in %(seconds)s seconds.") % {"seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def too_large(limit: int) -> JsonResponse:
    return problem(
        413,
        _("The request body is too large."),
        kind="too-large",
        detail=_("At most %(bytes)s bytes are taken.") % {"bytes": limit},
    )


def invalid(errors: list[dict[str, str]]) -> JsonResponse:
    return problem(422, _("Some values were not accepted."), kind="invalid", errors=errors)
