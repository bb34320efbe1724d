"""Everyone who logs in gives a second factor before anything else; every request tells the
database which areas it may see."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import DEVICE_ID_SESSION_KEY

from osmari.accounts.access import WORKING_AREA_SESSION_KEY, is_token_holder, user_areas
from osmari.accounts.participant_session import participant_of
from osmari.accounts.second_factor import has_second_factor

# What a session that has not given its second factor may open: the pages that ask for it,
# logout, and every page that needs no login at all (tests/test_url_matrix.py's PUBLIC and
# TOKEN entries; a test keeps the two lists together).
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:second_factor_verify",
        "accounts:second_factor_setup",
        "accounts:logout",
        "accounts:login",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "accounts:invitation",
        "accounts:sso_start",
        "accounts:sso_callback",
        "accounts:sso_invitation",
        "set_language",
        "core:about",
        "core:accessibility",
        "core:health",
        "privacy:notice_index",
        "privacy:notice",
        "feedback:answer",
        "feedback:six_month_answer",
        "participants:link",
        "participants:ftn_start",
        "participants:ftn_callback",
        "participants:ftn_jwks",
        "participants:language",
        "reciprocity:public_profile",
        "reciprocity:verify",
        "reciprocity:verify_code",
        "reporting:open_data_index",
        "reporting:open_data_area",
        "reporting:open_data_indicators_csv",
        "reporting:open_data_indicators_json",
        "reporting:open_data_outcomes_csv",
        "reporting:open_data_outcomes_json",
        "reporting:open_data_catalog",
    }
)


def session_verified(request: HttpRequest) -> bool:
    """Whether this session has given a second factor. django-otp's `login` notes the device
    in the session, which is kept on the server and emptied at logout; the session is
    trusted for its lifetime, and taking a user's second factor away ends their sessions
    (`second_factor_reset`), so no request needs to look the device up again."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def second_factor_pending(request: HttpRequest) -> bool:
    """Whether a logged-in user still has to give (or set up) a second factor."""
    user = getattr(request, "user", None)
    if getattr(request, "session", None) is None:
        return False  # a request built by hand, without the middleware
    if not getattr(user, "is_authenticated", False) or session_verified(request):
        return False
    if is_token_holder(user):
        return False  # an API token never logs in, so no second factor is asked of it
    return settings.SECOND_FACTOR_REQUIRED or has_second_factor(user)


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Where to go afterwards: the address asked for, if it is one of ours."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def second_factor_url(user: Any, next_url: str, *, required: bool | None = None) -> str:
    """The second step of logging in: the code for a user who has a device, setting one up
    for a user who has none (when it is required); else straight on."""
    if required is None:
        required = settings.SECOND_FACTOR_REQUIRED
    if has_second_factor(user):
        name = "accounts:second_factor_verify"
    elif required:
        name = "accounts:second_factor_setup"
    else:
        return next_url
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _open_before_second_factor(path: str) -> bool:
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        # Not ours: the 404 page says so.
        return True
    return match.view_name in OPEN_BEFORE_SECOND_FACTOR


class SecondFactorMiddleware:
    """Send a logged-in user who has not given their second factor to the page that asks
    for it (or sets one up), back to where they were going afterwards. The admin site is
    behind this too, since it logs in through Osmari's login."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if second_factor_pending(request) and not _open_before_second_factor(request.path_info):
            # Back to a page afterwards, never to a form's POST address.
            next_url = request.get_full_path() if request.method == "GET" else ""
            target = second_factor_url(request.user, safe_next(request, next_url))
            return redirect(target)
        return self.get_response(request)


class WorkingAreaMiddleware:
    """Put the area the user chose to work in (kept in the session) on the user, for
    `access.areas_where` and the lists to put first. Only an area where the user holds a
    role counts; access.py checks every read as before."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.session.get(WORKING_AREA_SESSION_KEY)
        if chosen is not None and not is_token_holder(request.user):
            request.user._osmari_working_area = chosen  # type: ignore[union-attr]
        return self.get_response(request)


# Pages that answer without a login and find their one record by the key in their address
# (a survey link's token, a published profile, a certificate's code). The policies cannot
# know that key's area before the view has read it, so these run over every area and their
# key is their only scope (docs/row-level-security.md).
KEYED_PUBLIC_PAGES = frozenset(
    {
        "feedback:answer",
        "feedback:six_month_answer",
        # Keyed by the identity code that the broker vouched for.
        "participants:ftn_callback",
        "participants:link",
        "reciprocity:public_profile",
        "reciprocity:verify",
        "reciprocity:verify_code",
    }
)
EVERY_AREA = "*"
NO_AREA = "none"


def row_security_areas(request: HttpRequest) -> str:
    """The value of `osmari.areas` for this request: the areas where the user holds a role
    (as area staff or an organisation's contact), every area for a superuser and the keyed
    public pages, a signed-in participant's own area on their own pages, and no area for anyone
    else."""
    user = getattr(request, "user", None)
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return EVERY_AREA
    try:
        view_name = resolve(request.path_info).view_name
    except Resolver404:
        view_name = ""
    if view_name in KEYED_PUBLIC_PAGES:
        return EVERY_AREA
    # A participant's own pages only, and never for a staff login: their area must not
    # widen or narrow what staff, or a public page, may see.
    if view_name.startswith("participants:") and not getattr(user, "is_authenticated", False):
        participant = participant_of(request)
        if participant is not None:
            return str(participant.area_id)
    held = sorted({area.pk for area in user_areas(user)})
    return ",".join(str(pk) for pk in held) or NO_AREA


# The value of the request being answered, so that a connection opened during it (after the
# database restarted, say) starts with the request's areas, not unset, which means every
# area.
_request_areas: ContextVar[str | None] = ContextVar("osmari_request_areas", default=None)


def request_sees_every_area() -> bool:
    """Whether what runs now reads every area's rows: a command, a job, a superuser; not a
    request kept to some areas by row-level security."""
    return _request_areas.get() in (None, EVERY_AREA)


def _connection_started(sender: Any, connection: Any, **kwargs: Any) -> None:
    value = _request_areas.get()
    if value is not None and connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('osmari.areas', %s, false)", [value])


connection_created.connect(_connection_started, dispatch_uid="osmari_request_areas")


def _set_row_security_areas(value: str) -> None:
    # On the driver's own cursor, as Django sets a connection's time zone and role: state of
    # the connection rather than a query of the page, so the pages' query counts stay theirs.
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        cursor.execute("SELECT set_config('osmari.areas', %s, false)", [value])


def _reset_row_security_areas() -> None:
    _request_areas.set(None)
    if connection.connection is None:
        return  # closed during the request: a new connection starts with the setting unset
    _set_row_security_areas("")


class AreaRowSecurityMiddleware:
    """Tell PostgreSQL which areas this request may see, so that the row-level security
    policies on the tables that hold people (privacy migration 0004) hide every other area's
    rows from the application role even where a query forgot its area filter. One statement
    at the start of the request, one at its end; nothing per query. After the request the
    setting is unset again, as commands have it."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if connection.vendor != "postgresql":
            return self.get_response(request)
        value = row_security_areas(request)
        _request_areas.set(value)
        _set_row_security_areas(value)
        reset_later = False
        try:
            response = self.get_response(request)
            if response.streaming:
                # A streamed file reads its rows while it is sent, after this returns: the
                # setting stays until the response is closed.
                response._resource_closers.append(_reset_row_security_areas)
                reset_later = True
            return response
        finally:
            if not reset_later:
                _reset_row_security_areas()
