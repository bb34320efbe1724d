"""One-time sign-in links: a coach's way to let a participant in where the area has no
strong electronic identification.

A link is signed (so it cannot be made or changed without the secret key), ends a short time
after it was made, and works once: its digest is kept when it is used. Opening the link only
shows a button; signing in is the button's POST, so a mail scanner that fetches the link
does not use it up.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse

from osmari.accounts.participant_session import LINK
from osmari.clients.models import Client
from osmari.core.audit import audit_record
from osmari.participants import services
from osmari.participants.models import UsedSignInLink

SALT = "osmari.participants.sign_in_link"

# Why a link is refused. A refused link tells nothing else: not whose it was, nor whether
# that person is still in Osmari.
TAMPERED = "tampered"
EXPIRED = "expired"
USED = "used"


class LinkRefused(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def link_lifetime_seconds() -> int:
    return int(getattr(settings, "PARTICIPANT_LINK_MINUTES", 30)) * 60


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in_link_make(*, actor, client: Client, operator: str = "") -> str:
    """A new one-time sign-in link for this client, as an absolute address. Audited: the log
    says who made a link for whom (a staff account, or the operating-system user who ran the
    command), never the link itself."""
    # The random part makes two links made in the same second different links.
    token = signing.dumps({"c": client.pk, "n": secrets.token_urlsafe(8)}, salt=SALT)
    audit_record(
        actor=actor,
        action="participant.link_made",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"operator": [None, operator]} if operator else None,
    )
    path = reverse("participants:link", kwargs={"token": token})
    return f"{settings.OSMARI_BASE_URL.rstrip('/')}{path}"


@dataclass(frozen=True)
class _Checked:
    client: Client
    digest: str


def _check(token: str) -> _Checked:
    try:
        data = signing.loads(token, salt=SALT, max_age=link_lifetime_seconds())
    except signing.SignatureExpired as error:
        raise LinkRefused(EXPIRED) from error
    except signing.BadSignature as error:
        raise LinkRefused(TAMPERED) from error
    client_id = data.get("c") if isinstance(data, dict) else None
    if not isinstance(client_id, int):
        raise LinkRefused(TAMPERED)
    digest = _digest(token)
    if UsedSignInLink.objects.filter(digest=digest).exists():
        raise LinkRefused(USED)
    client = Client.objects.select_related("area").filter(pk=client_id).first()
    if client is None:
        # Erased since the link was made: as good as expired, and the page says no more.
        raise LinkRefused(EXPIRED)
    return _Checked(client=client, digest=digest)


def sign_in_link_check(token: str) -> None:
    """Raise LinkRefused unless the link can still be used."""
    _check(token)


def sign_in_link_use(request: HttpRequest, token: str) -> None:
    """Sign the link's participant in with the reduced view, and use the link up, in one
    transaction with the audit event."""
    with transaction.atomic():
        checked = _check(token)
        try:
            with transaction.atomic():
                UsedSignInLink.objects.create(digest=checked.digest)
        except IntegrityError as error:
            # Used in another request between the check and here.
            raise LinkRefused(USED) from error
        services.participant_sign_in(request, client=checked.client, method=LINK)
