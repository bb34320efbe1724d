"""Version 1 of the API: the NinjaAPI that serves /api/v1/, its OpenAPI description, and
how each kind of failure is answered as problem details in the caller's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from osmari.api import problems
from osmari.api.base import InvalidCursor, TokenAuth
from osmari.reporting import periods

PROBLEM_STATUSES = ("401", "403", "404", "413", "422", "429")


def _message(error: dict[str, Any]) -> str:
    """A pydantic error said in the caller's language: the same few kinds of mistake as the
    forms' messages, whatever field they are in."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"string_too_long", "too_long"}:
        return _("At most %(limit)s characters.") % {"limit": context.get("max_length", "")}
    if kind in {"string_too_short", "too_short"}:
        return _("This field cannot be empty.")
    if kind.startswith("int_") or kind.startswith("float_") or kind.startswith("decimal_"):
        return _("Give a whole number.") if kind.startswith("int_") else _("Give a number.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Give a date as YYYY-MM-DD.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("At least %(limit)s.") % {"limit": context.get("ge", context.get("gt", ""))}
    if kind in {"less_than_equal", "less_than"}:
        return _("At most %(limit)s.") % {"limit": context.get("le", context.get("lt", ""))}
    if kind in {"literal_error", "enum"}:
        return _("Choose one of: %(choices)s.") % {"choices": context.get("expected", "")}
    if kind == "string_pattern_mismatch" and context.get("pattern") == periods.QUARTER_PATTERN:
        return _("Give a quarter as a year and its number, e.g. 2026-Q3.")
    if kind == "bool_parsing" or kind == "bool_type":
        return _("Give true or false.")
    if kind in {"json_invalid", "model_attributes_type", "dict_type", "model_type"}:
        return _("The body is not a JSON object of the described shape.")
    return _("This value is not valid.")


def _field(error: dict[str, Any]) -> str:
    # The first element says where the value came from (body, query, path); the rest is the
    # field's name, as the caller wrote it.
    location = [str(part) for part in error.get("loc", ())]
    if location[:1] == ["body"] and len(location) > 2:
        # ("body", "<the operation's parameter>", "field", ...): the parameter's name is ours.
        location = location[1:]
    return ".".join(location[1:]) or (location[0] if location else "")


class OsmariNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params=None):  # type: ignore[no-untyped-def]
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # The failures are problem details, with their own media type (RFC 9457).
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status) in PROBLEM_STATUSES and "application/json" in content:
                        response["content"] = {problems.PROBLEM_TYPE: content["application/json"]}
        return schema


api = OsmariNinjaAPI(
    title="Osmari API",
    version="1",
    description=(
        "Osmari's REST API for host organisations' systems, reporting tools and the area's "
        "other systems. Every call needs a token (Authorization: Bearer ...), issued in "
        "Osmari; what it reaches is its area or organisation only. See docs/api.md."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": _field(error), "message": _message(error)} for error in exc.errors]
    return problems.invalid(errors)


@api.exception_handler(DjangoValidationError)
def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": "" if name == "__all__" else name, "message": str(message)}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": str(message)} for message in exc.messages]
    return problems.invalid(errors)


@api.exception_handler(InvalidCursor)
def _bad_cursor(request: HttpRequest, exc: InvalidCursor) -> HttpResponse:
    return problems.invalid(
        [{"field": "cursor", "message": _("This cursor was not given by the API.")}]
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problems.not_authenticated()


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problems.forbidden()


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problems.not_found()


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problems.problem(exc.status_code, str(exc), kind="error")
