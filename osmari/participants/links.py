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
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from osmari.accounts.models import User
from osmari.accounts.participant_session import LINK
from osmari.clients.models import Client
from osmari.core.audit import audit_record, disclosure_recorded, recipient_ref
from osmari.participants import services
from osmari.participants.language import ui_language
from osmari.participants.models import SignInLinkRevocation, UsedSignInLink

SALT = "osmari.participants.sign_in_link"

# Why a link is refused. A refused link tells nothing else: not whose it was, nor whether
# that person is still in Osmari.
TAMPERED = "tampered"
EXPIRED = "expired"
USED = "used"
REVOKED = "revoked"


class LinkRefused(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def link_lifetime_seconds() -> int:
    return int(getattr(settings, "PARTICIPANT_LINK_MINUTES", 30)) * 60


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _milliseconds(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def sign_in_link_make(*, actor, client: Client, operator: str = "") -> str:
    """A new one-time sign-in link for this client, as an absolute address. Audited: the log
    says who made a link for whom (a staff account, or the operating-system user who ran the
    command), never the link itself."""
    # The random part makes two links made in the same second different links. The signer's
    # own timestamp counts whole seconds; "t" tells a link made just after a revocation
    # from one made just before it.
    token = signing.dumps(
        {"c": client.pk, "n": secrets.token_urlsafe(8), "t": _milliseconds(timezone.now())},
        salt=SALT,
    )
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
    revoked_at = (
        SignInLinkRevocation.objects.filter(client=client)
        .values_list("revoked_at", flat=True)
        .first()
    )
    made = data.get("t")
    # A link without its making time is older than the revocations: revoked by any of them.
    if revoked_at is not None and (not isinstance(made, int) or made < _milliseconds(revoked_at)):
        raise LinkRefused(REVOKED)
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


def _lifetime_words() -> str:
    minutes = link_lifetime_seconds() // 60
    return ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}


@transaction.atomic
def sign_in_link_email(*, actor: User, client: Client) -> None:
    """E-mail the client a new one-time sign-in link, in their language and signed by their
    area (never by the coach's own name). The link is audited as made and the mail as a
    disclosure to the client; the link itself is in neither, and is mailed once this is
    saved: a rolled-back request mails no link."""
    if not client.email:
        raise ValidationError(
            _("The person has no e-mail address. Add one to send them a sign-in link.")
        )
    link = sign_in_link_make(actor=actor, client=client)
    with translation.override(ui_language(client.preferred_language) or "fi"):
        subject = _("Your link to Osmari")
        body = _(
            "Hello,\n\nhere is a link to your own pages in Osmari:\n\n%(url)s\n\n"
            "The link works only once. It works for %(lifetime)s.\n"
            "If the link no longer works, ask your coach for a new one.\n\n"
            "Did you not ask for a link? Then you can delete this message.\n\n%(area)s"
        ) % {"url": link, "lifetime": _lifetime_words(), "area": client.area}
    address = client.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]), robust=True)
    disclosure_recorded(
        actor=actor,
        action="participant.link_email",
        recipient=recipient_ref(client),
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
    )


@transaction.atomic
def sign_in_links_revoke(*, actor: User, client: Client) -> SignInLinkRevocation:
    """Every sign-in link made for this client until now stops working, and so does a
    session opened with one (`selectors.own_client`); a link made after this works as before,
    and a strongly identified session goes on."""
    revocation, _created = SignInLinkRevocation.objects.update_or_create(
        client=client, defaults={"revoked_at": timezone.now()}
    )
    audit_record(
        actor=actor,
        action="participant.links_revoked",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
    )
    return revocation
