"""Invitation tokens: random (or, for an e-mailed link, made with the secret key so that a
reminder can carry the same link), and kept only as a hash."""

from __future__ import annotations

import base64
import hashlib
import secrets

TOKEN_BYTES = 24


def new_token() -> tuple[str, str]:
    """A fresh token for the link, and the hash to store."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_from_digest(digest: bytes) -> str:
    """A token of the same shape as `new_token`'s, made from (keyed) digest bytes."""
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode("ascii").rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
