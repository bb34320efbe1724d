"""The second factor: an authenticator app (TOTP) and single-use recovery codes, on
django-otp's devices. Every write records its audit event in the same transaction.

A passkey (WebAuthn) is not among django-otp's devices; it would need a package of its own
(docs/second-factor.md).
"""

from __future__ import annotations

import re
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import django_otp
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from osmari.accounts.access import memberships
from osmari.accounts.models import User
from osmari.core.audit import Actor, audit_record

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
# A code from the app is six digits; anything else typed is taken for a recovery code, so
# that a wrong guess counts against one device only (django-otp throttles each on its own).
_TOTP_SHAPE = re.compile(r"[0-9]{6}")
# The codes accepted one step (30 s) early or late, for a phone whose clock is off a little.
TOLERANCE = 1


@dataclass(frozen=True)
class SecondFactorState:
    """What a user's own page says about their second factor."""

    has_authenticator: bool
    authenticator_since: datetime | None
    authenticator_last_used: datetime | None
    recovery_codes_left: int


@dataclass(frozen=True)
class Verification:
    """How a code given at login fared."""

    ok: bool
    method: str
    # When the device will take a code again, after too many wrong ones in a row.
    wait_until: datetime | None = None
    recovery_codes_left: int | None = None


def new_secret() -> str:
    """A new authenticator secret, as django-otp keeps it (hex, 160 bits)."""
    return str(random_hex(20))


def secret_for_typing(key_hex: str) -> str:
    """The secret as an authenticator app asks for it: base32 in groups of four."""
    text = b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(*, user: User, key_hex: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return str(TOTPDevice(user=user, key=key_hex).config_url)


def has_second_factor(user: Any) -> bool:
    """Whether the user has a confirmed device to log in with."""
    return bool(django_otp.user_has_device(user, confirmed=True))


def second_factor_state(*, user: User) -> SecondFactorState:
    """The user's own second factor: the app since when, and how many recovery codes remain."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return SecondFactorState(
        has_authenticator=device is not None,
        authenticator_since=device.created_at if device is not None else None,
        authenticator_last_used=device.last_used_at if device is not None else None,
        recovery_codes_left=left,
    )


def normalised(code: str) -> str:
    """A code as typed, without the spaces and dashes people add when copying it."""
    return re.sub(r"[\s-]+", "", code).lower()


def _step_matching(key_hex: str, code: str) -> TOTP | None:
    if not _TOTP_SHAPE.fullmatch(code):
        return None
    totp = TOTP(unhexlify(key_hex))
    return totp if totp.verify(int(code), tolerance=TOLERANCE) else None


def _areas_of(user: User) -> list[Any]:
    """The areas whose administrators look after this user (none for an account without
    roles, whose events the technical administrator sees)."""
    seen: dict[int, Any] = {}
    for grant in memberships(user):
        seen.setdefault(grant.area_id, grant.area)
    return list(seen.values()) or [None]


def record_about_user(
    *,
    actor: Actor,
    action: str,
    user: User,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    """One event in each area the user holds a role in, so that each area's administrator
    sees what happened to their people's logins."""
    for area in _areas_of(user):
        audit_record(
            actor=actor, action=action, obj=user, area=area, reason=reason, changes=changes
        )


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    device.throttle_reset(commit=False)
    device.confirmed = True
    device.save()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = str(StaticToken.random_token())
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_setup(
    *, request: HttpRequest, user: User, key_hex: str, code: str
) -> list[str] | None:
    """Take an authenticator app into use once it shows the right code, replacing any
    earlier one, and count this session as verified. The first time, the user also gets
    recovery codes, returned here to be shown once."""
    totp = _step_matching(key_hex, normalised(code))
    if totp is None:
        raise ValidationError(
            _(
                "The code does not match. Check that the app shows Osmari and type its "
                "current code."
            ),
            code="wrong_code",
        )
    replaced = TOTPDevice.objects.filter(user=user).exists()
    TOTPDevice.objects.filter(user=user).delete()
    # The code just given cannot be given again to log in.
    device = TOTPDevice.objects.create(
        user=user,
        name=AUTHENTICATOR_NAME,
        key=key_hex,
        confirmed=True,
        tolerance=TOLERANCE,
        drift=totp.drift,
        last_t=totp.t(),
    )
    record_about_user(
        actor=user, action="user.mfa_setup", user=user, changes={"replaced": replaced}
    )
    codes = None
    if not StaticToken.objects.filter(device__user=user).exists():
        codes = _new_recovery_codes(user)
        record_about_user(
            actor=user, action="user.recovery_codes", user=user, changes={"count": len(codes)}
        )
    django_otp.login(request, device)
    return codes


def second_factor_verify(*, request: HttpRequest, user: User, code: str) -> Verification:
    """Check a code from the app or a recovery code; a right one verifies the session, a
    used recovery code is gone. Each try is recorded; django-otp makes the wait after each
    wrong code in a row twice as long as before."""
    token = normalised(code)
    method = "totp" if _TOTP_SHAPE.fullmatch(token) else "recovery_code"
    model = TOTPDevice if method == "totp" else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .order_by("-pk")
            .first()
        )
        if device is None:
            record_about_user(
                actor=user, action="user.mfa_failed", user=user, changes={"method": method}
            )
            return Verification(ok=False, method=method)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            record_about_user(
                actor=user,
                action="user.mfa_failed",
                user=user,
                reason="too many wrong codes in a row",
                changes={"method": method, "throttled": True},
            )
            return Verification(
                ok=False, method=method, wait_until=(details or {}).get("locked_until")
            )
        if not device.verify_token(token):
            record_about_user(
                actor=user, action="user.mfa_failed", user=user, changes={"method": method}
            )
            return Verification(ok=False, method=method)
        django_otp.login(request, device)
        left = device.token_set.count() if method == "recovery_code" else None
        record_about_user(
            actor=user, action="user.mfa_verified", user=user, changes={"method": method}
        )
        return Verification(ok=True, method=method, recovery_codes_left=left)


@transaction.atomic
def recovery_codes_regenerate(*, actor: User, user: User) -> list[str]:
    """New recovery codes in place of the old ones, returned to be shown once."""
    codes = _new_recovery_codes(user)
    record_about_user(
        actor=actor, action="user.recovery_codes", user=user, changes={"count": len(codes)}
    )
    return codes


@transaction.atomic
def second_factor_reset(*, actor: User | None, user: User) -> None:
    """Take away a user's second factor (a lost phone, a used-up set of codes) and end their
    sessions: at their next login they set up a new one. The caller has checked that the
    actor looks after the user."""
    had = {
        "authenticator": TOTPDevice.objects.filter(user=user).exists(),
        "recovery_codes": StaticDevice.objects.filter(user=user).exists(),
    }
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    ended = _sessions_end(user)
    record_about_user(
        actor=actor, action="user.mfa_reset", user=user, changes={**had, "sessions_ended": ended}
    )


def _sessions_end(user: User) -> int:
    """End every session of the user: a session verified with the old second factor, or one
    someone else took over, must not carry on (nor set up a new app for them)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def authenticator_create(*, actor: Actor, user: User, key_hex: str, reason: str) -> TOTPDevice:
    """Give a user a confirmed authenticator with a known secret: the synthetic demo logins,
    whose secret is printed with them."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, key=key_hex, confirmed=True, tolerance=TOLERANCE
    )
    record_about_user(
        actor=actor, action="user.mfa_setup", user=user, reason=reason, changes={"replaced": False}
    )
    return device


def current_code(*, user: User) -> str:
    """The code the user's authenticator shows now (for the demo's `demo_code`)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    if device is None:
        raise ValueError(f"{user.email} has no authenticator")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
