"""The API tokens a user may see and revoke, and what they may issue, as access.py scopes
them: an area's administrator the tokens of their areas (the organisations' among them, to
revoke a leaked one), an organisation's contact their own organisations' tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from osmari.accounts import access
from osmari.accounts.models import User
from osmari.api.models import ApiToken, TokenKind
from osmari.api.tokens import AREA_TOKENS, ORGANISATION_TOKENS, issuer_holds
from osmari.core.models import EmploymentArea
from osmari.core.params import whole_number
from osmari.employers.models import Organisation

VALID, EXPIRED, REVOKED, LAPSED = "valid", "expired", "revoked", "lapsed"


def issues_tokens(user) -> bool:
    """Whether the user issues tokens anywhere: as an area's administrator or an
    organisation's contact."""
    return access.may(user, AREA_TOKENS) or access.may(user, ORGANISATION_TOKENS)


def token_areas_for_user(*, user) -> list[EmploymentArea]:
    """The areas whose system and reporting tokens the user issues, the working one first."""
    return access.areas_where(user, AREA_TOKENS)


def token_organisations_for_user(*, user) -> QuerySet[Organisation]:
    """The organisations whose tokens the user issues as their contact, by name."""
    return (
        access.organisations_for(user, ORGANISATION_TOKENS)
        .select_related("area")
        .order_by("name", "pk")
    )


def _tokens_for(user) -> QuerySet[ApiToken]:
    areas = [area.pk for area in token_areas_for_user(user=user)]
    own = access.organisations_for(user, ORGANISATION_TOKENS).values("pk")
    return ApiToken.objects.filter(Q(area__in=areas) | Q(organisation__in=own))


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    status: str  # VALID, EXPIRED or REVOKED

    @property
    def scope(self) -> str:
        token = self.token
        return token.organisation.name if token.organisation else str(token.area)

    @property
    def issued_by(self) -> str:
        issuer = self.token.issued_by
        return (issuer.full_name if issuer else "") or self.token.issued_by_label


def status_of(token: ApiToken, today: date | None = None) -> str:
    """Valid, expired (past its day), revoked, or lapsed: its issuer no longer may issue it
    (`tokens.issuer_holds`)."""
    today = today or timezone.localdate()
    if token.revoked_at is not None:
        return REVOKED
    if not token.valid_on(today):
        return EXPIRED
    return VALID if issuer_holds(token) else LAPSED


def token_list_for_user(*, user) -> list[TokenRow]:
    """The tokens the user may see and revoke, newest first."""
    today = timezone.localdate()
    tokens = list(
        _tokens_for(user)
        .select_related("area", "organisation", "issued_by")
        .order_by("-issued_at", "-pk")
    )
    # One user object per issuer, so that their roles are read once (access.memberships
    # keeps them on the object), not once per token.
    issuers: dict[int, User] = {}
    for token in tokens:
        if token.issued_by is not None:
            token.issued_by = issuers.setdefault(token.issued_by.pk, token.issued_by)
    return [TokenRow(token, status_of(token, today)) for token in tokens]


def token_get_for_user(*, user, pk: object) -> ApiToken:
    """One token the user may revoke; 404 for any other, so that none is shown to exist."""
    key = whole_number(pk)
    token = (
        _tokens_for(user).select_related("area", "organisation").filter(pk=key).first()
        if key is not None
        else None
    )
    if token is None:
        raise Http404
    return token


def kinds_for_user(*, user) -> list[tuple[str, str]]:
    """The kinds of token the user may issue: the area's for an administrator, the
    organisation's for a contact."""
    kinds = []
    if token_areas_for_user(user=user):
        kinds += [TokenKind.SYSTEM, TokenKind.REPORTING]
    if access.may(user, ORGANISATION_TOKENS):
        kinds += [TokenKind.ORGANISATION]
    return [(kind.value, str(kind.label)) for kind in kinds]
