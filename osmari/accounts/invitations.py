"""Invitations: how a person the area (or their organisation) adds takes the account into use.

The link carries a random secret; only its SHA-256 is stored, so neither the table nor a
backup opens an account. A link works once and for `INVITATION_VALID`; a new invitation to the
same person cancels the earlier ones. Whoever accepts sets a password, or binds the account to
the area's identity provider (`accounts.sso`), and then sets up the second factor.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from osmari.accounts.models import Invitation, User
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea

INVITATION_VALID = timedelta(days=7)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return settings.OSMARI_BASE_URL.rstrip("/") + reverse("accounts:invitation", args=[token])


@transaction.atomic
def invitation_send(*, actor: User | None, user: User, area: EmploymentArea | None) -> str:
    """Send the person a new link to take their account into use; returns the link."""
    now = timezone.now()
    Invitation.objects.filter(
        user=user, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=_digest(token),
        invited_by=actor,
        area=area,
        expires_at=now + INVITATION_VALID,
    )
    audit_record(actor=actor, action="user.invite", obj=user, area=area)
    link = invitation_link(token)
    context = {
        "user": user,
        "link": link,
        "area": area,
        "inviter": actor,
        "expires_at": invitation.expires_at,
    }
    with translation.override(user.preferred_language):
        subject = render_to_string("accounts/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/invitation_email.txt", context)
    # Sent once the invitation is saved: a rolled-back invitation mails no working link.
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
    return link


def invitation_find(token: str) -> Invitation | None:
    """The open invitation this link belongs to: not yet used, cancelled or expired."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("user", "area")
        .filter(
            token_hash=_digest(token),
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


class InvitationUsed(Exception):
    """Someone else used the link first (two tabs, or a forwarded message)."""


@transaction.atomic
def invitation_accept(*, invitation: Invitation, how: str) -> None:
    """Mark the invitation used. The update is conditional, so a link opened twice at the same
    moment lets only one of them through."""
    taken = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(accepted_at=timezone.now())
    if not taken:
        raise InvitationUsed
    audit_record(
        actor=invitation.user,
        action="user.invitation_accepted",
        obj=invitation.user,
        area=invitation.area,
        changes={"how": [None, how]},
    )


@transaction.atomic
def invitation_accept_with_password(*, invitation: Invitation, password: str) -> User:
    """Set the invited person's first password (already validated by the form)."""
    invitation_accept(invitation=invitation, how="password")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
