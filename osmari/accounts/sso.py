"""Single sign-on for staff through the area's OpenID Connect provider.

An account is found only by the provider's issuer and the person's subject identifier there
(`ExternalIdentity`), which the provider never gives to anyone else; never by an e-mail
address, which is changed, reused and, at some providers, typed by the users themselves. A
subject is bound to an account once, by the account's invitation: the invited person signs in
at the provider from the invitation's page. Roles are Osmari's own memberships: nothing the
provider says about groups or roles is read.

The relying party is mozilla-django-oidc, which checks the state, the nonce, PKCE, the token's
signature and expiry; it leaves the issuer and the audience unchecked, and this module checks
them. Every write records its audit event in the same transaction.
"""

from __future__ import annotations

from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from osmari.accounts.access import primary_area
from osmari.accounts.invitations import InvitationUsed, invitation_accept
from osmari.accounts.models import ExternalIdentity, Invitation, User
from osmari.core.audit import audit_record

# The invitation whose person is away signing in at the provider, between the invitation's
# page and the provider's answer.
SESSION_INVITATION = "sso_invitation"

# All of these set, single sign-on is on; settings.py refuses to start with only some of them.
REQUIRED_SETTINGS = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "OSMARI_SSO_NAME",
)

# Why a person the provider vouched for is not let in, in words for them.
REFUSALS: dict[str, Promise] = {
    "unknown": _(
        "This account at %(provider)s is not linked to Osmari. "
        "Ask your area administrator for an invitation."
    ),
    "inactive": _(
        "Your Osmari account is no longer in use. Ask your area administrator if you still need it."
    ),
    "taken": _(
        "This account at %(provider)s is already linked to another Osmari account. "
        "Ask your area administrator."
    ),
    "invitation": _(
        "The invitation has already been used or has expired. "
        "Ask your area administrator for a new one."
    ),
}
FAILED = _(
    "Signing in with %(provider)s did not succeed. "
    "Try again, or log in with your e-mail address and password."
)

# What a failed exchange with the provider raises: a forged or stale answer, a token that
# does not verify, a provider that does not answer.
EXCHANGE_ERRORS = (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException)


def sso_enabled() -> bool:
    return all(getattr(settings, name, "") for name in REQUIRED_SETTINGS)


def sso_name() -> str:
    """The provider's name on the login button; empty when single sign-on is off."""
    return settings.OSMARI_SSO_NAME if sso_enabled() else ""


def failure_message() -> str:
    return str(FAILED) % {"provider": settings.OSMARI_SSO_NAME}


class SignInRefused(Exception):
    """The provider vouched for the person, and Osmari does not let them in."""

    def __init__(self, reason: str, user: User | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.user = user

    def message(self) -> str:
        return str(REFUSALS[self.reason]) % {"provider": settings.OSMARI_SSO_NAME}


def id_token_check(claims: dict[str, Any]) -> None:
    """Refuse an ID token that another issuer made, or made for another application."""
    if claims.get("iss") != settings.OIDC_OP_ISSUER:
        raise SuspiciousOperation("The ID token comes from another issuer.")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    client_id = settings.OIDC_RP_CLIENT_ID
    if client_id not in audiences or (len(audiences) > 1 and claims.get("azp") != client_id):
        raise SuspiciousOperation("The ID token is for another application.")
    if "exp" not in claims:
        raise SuspiciousOperation("The ID token does not expire.")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SuspiciousOperation("The ID token names no subject.")


def _open_invitation(pk: Any) -> Invitation | None:
    """The invitation kept in the session, if it is still open: by the same rules as
    `invitations.invitation_find`, which finds it by its link."""
    return (
        Invitation.objects.select_related("user", "area")
        .filter(
            pk=pk,
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


@transaction.atomic
def external_identity_bind(
    *, invitation: Invitation, issuer: str, subject: str
) -> ExternalIdentity:
    """Bind the invited person's account to their account at the provider, and take the
    invitation as used. A subject bound to another account stays with it."""
    user = invitation.user
    identity = ExternalIdentity.objects.filter(issuer=issuer, subject=subject).first()
    if identity is not None and identity.user_id != user.pk:
        raise SignInRefused("taken", user=user)
    try:
        invitation_accept(invitation=invitation, how="sso")
    except InvitationUsed:
        raise SignInRefused("invitation", user=user) from None
    # One account at each provider: a new invitation replaces the one bound before (the
    # person's account there was replaced), so the old one no longer signs in.
    replaced, _deleted = (
        ExternalIdentity.objects.filter(user=user, issuer=issuer).exclude(subject=subject).delete()
    )
    if identity is None:
        try:
            with transaction.atomic():
                identity = ExternalIdentity.objects.create(
                    user=user, issuer=issuer, subject=subject
                )
        except IntegrityError:
            # Another invitation's sign-in bound the same subject a moment ago.
            raise SignInRefused("taken", user=user) from None
    audit_record(
        actor=user,
        action="user.sso_bound",
        obj=user,
        area=invitation.area,
        changes={"issuer": issuer, "replaced": replaced},
    )
    return identity


def sign_in_refused_record(*, issuer: str, subject: str, refusal: SignInRefused) -> None:
    """Record a refused sign-in. The subject is kept, as a failed password login keeps the
    address typed, so that an administrator can tell who tried."""
    audit_record(
        actor=None,
        action="user.login_sso_refused",
        obj=refusal.user,
        area=primary_area(refusal.user) if refusal.user is not None else None,
        changes={"issuer": issuer, "subject": subject, "reason": refusal.reason},
    )


def user_login_sso(*, request: HttpRequest, user: User) -> None:
    """Start a session for a person the provider vouched for, and record the login. The
    second factor is Osmari's own, as after a password."""
    with transaction.atomic():
        login(request, user)
        ExternalIdentity.objects.filter(user=user, issuer=settings.OIDC_OP_ISSUER).update(
            last_used_at=timezone.now()
        )
        audit_record(
            actor=user,
            action="user.login_sso",
            obj=user,
            area=primary_area(user),
            changes={"issuer": settings.OIDC_OP_ISSUER},
        )


class ProviderBackend(OIDCAuthenticationBackend):
    """Finds the person the provider vouches for by (issuer, subject), and nothing else."""

    def authenticate(self, request, *, nonce, code_verifier=None):
        # Only the provider's callback passes a nonce: a password never reaches this backend.
        if request is None or not sso_enabled():
            return None
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def verify_token(self, token, **kwargs):
        claims = super().verify_token(token, **kwargs)
        id_token_check(claims)
        return claims

    def verify_claims(self, claims):
        return claims.get("iss") == settings.OIDC_OP_ISSUER and bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return User.objects.filter(
            external_identities__issuer=claims["iss"],
            external_identities__subject=claims["sub"],
        )

    def create_user(self, claims):
        # An account is made by an area administrator and bound by its invitation.
        raise SignInRefused("unknown")

    def get_or_create_user(self, access_token, id_token, payload):
        # The signed ID token says who signed in; nothing is asked of the user info endpoint,
        # and no e-mail, name, group or role claim is read.
        if not self.verify_claims(payload):
            raise SuspiciousOperation("The ID token names no subject of this issuer.")
        issuer, subject = payload["iss"], payload["sub"]
        try:
            return self._user_signing_in(issuer, subject)
        except SignInRefused as refusal:
            sign_in_refused_record(issuer=issuer, subject=subject, refusal=refusal)
            raise

    def _user_signing_in(self, issuer: str, subject: str) -> User:
        invitation_pk = self.request.session.pop(SESSION_INVITATION, None)
        if invitation_pk is not None:
            invitation = _open_invitation(invitation_pk)
            if invitation is None:
                raise SignInRefused("invitation")
            external_identity_bind(invitation=invitation, issuer=issuer, subject=subject)
        users = list(self.filter_users_by_claims({"iss": issuer, "sub": subject}))
        if not users:
            return self.create_user({"iss": issuer, "sub": subject})
        if not self.user_can_authenticate(users[0]):
            raise SignInRefused("inactive", user=users[0])
        return users[0]

    def get_user(self, user_id):
        # As for a password login: a session of a deactivated account no longer lets them in.
        return ModelBackend.get_user(self, user_id)
