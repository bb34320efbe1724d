import re
import uuid

from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

from osmari.core import request_context

# Matched whole with fullmatch: a pattern ending in "$" also accepts a final newline, and a
# response header cannot carry one (every request with it would fail).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

# Only our own files: no inline script or style, so injected markup cannot run.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


def _client_address(request) -> str | None:
    # REMOTE_ADDR is the reverse proxy's address behind one; the proxy's header is only
    # trusted when the deployment says how many proxies there are (REVERSE_PROXY_COUNT).
    from django.conf import settings

    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Give every request an id (kept from a trusted proxy's X-Request-ID) and bind it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        context = request_context.RequestContext(
            request_id=request_id, ip_address=_client_address(request)
        )
        token = request_context.bind(context)
        try:
            response = self.get_response(request)
        finally:
            request_context.unbind(token)
        response["X-Request-ID"] = request_id
        if "personal_data" in context.marks:
            # A page that showed a person must not stay in a shared or browser cache.
            response["Cache-Control"] = "no-store"
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's sessions, except when the database goes away between the view and the
    session's save. Every request saves the session (to move its idle expiry); Django answers
    a failed save with 400 "session interrupted". When only the expiry was to be saved, the
    view's own answer stands: its work is done, and the next request moves the expiry. When
    the session itself changed (a login, a working area chosen), the answer is "try again"."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionInterrupted:
            from osmari.core.views import _database_away, database_away_response

            if not _database_away():
                raise
            if getattr(request, "session", None) is not None and not request.session.modified:
                return response
            return database_away_response()
