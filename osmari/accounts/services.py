"""Writes about accounts: each records its audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from osmari.accounts.access import primary_area
from osmari.accounts.invitations import invitation_send
from osmari.accounts.models import AREA_ROLES, ROLES_THAT_EXPIRE, Invitation, Membership, Role, User
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea, Municipality


def user_login(*, request: HttpRequest, user: User) -> None:
    """Start a session for an authenticated user and record the login."""
    with transaction.atomic():
        login(request, user)
        audit_record(actor=user, action="user.login", obj=user, area=primary_area(user))


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
    *,
    actor: User | None,
    user: User,
    role: Role,
    area: EmploymentArea,
    expires_on: date | None = None,
    municipality: Municipality | None = None,
) -> Membership:
    """Give a user a role in an area, until `expires_on` if given; audited. An organisation
    contact is granted on the organisation's side
    (`employers.services.organisation_membership_grant`). A municipal representative acts
    for one of the area's municipalities, named here; no other role has one."""
    if role not in AREA_ROLES:
        raise ValueError(f"{role} is not held in an area")
    if role in ROLES_THAT_EXPIRE and expires_on is None:
        raise ValidationError(_("An auditor's access needs the date it ends."), code="expires")
    if role == Role.MUNICIPAL:
        if municipality is None or not area.municipalities.filter(pk=municipality.pk).exists():
            raise ValidationError(
                _("A municipal representative needs one of the area's municipalities."),
                code="municipality",
            )
    else:
        municipality = None
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=role,
        area=area,
        defaults={"expires_on": expires_on, "municipality": municipality},
    )
    if (
        not created
        and role == Role.MUNICIPAL
        and membership.municipality_id != getattr(municipality, "pk", None)
    ):
        raise ValidationError(
            _("The user already represents another municipality here; remove that role first."),
            code="municipality",
        )
    before = None if created else membership.expires_on
    if not created and membership.expires_on != expires_on:
        membership.expires_on = expires_on
        membership.save(update_fields=["expires_on"])
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        area=area,
        changes={
            "role": [None, str(role)],
            "user": [None, user.email],
            "expires_on": [str(before or ""), str(expires_on or "")],
            **({"municipality": [None, municipality.code]} if municipality else {}),
        },
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


@transaction.atomic
def user_invite(
    *,
    actor: User,
    area: EmploymentArea,
    email: str,
    full_name: str,
    language: str,
    roles: Collection[Role],
    expires_on: date | None = None,
) -> tuple[User, str | None]:
    """Give a person roles in the area: a new account gets an invitation link; someone who
    already has one (in this or another area) simply gets the roles. Returns the user and the
    link sent, if one was."""
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(
            actor=actor, email=email, full_name=full_name, password=None, language=language
        )
    elif not user.is_active:
        raise ValidationError(
            _("This person's account has been deactivated. Reactivate it on their page first."),
            code="inactive",
        )
    for role in roles:
        membership_grant(actor=actor, user=user, role=role, area=area, expires_on=expires_on)
    link = None
    if not user.has_usable_password() and not user.external_identities.exists():
        link = invitation_send(actor=actor, user=user, area=area)
    return user, link


@transaction.atomic
def user_deactivate(*, actor: User, user: User, reason: str) -> None:
    """Close the account at once: open invitations stop working and every session ends on
    its next request (Django refuses inactive users). The roles are kept for the record."""
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    user.is_active = False
    user.deactivated_on = timezone.localdate()
    user.save(update_fields=["is_active", "deactivated_on"])
    Invitation.objects.filter(
        user=user, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    audit_record(
        actor=actor,
        action="user.deactivate",
        obj=user,
        area=primary_area(actor),
        reason=reason,
        changes={"is_active": [True, False]},
    )


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> None:
    if user.personal_data_removed_on is not None:
        raise ValidationError(
            _("This account's retention has ended and its personal data was removed."),
            code="removed",
        )
    user.is_active = True
    user.deactivated_on = None
    user.save(update_fields=["is_active", "deactivated_on"])
    audit_record(
        actor=actor,
        action="user.reactivate",
        obj=user,
        area=primary_area(actor),
        changes={"is_active": [False, True]},
    )


@transaction.atomic
def user_personal_data_remove(*, actor: User | None, user: User) -> None:
    """The end of an account's retention: its holder's name, address, login, second factor,
    bound identities, invitations and area roles go. The row stays, under a bare reference,
    because the records its holder made and the audit log point to it; that is
    pseudonymous, not anonymous (the log keeps its own snapshot for the log's period)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.external_identities.all().delete()
    user.invitations.all().delete()
    user.memberships.all().delete()
    user.email = f"removed-{user.pk}@accounts.invalid"
    user.full_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.personal_data_removed_on = timezone.localdate()
    user.save()
    audit_record(
        actor=actor,
        action="user.personal_data_removed",
        obj=user,
        changes={"retention": [None, "ended"]},
    )


@transaction.atomic
def access_review_confirm(*, actor: User, user: User, area: EmploymentArea) -> int:
    """The administrator confirms the person still needs each of their roles in the area."""
    confirmed = Membership.objects.filter(user=user, area=area).update(
        confirmed_at=timezone.now(), confirmed_by=actor
    )
    audit_record(
        actor=actor,
        action="user.access_confirmed",
        obj=user,
        area=area,
        changes={"roles": [None, confirmed]},
    )
    return confirmed
