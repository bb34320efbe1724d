"""An authenticator app for tests: a known secret, and the code it shows at a given time."""

from __future__ import annotations

import time
from base64 import b32decode
from binascii import hexlify, unhexlify

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from osmari.accounts.models import User
from osmari.accounts.second_factor import authenticator_create

# RFC 6238's own test secret ("12345678901234567890"), as django-otp keeps it (hex).
KNOWN_KEY = hexlify(b"12345678901234567890").decode()


def give_authenticator(user: User, key_hex: str = KNOWN_KEY):
    """A confirmed authenticator with a known secret, made through the service."""
    return authenticator_create(actor=None, user=user, key_hex=key_hex, reason="test")


def code_at(key_hex: str = KNOWN_KEY, *, steps_ahead: int = 0, at: float | None = None) -> str:
    """The six digits the app shows now (or `steps_ahead` 30-second steps later)."""
    totp = TOTP(unhexlify(key_hex))
    totp.time = (time.time() if at is None else at) + 30 * steps_ahead
    return f"{totp.token():06d}"


def key_from_typed_secret(secret: str) -> str:
    """The hex key behind the base32 secret a page shows for typing into an app."""
    text = secret.replace(" ", "").upper()
    return hexlify(b32decode(text + "=" * (-len(text) % 8))).decode()


def next_code(user: User) -> str:
    """The code the user's app shows that the server takes next: a step after the last one
    used, where the server now expects the app to be. On a busy machine a code typed a
    moment late teaches the server a drift, and a code counted from the clock alone then
    falls outside what it accepts."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now.time = time.time()
    step = max(device.last_t + 1, now.t())
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = device.t0 + step * device.step
    return f"{totp.token():06d}"
