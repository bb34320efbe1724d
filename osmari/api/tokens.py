"""Issuing, revoking and checking API tokens, and counting their calls (docs/api.md)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.accounts.access import TokenHolder
from osmari.api.models import ApiToken, TokenKind
from osmari.core import request_context
from osmari.core.audit import Actor, audit_record
from osmari.core.models import AuditEvent, EmploymentArea
from osmari.employers.models import Organisation

# "osm_" says whose key it is to a secret scanner; 32 random bytes make it unguessable, so a
# plain SHA-256 is enough to keep it (no salt or slow hash is needed for a random key).
KEY_PREFIX = "osm_"
LONGEST_DAYS = 365
DEFAULT_DAYS = 90


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once, never stored


def issue_token(
    *,
    actor: Actor,
    area: EmploymentArea,
    kind: str,
    name: str,
    organisation: Organisation | None = None,
    write: bool = False,
    days: int = DEFAULT_DAYS,
    operator: str = "",
) -> IssuedToken:
    """A new token and its key, audited in the same transaction. Raises ValidationError for
    a scope that does not hold together."""
    if kind not in TokenKind.values:
        raise ValidationError(_("Choose the kind of token."))
    if kind == TokenKind.ORGANISATION and (organisation is None or organisation.area_id != area.pk):
        raise ValidationError(_("An organisation's token needs an organisation of the area."))
    if kind != TokenKind.ORGANISATION and organisation is not None:
        raise ValidationError(_("Only an organisation's token names an organisation."))
    if kind == TokenKind.REPORTING and write:
        raise ValidationError(_("A reporting token only reads."))
    if not 1 <= days <= LONGEST_DAYS:
        raise ValidationError(
            _("A token is valid for 1 to %(days)s days.") % {"days": LONGEST_DAYS}
        )
    name = name.strip()
    if not name:
        raise ValidationError(_("Say which system uses the token."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    is_user = getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        token = ApiToken.objects.create(
            area=area,
            organisation=organisation,
            kind=kind,
            write=write,
            name=name[:100],
            prefix=key[:PREFIX_LENGTH],
            digest=digest_of(key),
            issued_by=actor if is_user else None,
            issued_by_label=getattr(actor, "email", "") if is_user else "",
            expires_on=timezone.localdate() + timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action="api.token_issued",
            obj=token,
            area=area,
            changes={
                "kind": kind,
                "write": write,
                "organisation": organisation.pk if organisation else None,
                "expires_on": token.expires_on.isoformat(),
                **({"operator": operator} if operator else {}),
            },
        )
    return IssuedToken(token, key)


def revoke_token(*, actor: Actor, token: ApiToken) -> None:
    """End the token now; its later calls are refused. Revoking twice changes nothing."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api.token_revoked", obj=locked, area=locked.area)
    token.revoked_at = locked.revoked_at


# Who issues each kind of token (access.py's permissions, as the token pages ask them).
AREA_TOKENS = "api.tokens_area"
ORGANISATION_TOKENS = "api.tokens_organisation"


def issuer_holds(token: ApiToken) -> bool:
    """Whether the person who issued the token still may: their account open and the right
    to issue it, for its area or organisation, still theirs. The key was shown to them alone,
    so a token outlives neither a contact who left the organisation nor an administrator
    whose role ended, however it ended (taken away, expired, account closed). A token issued
    by the command (no person) holds to its day."""
    if token.issued_by_id is None:
        # An issuer whose account row is gone leaves their address behind: not an operator's.
        return not token.issued_by_label
    if token.kind == TokenKind.ORGANISATION:
        return access.may(token.issued_by, ORGANISATION_TOKENS, token.organisation)
    return access.may(token.issued_by, AREA_TOKENS, token.area)


def token_of(key: str) -> ApiToken | None:
    """The token this key is of, valid or not (None for a key that is no token of ours)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    return (
        ApiToken.objects.select_related("area", "organisation", "issued_by")
        .filter(digest=digest_of(key))
        .first()
    )


def holder_for(token: ApiToken | None, *, today: date | None = None) -> TokenHolder | None:
    """Who calls with the token: its holder, or None for a token of a closed area, revoked,
    past its day, or whose issuer no longer may issue it."""
    if token is None or not token.area.is_active:
        return None
    if not token.valid_on(today or timezone.localdate()) or not issuer_holds(token):
        return None
    return TokenHolder(
        token_id=token.pk,
        kind=token.kind,
        area=token.area,
        organisation_id=token.organisation_id,
        write=token.write,
        label=token.label,
    )


def calls_per_minute() -> int:
    return int(getattr(settings, "API_CALLS_PER_MINUTE", 120))


def count_call(holder: TokenHolder) -> int | None:
    """Count one call against the token's minute. None if it may go ahead; else the seconds
    until the minute ends, for `Retry-After`."""
    now = timezone.now()
    minute = now.replace(second=0, microsecond=0)
    ApiToken.objects.filter(pk=holder.token_id).update(
        window_calls=Case(
            When(window_started_at=minute, then=F("window_calls") + 1), default=Value(1)
        ),
        window_started_at=minute,
        last_used_at=now,
    )
    calls = ApiToken.objects.filter(pk=holder.token_id).values_list("window_calls", flat=True)
    if (calls.first() or 0) <= calls_per_minute():
        return None
    return max(1, 60 - now.second)


PREFIX_LENGTH = len(KEY_PREFIX) + 6


def refused_calls_logged_per_minute() -> int:
    return int(settings.API_REFUSED_LOGGED_PER_MINUTE)


# Over every address together, so that calls from ever new addresses (an IPv6 network has
# plenty) cannot fill the log either.
ALL_ADDRESSES_FACTOR = 10


def call_refused_recorded(
    key: str, token: ApiToken | None, *, method: str, path: str, status: int
) -> None:
    """The log line of a call no token could be trusted with: its key unknown, revoked or
    past its day, or none sent, or a body too large. A key of one of an area's tokens is
    logged to that area, so that its administrator sees a revoked system still calling.
    Only the key's first characters are kept (as the token list shows them), and only of a
    key of ours: whatever else was sent might be someone's password. At most
    `refused_calls_logged_per_minute()` a minute from one address, and ten times that from
    all, so a flood does not flood the log."""
    limit = refused_calls_logged_per_minute()
    logged = AuditEvent.objects.filter(
        action="api.call_refused", occurred_at__gte=timezone.now() - timedelta(minutes=1)
    )
    if logged[: limit * ALL_ADDRESSES_FACTOR].count() >= limit * ALL_ADDRESSES_FACTOR:
        return
    address = request_context.current().ip_address
    if address and logged.filter(ip_address=address)[:limit].count() >= limit:
        return
    ours = key.startswith(KEY_PREFIX) and len(key) <= 100
    audit_record(
        actor=None,
        action="api.call_refused",
        obj=token,
        area=token.area if token is not None else None,
        reason=path[:500],
        changes={
            "method": method,
            "status": status,
            "key": key[:PREFIX_LENGTH] if ours else ("sent, not ours" if key else "none"),
        },
    )


def token_call_recorded(holder: TokenHolder, *, method: str, path: str, status: int) -> None:
    """The log line of one call, as a page view is logged: who, what address, the answer."""
    changes: dict[str, Any] = {"method": method, "status": status}
    audit_record(
        actor=holder,
        action="api.call",
        area=holder.area,
        reason=path[:500],
        changes=changes,
    )
