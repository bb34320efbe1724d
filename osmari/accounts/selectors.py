"""Reads scoped to the user asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps as django_apps
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from osmari.accounts.access import areas_where, users_for
from osmari.accounts.models import Invitation, Membership, User
from osmari.core import audit_actions
from osmari.core.models import AuditEvent, EmploymentArea
from osmari.core.params import whole_number


@dataclass(frozen=True)
class AuditFilter:
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""
    actor: str = ""
    person_ref: str = ""
    object_type: str = ""


def audit_event_list_for_user(*, user, permission: str, filters: AuditFilter) -> QuerySet:
    """Audit events of the areas the user administers (events carry the area they concern)."""
    area_ids = [area.pk for area in areas_where(user, permission)]
    events = AuditEvent.objects.filter(area_id__in=area_ids)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(occurred_at__gte=datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        events = events.filter(occurred_at__lte=datetime.combine(filters.date_to, time.max, tz))
    if filters.action:
        # By the name shown in the log; a code's beginning ("client.") still finds its kind.
        events = events.filter(
            Q(action__in=audit_actions.named(filters.action)) | Q(action__startswith=filters.action)
        )
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.person_ref:
        events = events.filter(person_ref=filters.person_ref)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    return events.select_related("area").order_by("-occurred_at", "-id")


# How long a confirmed role stays confirmed in the access review, and how long without a
# login makes an account look like a leaver's.
REVIEW_INTERVAL = timedelta(days=182)
IDLE_AFTER = timedelta(days=90)
USER_STATUSES = ("active", "invited", "inactive", "review_due")


@dataclass(frozen=True)
class UserFilter:
    text: str = ""
    role: str = ""
    status: str = ""


@dataclass
class AreaUser:
    """One account as its area administrator sees it: the roles held in the area."""

    account: User
    roles: list[Membership]
    contact_of: list[str]
    invited: bool
    review_due: bool
    idle: bool

    @property
    def status(self) -> str:
        if not self.account.is_active:
            return "inactive"
        return "invited" if self.invited else "active"


def area_user_list(
    *, user, permission: str, area: EmploymentArea, filters: UserFilter | None = None
) -> list[AreaUser]:
    """The accounts with a role in the area, with those roles, in four queries."""
    filters = filters or UserFilter()
    if area not in areas_where(user, permission):
        return []
    contact_model = django_apps.get_model("employers", "OrganisationMembership")
    accounts = users_for(user, permission).filter(
        Q(memberships__area=area) | Q(organisation_memberships__organisation__area=area)
    )
    if filters.text:
        accounts = accounts.filter(
            Q(full_name__icontains=filters.text) | Q(email__icontains=filters.text)
        )
    if filters.role:
        accounts = accounts.filter(memberships__area=area, memberships__role=filters.role)
    accounts = accounts.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(area=area).order_by("role"),
            to_attr="area_roles",
        ),
        Prefetch(
            "organisation_memberships",
            queryset=contact_model.objects.filter(organisation__area=area).select_related(
                "organisation"
            ),
            to_attr="area_contacts",
        ),
        Prefetch(
            "invitations",
            queryset=Invitation.objects.filter(
                accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
            ),
            to_attr="open_invitations",
        ),
    ).order_by("full_name", "email")
    now = timezone.now()
    rows = [_area_user(account, now) for account in accounts]
    if filters.status == "review_due":
        return [row for row in rows if row.review_due]
    if filters.status:
        return [row for row in rows if row.status == filters.status]
    return rows


def _area_user(account: Any, now: datetime) -> AreaUser:
    return AreaUser(
        account=account,
        roles=account.area_roles,
        contact_of=[m.organisation.name for m in account.area_contacts],
        invited=bool(account.open_invitations) and not account.has_usable_password(),
        review_due=account.is_active
        and any(
            m.confirmed_at is None or m.confirmed_at < now - REVIEW_INTERVAL
            for m in account.area_roles
        ),
        idle=account.is_active
        and account.last_login is not None
        and account.last_login < now - IDLE_AFTER,
    )


def managed_user(*, user, pk: object) -> User:
    """One account the user administers, or 404."""
    number = whole_number(pk)
    found = None if number is None else users_for(user, "users.manage").filter(pk=number).first()
    if found is None:
        raise Http404
    return found


def roles_in_managed_areas(*, user, account: User) -> list[Membership]:
    """The account's roles in the areas the user administers; roles elsewhere stay hidden."""
    areas = areas_where(user, "users.manage")
    return list(Membership.objects.filter(user=account, area__in=areas).select_related("area"))


def open_invitation_of(account: User) -> Invitation | None:
    """The invitation still waiting to be used, if any (expired ones included, to show)."""
    return account.invitations.filter(accepted_at__isnull=True, cancelled_at__isnull=True).first()
