"""Writes about accounts: each records its audit event in the same transaction."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest

from osmari.accounts.access import primary_area
from osmari.accounts.models import AREA_ROLES, Membership, Role, User
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea


def user_login(*, request: HttpRequest, user: User) -> None:
    """Start a session for an authenticated user and record the login."""
    with transaction.atomic():
        login(request, user)
        audit_record(actor=user, action="user.login", obj=user, area=primary_area(user))


def user_login_failed_record(*, email: str) -> None:
    """Record a failed login; the address typed is kept so an administrator can spot attacks."""
    audit_record(actor=None, action="user.login_failed", changes={"email": email[:254]})


def user_logout(*, request: HttpRequest) -> None:
    """End the session and record the logout."""
    user = request.user
    with transaction.atomic():
        if user.is_authenticated:
            audit_record(actor=user, action="user.logout", obj=user, area=primary_area(user))
        logout(request)


def user_password_changed_record(*, actor: User, user: User, how: str) -> None:
    """Record a password change (by the user, or through a reset link)."""
    audit_record(actor=actor, action=f"user.password_{how}", obj=user, area=primary_area(user))


def user_password_reset_requested_record(*, email: str) -> None:
    audit_record(actor=None, action="user.password_reset_requested", changes={"email": email[:254]})


@transaction.atomic
def user_create(
    *, actor: User | None, email: str, full_name: str, password: str | None, language: str = "fi"
) -> User:
    """Create a login; the creation is audited."""
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, preferred_language=language
    )
    audit_record(actor=actor, action="user.create", obj=user)
    return user


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, role: Role, area: EmploymentArea
) -> Membership:
    """Give a user a role in an area; audited. An organisation contact is granted on the
    organisation's side (`employers.services.organisation_membership_grant`)."""
    if role not in AREA_ROLES:
        raise ValueError(f"{role} is not held in an area")
    membership, _ = Membership.objects.get_or_create(user=user, role=role, area=area)
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        area=area,
        changes={"role": [None, str(role)], "user": [None, user.email]},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    """Take a role away; audited."""
    audit_record(
        actor=actor,
        action="membership.revoke",
        obj=membership,
        area=membership.area,
        changes={"role": [membership.role, None], "user": [membership.user.email, None]},
    )
    membership.delete()
