"""Login abuse: failed logins counted per address over every account (password spraying),
and password reset links limited per address and per account.

The counts are read from the audit log, where every attempt is recorded anyway: each
event names the account the typed address belongs to (never the password, nor an address
that belongs to nobody) and goes to that account's areas, so that their administrators see
attempts on their people; the technical administrator sees them all.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from osmari.accounts.models import User
from osmari.accounts.second_factor import record_about_user
from osmari.core import request_context
from osmari.core.audit import audit_record
from osmari.core.models import AuditEvent


def _account(email: str) -> User | None:
    email = email.strip()[:254]
    # No address holds a NUL, and PostgreSQL refuses one in a query: such input names nobody.
    if not email or "\x00" in email:
        return None
    return User.objects.filter(email__iexact=email).first()


def _attempts(action: str, hours: float = 0, minutes: float = 0) -> QuerySet[AuditEvent, Any]:
    since = timezone.now() - timedelta(hours=hours, minutes=minutes)
    # One failure of an account in two areas is two events with one request id.
    return (
        AuditEvent.objects.filter(action=action, occurred_at__gte=since)
        .order_by()
        .values("request_id")
        .distinct()
    )


def address_refused() -> bool:
    """Whether the current request's address has failed to log in too often lately, over
    all accounts together: it is then refused before any password is checked."""
    address = request_context.current().ip_address
    if not address:
        return False
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    failures = _attempts("user.login_failed", minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)
    return failures.filter(ip_address=address)[:limit].count() >= limit


def password_reset_allowed(*, email: str) -> bool:
    """Whether one more reset link may go out: a few an hour from one address and for one
    account, so that nobody's inbox is flooded and addresses cannot be tried at speed."""
    limit = settings.PASSWORD_RESET_HOURLY_LIMIT
    sent = _attempts("user.password_reset_requested", hours=1)
    address = request_context.current().ip_address
    if address and sent.filter(ip_address=address)[:limit].count() >= limit:
        return False
    account = _account(email)
    if account is not None:
        for_account = sent.filter(object_type="accounts.user", object_id=str(account.pk))
        if for_account[:limit].count() >= limit:
            return False
    return True


def _record(*, action: str, email: str, reason: str = "") -> None:
    account = _account(email)
    with transaction.atomic():
        if account is None:
            audit_record(actor=None, action=action, reason=reason or "no such account")
        else:
            record_about_user(actor=None, action=action, user=account, reason=reason)


def login_failed_record(*, email: str) -> None:
    """Record a failed login under the account the typed address belongs to."""
    _record(action="user.login_failed", email=email)


def login_refused_record(*, email: str) -> None:
    """Record a login refused because its address failed too often."""
    _record(
        action="user.login_refused", email=email, reason="too many failed logins from this address"
    )


def password_reset_requested_record(*, email: str) -> None:
    """Record that a reset link was asked for (and sent, if the account exists)."""
    _record(action="user.password_reset_requested", email=email)


def password_reset_refused_record(*, email: str) -> None:
    """Record a reset request that went over the hourly limit: nothing was sent."""
    _record(action="user.password_reset_refused", email=email, reason="too many reset requests")
