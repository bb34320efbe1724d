"""The one place that decides who may see or do what.

Every view asks `may(user, permission, obj)` (or uses `permission_required`); no view
checks a role by itself. A permission is granted to roles in `PERMISSIONS`; the object
decides the scope: an object of an employment area needs the role in that area, an object
of a host organisation needs an organisation contact of that organisation (or an area role).

Lists come from here too: `clients_for`, `placements_for` and `organisations_for` are the
querysets a user may see, and selectors start from them. Nothing else reads memberships
or roles to decide scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, wraps
from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connections, router
from django.db.models import BigIntegerField, CharField, F, Q, QuerySet, Value
from django.utils import timezone

from osmari.accounts.models import AREA_ROLES, Role, User
from osmari.core.models import EmploymentArea

AREA_STAFF = frozenset(AREA_ROLES)
EVERY_ROLE = frozenset(Role)

PERMISSIONS: dict[str, frozenset[Role]] = {
    "home.view": EVERY_ROLE,
    "home.coach": frozenset({Role.COACH}),
    "home.manager": frozenset({Role.MANAGER}),
    "home.analyst": frozenset({Role.ANALYST}),
    "home.area_admin": frozenset({Role.AREA_ADMIN}),
    "home.org_contact": frozenset({Role.ORG_CONTACT}),
    "home.employer_services": frozenset({Role.EMPLOYER_SERVICES}),
    "home.finance": frozenset({Role.FINANCE}),
    "home.auditor": frozenset({Role.AUDITOR}),
    "home.dpo": frozenset({Role.DATA_PROTECTION_OFFICER}),
    "home.municipal": frozenset({Role.MUNICIPAL}),
    "client.list": frozenset({Role.COACH, Role.MANAGER}),
    "client.view": frozenset({Role.COACH, Role.MANAGER}),
    "client.edit": frozenset({Role.COACH}),
    "client.view_sensitive": frozenset({Role.COACH}),
    "client.import": frozenset({Role.COACH, Role.MANAGER}),
    # Everything held about a person, for their own request (GDPR art. 15): whole, health
    # data included, since it goes to the person; every export is logged as a disclosure.
    "client.export_person": frozenset({Role.COACH, Role.MANAGER}),
    "screening.worklist": frozenset({Role.COACH, Role.MANAGER}),
    "screening.assess": frozenset({Role.COACH}),
    "screening.decide": frozenset({Role.COACH}),
    # Employer services work with organisations and their places, never with client records.
    "organisation.list": frozenset({Role.COACH, Role.MANAGER, Role.EMPLOYER_SERVICES}),
    "organisation.view": frozenset(
        {Role.COACH, Role.MANAGER, Role.ORG_CONTACT, Role.EMPLOYER_SERVICES}
    ),
    "organisation.edit": frozenset(
        {Role.COACH, Role.MANAGER, Role.ORG_CONTACT, Role.EMPLOYER_SERVICES}
    ),
    "organisation.create": frozenset({Role.COACH, Role.MANAGER, Role.EMPLOYER_SERVICES}),
    # Layoffs and dismissals at a host, as the area's staff learn of them: the area's own
    # record for judging its work trials, so not the organisation's contacts.
    "organisation.reductions": frozenset({Role.COACH, Role.MANAGER, Role.EMPLOYER_SERVICES}),
    # An organisation contact invites the colleagues who instruct at their workplace.
    "organisation.people": frozenset({Role.ORG_CONTACT}),
    "pipeline.view": frozenset({Role.COACH, Role.MANAGER, Role.EMPLOYER_SERVICES}),
    "pipeline.edit": frozenset({Role.COACH, Role.MANAGER, Role.EMPLOYER_SERVICES}),
    "agreement.view": frozenset(
        {Role.COACH, Role.MANAGER, Role.ORG_CONTACT, Role.EMPLOYER_SERVICES, Role.AUDITOR}
    ),
    "agreement.edit": frozenset({Role.COACH, Role.MANAGER}),
    "agreement.template": frozenset({Role.MANAGER}),
    "placement.view": frozenset({Role.COACH, Role.MANAGER}),
    "placement.edit": frozenset({Role.COACH}),
    # A host organisation's contacts and instructors follow the people working at their place
    # and record absences and their part of the reviews: only their own organisation's periods.
    "placement.host": frozenset({Role.ORG_CONTACT}),
    # Whether the hosts use work trials for their purpose: figures per organisation.
    "trials.patterns": frozenset({Role.COACH, Role.MANAGER}),
    "matching.view": frozenset({Role.COACH, Role.MANAGER}),
    # Organisation contacts see the people who consented to share their profile with them.
    "matching.position": frozenset({Role.COACH, Role.MANAGER, Role.ORG_CONTACT}),
    "feedback.deliver": frozenset({Role.COACH}),
    "feedback.follow_up": frozenset({Role.COACH}),
    # What a participant writes to their coach from their own pages (a note, a request to
    # correct their data): read and dealt with by the coaches, who answer it.
    "participants.messages": frozenset({Role.COACH}),
    "feedback.results": frozenset({Role.COACH, Role.MANAGER, Role.ANALYST, Role.ORG_CONTACT}),
    # Free-text answers: only the coaches and the manager, never organisations as such.
    "feedback.free_text": frozenset({Role.COACH, Role.MANAGER}),
    "feedback.changes": frozenset({Role.COACH, Role.MANAGER, Role.ANALYST}),
    "feedback.change_record": frozenset({Role.MANAGER}),
    "reciprocity.catalogue": frozenset({Role.COACH, Role.MANAGER, Role.ORG_CONTACT}),
    "reciprocity.catalogue_edit": frozenset({Role.MANAGER}),
    "reciprocity.events": frozenset({Role.COACH, Role.MANAGER}),
    "reciprocity.register": frozenset({Role.COACH, Role.MANAGER, Role.ORG_CONTACT}),
    "reciprocity.delivery": frozenset({Role.COACH, Role.MANAGER}),
    "reciprocity.agreed": frozenset({Role.COACH, Role.MANAGER}),
    "reciprocity.profile": frozenset({Role.COACH, Role.MANAGER, Role.ORG_CONTACT}),
    # Publishing is the organisation's own consent; the manager may take a page down.
    "reciprocity.publish": frozenset({Role.ORG_CONTACT}),
    "reciprocity.withdraw": frozenset({Role.ORG_CONTACT, Role.MANAGER}),
    "reciprocity.certificate": frozenset({Role.COACH, Role.MANAGER, Role.ORG_CONTACT}),
    "reciprocity.subsidies": frozenset({Role.COACH, Role.MANAGER}),
    "reciprocity.subsidy_decide": frozenset({Role.MANAGER}),
    # Targets and indicators as numbers; the people behind a number only for the manager.
    "reporting.view": frozenset(
        {Role.COACH, Role.MANAGER, Role.ANALYST, Role.FINANCE, Role.AUDITOR}
    ),
    "reporting.persons": frozenset({Role.MANAGER}),
    "reporting.manage": frozenset({Role.MANAGER}),
    # Finance follows the budget and the hours; an auditor reads, for a while, what they audit.
    "reporting.budget": frozenset({Role.MANAGER, Role.ANALYST, Role.FINANCE, Role.AUDITOR}),
    "reporting.report": frozenset({Role.MANAGER, Role.ANALYST, Role.AUDITOR}),
    # Each municipality's co-financing against the costs, and its figures: a municipal
    # representative only their own municipality's, as aggregates (`municipalities_for`);
    # the role is granted nothing else, so it reaches no person record.
    "reporting.municipal": frozenset(
        {Role.MANAGER, Role.ANALYST, Role.FINANCE, Role.AUDITOR, Role.MUNICIPAL}
    ),
    "reporting.municipal_shares": frozenset({Role.MANAGER}),
    # The data protection officer reads the audit and disclosure logs and the access reports.
    "audit.view": frozenset({Role.AREA_ADMIN, Role.DATA_PROTECTION_OFFICER}),
    # The register of personal data: what the area's data protection officer reads first.
    "privacy.register": frozenset(
        {Role.MANAGER, Role.ANALYST, Role.AREA_ADMIN, Role.AUDITOR, Role.DATA_PROTECTION_OFFICER}
    ),
    "audit.export": frozenset({Role.AREA_ADMIN, Role.DATA_PROTECTION_OFFICER}),
    # The manager approves the list of records whose retention has ended before they go.
    "privacy.retention": frozenset({Role.MANAGER}),
    # Users of the area: invitations, roles, deactivation; the periodic access review.
    "users.manage": frozenset({Role.AREA_ADMIN}),
    "users.review": frozenset({Role.AREA_ADMIN, Role.DATA_PROTECTION_OFFICER}),
    # Register extracts: the administrator says how the area's file is read; the manager or
    # the administrator imports it; coaches and the manager settle the differences.
    "extract.mapping": frozenset({Role.AREA_ADMIN}),
    "extract.import": frozenset({Role.AREA_ADMIN, Role.MANAGER}),
    "extract.reconcile": frozenset({Role.COACH, Role.MANAGER}),
    # The programme manager publishes the area's own wording of a consent.
    "consent.publish": frozenset({Role.MANAGER}),
    # Client work: coaches record their activities; the manager follows the area's hours by
    # coach and keeps the area's list of kinds of activity.
    "coaching.record": frozenset({Role.COACH}),
    "coaching.view": frozenset({Role.COACH, Role.MANAGER}),
    "coaching.area": frozenset({Role.MANAGER}),
    "coaching.kinds": frozenset({Role.MANAGER}),
    # API tokens (docs/api.md): the administrator issues the area's system and reporting
    # tokens, an organisation's contact their organisation's.
    "api.tokens_area": frozenset({Role.AREA_ADMIN}),
    "api.tokens_organisation": frozenset({Role.ORG_CONTACT}),
}

# ---------------------------------------------------------------- what an API token may do
#
# A token holds no role. It is scoped to one area, or one host organisation of it, and its
# kind names the permissions above that it may use; reading and writing are apart, and a
# write permission needs a token issued for writing. Everything below that decides scope
# (`may`, `clients_for`, `organisations_for`, ...) then treats the token as a user holding
# these permissions there and nothing else.
TOKEN_KINDS = ("organisation", "reporting", "system")
TOKEN_READS: dict[str, frozenset[str]] = {
    # Its own organisation, places, agreements, the people placed there who agreed to share,
    # and its responsibility profile.
    "organisation": frozenset(
        {"organisation.view", "agreement.view", "placement.host", "reciprocity.profile"}
    ),
    # Aggregates only: no permission here reaches a person.
    "reporting": frozenset({"reporting.view", "feedback.results"}),
    "system": frozenset({"client.list", "client.view", "placement.view"}),
}
TOKEN_WRITES: dict[str, frozenset[str]] = {
    "organisation": frozenset({"organisation.edit"}),
    "reporting": frozenset(),
    "system": frozenset({"client.edit", "client.import"}),
}


@dataclass
class TokenHolder:
    """The caller of one API request, as its token allows: not a user, and never saved as
    one (the audit log names the token). `pk` is None, so nothing compares it to a coach."""

    token_id: int
    kind: str
    area: EmploymentArea
    organisation_id: int | None
    write: bool
    label: str
    pk: None = None
    is_authenticated = True
    is_active = True
    is_superuser = False
    is_staff = False

    @property
    def permissions(self) -> frozenset[str]:
        writes = TOKEN_WRITES[self.kind] if self.write else frozenset()
        return TOKEN_READS[self.kind] | writes

    @property
    def grant(self) -> Grant:
        # The role only shapes the scope: an organisation's contact sees their organisation,
        # an area-wide holder the whole area (never one coach's caseload).
        if self.kind == "organisation":
            return Grant(Role.ORG_CONTACT, self.area, self.organisation_id)
        return Grant(Role.MANAGER, self.area)

    @property
    def audit_label(self) -> str:
        return self.label

    @property
    def recipient_key(self) -> str:
        # How the log names the token as the recipient of a file, as a row would be named.
        return f"apitoken:{self.token_id}"


def is_token_holder(user: object) -> bool:
    return isinstance(user, TokenHolder)


@dataclass(frozen=True)
class Grant:
    """One role a user holds: in an employment area, or as the contact of one of its host
    organisations (the area is then the organisation's)."""

    role: Role
    area: EmploymentArea
    organisation_id: int | None = None
    # The one municipality a municipal representative acts for.
    municipality_id: int | None = None

    @property
    def area_id(self) -> int:
        return self.area.pk


def memberships(user) -> list[Grant]:
    """The user's roles, read in one query per request and kept on the user object: the
    area roles (`Membership`) and the organisations the user is a contact of
    (`employers.OrganisationMembership`, looked up by label), by area name and role."""
    if isinstance(user, TokenHolder):
        return [user.grant]
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_osmari_memberships", None)
    if cached is None:
        statement = _held_roles_statement(router.db_for_read(EmploymentArea))
        cached = [
            Grant(Role(role), area, organisation_id, municipality_id)
            for area, role, organisation_id, municipality_id in statement.read(
                user_id=user.pk, today=timezone.localdate()
            )
        ]
        user._osmari_memberships = cached
    return cached


def _held_roles(*, user_id: int, today: date) -> QuerySet[EmploymentArea]:
    """Each role the user holds, as its area with the role (`held_…`): the area roles that
    have not expired, and the organisations the user is a contact of."""
    held_in_area = (
        EmploymentArea.objects.order_by()
        # One filter call, so that the expiry is the same membership's.
        .filter(
            Q(memberships__expires_on__isnull=True) | Q(memberships__expires_on__gte=today),
            is_active=True,
            memberships__user_id=user_id,
        )
        .annotate(
            held_role=F("memberships__role"),
            held_organisation_id=Value(None, output_field=BigIntegerField()),
            held_municipality_id=F("memberships__municipality_id"),
        )
    )
    held_as_contact = (
        EmploymentArea.objects.order_by()
        .filter(is_active=True, organisations__memberships__user_id=user_id)
        .annotate(
            held_role=Value(Role.ORG_CONTACT.value, output_field=CharField()),
            held_organisation_id=F("organisations__memberships__organisation_id"),
            held_municipality_id=Value(None, output_field=BigIntegerField()),
        )
    )
    return held_in_area.union(held_as_contact, all=True).order_by("name_fi", "held_role")


# Stand-ins the statement is compiled with, replaced by each request's own user and day: no
# user has a negative key, and no membership expires in the year 1.
_ANY_USER = -7368
_ANY_DAY = date(1, 1, 1)
HELD_COLUMNS = ("held_role", "held_organisation_id", "held_municipality_id")


@dataclass(frozen=True)
class _HeldRolesStatement:
    sql: str
    params: tuple
    # Where the stand-ins are among the parameters, as the database's driver is given them.
    user_at: tuple[int, ...]
    day_at: tuple[int, ...]
    # What is selected, in order: the area's fields, then the role held.
    selected: tuple[Any, ...]
    query: Any
    alias: str

    def read(self, *, user_id: int, today: date) -> list[tuple[EmploymentArea, str, Any, Any]]:
        connection = connections[self.alias]
        params = list(self.params)
        for at in self.user_at:
            params[at] = user_id
        for at in self.day_at:
            params[at] = connection.ops.adapt_datefield_value(today)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        # Each value as the ORM would give it (SQLite returns a decimal as a float).
        compiler = self.query.get_compiler(using=self.alias)
        converted = compiler.apply_converters(rows, compiler.get_converters(self.selected))
        width = len(self.selected) - len(HELD_COLUMNS)
        return [
            (EmploymentArea.from_db(self.alias, AREA_FIELDS, row[:width]), *row[width:])
            for row in converted
        ]


# `from_db` takes a whole row's values in the order of the model's fields.
AREA_FIELDS = tuple(f.attname for f in EmploymentArea._meta.concrete_fields)


@cache
def _held_roles_statement(alias: str) -> _HeldRolesStatement:
    """`_held_roles` compiled once per process and database: every signed-in request reads
    its user's roles, and compiling this union took four times as long as the database took
    to answer it (5 ms against 1 ms)."""
    query = _held_roles(user_id=_ANY_USER, today=_ANY_DAY).query
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    # A day is given to the driver as the database keeps it (SQLite: as text).
    any_day = connections[alias].ops.adapt_datefield_value(_ANY_DAY)
    user_at = tuple(i for i, p in enumerate(params) if p == _ANY_USER)
    day_at = tuple(i for i, p in enumerate(params) if p == any_day)
    selected = tuple(expression for expression, _, _ in compiler.select)
    width = len(selected) - len(HELD_COLUMNS)
    area_fields = tuple(expression.target.attname for expression in selected[:width])
    held = tuple(name for _, _, name in compiler.select[width:])
    if (len(user_at), len(day_at)) != (2, 1) or held != HELD_COLUMNS or area_fields != AREA_FIELDS:
        raise ImproperlyConfigured("The held roles' statement is not the one that is read.")
    return _HeldRolesStatement(sql, tuple(params), user_at, day_at, selected, query, alias)


def roles(user) -> set[Role]:
    return {Role(m.role) for m in memberships(user)}


def _granted(permission: str) -> frozenset[Role]:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise KeyError(f"Unknown permission {permission!r}: add it to PERMISSIONS") from None


def _held(user, permission: str) -> list[Grant]:
    """The user's roles that grant the permission; for an API token, its one scope if its
    kind and writing allow the permission."""
    granted = _granted(permission)
    if isinstance(user, TokenHolder):
        return [user.grant] if permission in user.permissions else []
    return [m for m in memberships(user) if m.role in granted]


def may(user, permission: str, obj: object | None = None) -> bool:
    """Whether the user holds the permission for this object (or anywhere, without one)."""
    held = _held(user, permission)
    if obj is None:
        return bool(held)
    area_id = getattr(obj, "area_id", None)
    if isinstance(obj, EmploymentArea):
        area_id = obj.pk
    organisation_id = _organisation_of(obj)
    for membership in held:
        if membership.role == Role.ORG_CONTACT:
            if organisation_id is not None and membership.organisation_id == organisation_id:
                return True
        elif area_id is not None and membership.area_id == area_id:
            if _outside_own_caseload(user, membership, obj):
                continue
            return True
    return False


def _organisation_of(obj: object) -> int | None:
    """The host organisation an object belongs to: its own, or itself. Looked up by label,
    since accounts sits above the organisations' app."""
    if isinstance(obj, django_apps.get_model("employers", "Organisation")):
        return obj.pk
    return getattr(obj, "organisation_id", None)


def _outside_own_caseload(user, membership: Grant, obj: object) -> bool:
    """An area may keep each coach to the clients they are responsible for."""
    return (
        membership.role == Role.COACH
        and membership.area.coaches_see_own_caseload_only
        and hasattr(obj, "coach_id")
        and obj.coach_id != user.pk
    )


def own_caseload_only(user, area: EmploymentArea, permission: str) -> bool:
    """Whether the user sees only their own clients in this area (a coach where so set)."""
    held = {m.role for m in _held(user, permission) if m.area_id == area.pk}
    return area.coaches_see_own_caseload_only and held == {Role.COACH}


# The area a user with roles in several areas chose to work in: kept in the session, put
# on the user for the request by `WorkingAreaMiddleware`. It comes first wherever one area
# is needed (a new client, an import, the area's settings); lists still show every area the
# user may see, with a filter by area.
WORKING_AREA_SESSION_KEY = "osmari_working_area"


def _working_first(user, areas: list[EmploymentArea]) -> list[EmploymentArea]:
    chosen = getattr(user, "_osmari_working_area", None)
    return sorted(areas, key=lambda area: area.pk != chosen)


def areas_where(user, permission: str) -> list[EmploymentArea]:
    """The employment areas in which the user holds the permission through an area role,
    the one the user chose to work in first."""
    seen: dict[int, EmploymentArea] = {}
    for membership in _held(user, permission):
        if membership.role != Role.ORG_CONTACT:
            seen.setdefault(membership.area_id, membership.area)
    return _working_first(user, list(seen.values()))


def user_areas(user) -> list[EmploymentArea]:
    """Every area in which the user holds a role, the chosen one first."""
    seen: dict[int, EmploymentArea] = {}
    for membership in memberships(user):
        seen.setdefault(membership.area_id, membership.area)
    return _working_first(user, list(seen.values()))


def primary_area(user) -> EmploymentArea | None:
    """The area the user works in now: the chosen one, else the first."""
    held = user_areas(user)
    return held[0] if held else None


def municipalities_for(user, permission: str, area: EmploymentArea) -> QuerySet:
    """The municipalities of the area whose figures the user may see with this permission:
    a municipal representative their own one, any other role holding it all of them."""
    held = [
        m for m in _held(user, permission) if m.area_id == area.pk and m.role != Role.ORG_CONTACT
    ]
    in_area = area.municipalities.all()
    if any(m.role != Role.MUNICIPAL for m in held):
        return in_area
    return in_area.filter(pk__in=[m.municipality_id for m in held])


def own_organisation_memberships(user) -> list[Grant]:
    """The user's roles as a host organisation's contact."""
    return [m for m in memberships(user) if m.role == Role.ORG_CONTACT]


def _contact_organisations(user, permission: str) -> list[int]:
    """The organisations whose contact the user is, where the permission is granted to
    contacts (and, for a token, allowed to it)."""
    if Role.ORG_CONTACT not in _granted(permission):
        return []
    return [m.organisation_id for m in _held(user, permission) if m.role == Role.ORG_CONTACT]


def own_organisations(user) -> list:
    """The host organisations the user is a contact of, read when first asked for."""
    cached = getattr(user, "_osmari_organisations", None)
    if cached is None:
        ids = [m.organisation_id for m in own_organisation_memberships(user)]
        organisation_model = django_apps.get_model("employers", "Organisation")
        found = organisation_model.objects.select_related("area").in_bulk(ids)
        cached = [found[pk] for pk in ids if pk in found]
        user._osmari_organisations = cached
    return cached


def roles_of_users(user_ids: Iterable[int]) -> dict[int, list[Grant]]:
    """The roles these users hold, expired or not, to say in which role someone acted (the
    audit log names who acted, not in which role): two queries, however many users."""
    ids = set(user_ids)
    held: dict[int, list[Grant]] = {pk: [] for pk in ids}
    membership_model = django_apps.get_model("accounts", "Membership")
    area_roles = membership_model.objects.filter(user_id__in=ids).select_related("area")
    for membership in area_roles.order_by("area__name_fi", "role"):
        held[membership.user_id].append(Grant(Role(membership.role), membership.area))
    contact_model = django_apps.get_model("employers", "OrganisationMembership")
    contacts = contact_model.objects.filter(user_id__in=ids).select_related("organisation__area")
    for contact in contacts.order_by("organisation__name"):
        held[contact.user_id].append(
            Grant(Role.ORG_CONTACT, contact.organisation.area, contact.organisation_id)
        )
    return held


def coaches_in(areas: Iterable[EmploymentArea]) -> QuerySet:
    """The active coaches of these areas, for choosing a client's coach or filtering by one."""
    return (
        User.objects.filter(
            memberships__area__in=list(areas), memberships__role=Role.COACH, is_active=True
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def area_staff(area: EmploymentArea) -> dict[User, list[Role]]:
    """Everyone holding a role in the area today (coaches of the municipalities too, not only
    a programme's paid staff), with the roles they hold there: whose competence the area's
    training goals cover."""
    membership_model = django_apps.get_model("accounts", "Membership")
    held = (
        membership_model.objects.filter(area=area, user__is_active=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
        .select_related("user")
        .order_by("user__full_name", "user__pk", "role")
    )
    staff: dict[User, list[Role]] = {}
    for membership in held:
        staff.setdefault(membership.user, []).append(Role(membership.role))
    return staff


# ---------------------------------------------------------------- what a user may list
#
# Models are looked up by label: every app's objects are scoped here, and accounts sits
# above them in the import order.


def client_scope(
    user, permission: str = "client.list", *, prefix: str = "", own_area: bool = False
) -> Q:
    """The filter for the clients the user may see; `prefix` applies it through a relation
    (`"client__"` on a placement). Own caseload only where the area keeps coaches to it.
    `own_area`: the related record keeps its client's area in a column of its own, and that
    must be the area too, so that the database finds an area's records by its index instead
    of reading the country's to join each to its client."""
    visible = Q(**{f"{prefix}pk__in": []})
    for area in areas_where(user, permission):
        in_area = Q(**{f"{prefix}area": area})
        if own_area:
            in_area &= Q(area=area)
        if own_caseload_only(user, area, permission):
            visible |= in_area & Q(**{f"{prefix}coach": user})
        else:
            visible |= in_area
    return visible


def clients_for(user, permission: str = "client.list") -> QuerySet:
    """The clients the user may see with this permission."""
    client_model = django_apps.get_model("clients", "Client")
    return client_model.objects.filter(client_scope(user, permission))


def placements_for(user, permission: str = "placement.view") -> QuerySet:
    """The periods whose client the user may see with this permission."""
    placement_model = django_apps.get_model("placements", "Placement")
    return placement_model.objects.filter(
        client_scope(user, permission, prefix="client__", own_area=True)
    )


def host_placements_for(user, permission: str = "placement.host") -> QuerySet:
    """The periods at the host organisations the user acts for, where the permission is
    granted to contacts: whatever the area's staff may see, a contact sees only these."""
    placement_model = django_apps.get_model("placements", "Placement")
    own = _contact_organisations(user, permission)
    return placement_model.objects.filter(organisation_id__in=own)


def host_proposals_for(user, permission: str = "placement.host") -> QuerySet:
    """The proposals of people to the places of the host organisations the user acts for,
    as `host_placements_for`: a contact sees only their own organisations' proposals."""
    proposal_model = django_apps.get_model("placements", "Proposal")
    own = _contact_organisations(user, permission)
    return proposal_model.objects.filter(organisation_id__in=own)


def organisations_for(user, permission: str = "organisation.view") -> QuerySet:
    """Area staff see their areas' organisations; a contact sees only their own, and only
    where the permission is granted to contacts."""
    organisation_model = django_apps.get_model("employers", "Organisation")
    visible = Q(area__in=[area.pk for area in areas_where(user, permission)])
    own = _contact_organisations(user, permission)
    if own:
        visible |= Q(pk__in=own)
    return organisation_model.objects.filter(visible)


def users_for(user, permission: str = "users.manage") -> QuerySet[User]:
    """The accounts an administrator looks after: anyone holding a role in one of the areas
    where the user has the permission, as area staff or as a contact of one of its
    organisations."""
    areas = [area.pk for area in areas_where(user, permission)]
    return User.objects.filter(
        Q(memberships__area__in=areas) | Q(organisation_memberships__organisation__area__in=areas)
    ).distinct()


def manages_whole_account(user, target: User) -> bool:
    """Whether every role the target holds is in an area the user administers: only then may
    the user close or reopen the account, which all of those areas share. Technical
    administrators are managed in the admin site only."""
    if target.is_superuser or target.is_staff or target.pk == user.pk:
        return False
    managed = {area.pk for area in areas_where(user, "users.manage")}
    held = _all_areas_of(target)
    return bool(held) and held <= managed


def _all_areas_of(target: User) -> set[int]:
    """Every area the target holds a role in, also expired or in an inactive area."""
    membership_model = django_apps.get_model("accounts", "Membership")
    contact_model = django_apps.get_model("employers", "OrganisationMembership")
    areas = set(membership_model.objects.filter(user=target).values_list("area_id", flat=True))
    areas |= set(
        contact_model.objects.filter(user=target).values_list("organisation__area_id", flat=True)
    )
    return areas


def permission_required(permission: str):
    """Log in first; then 403 unless the user holds the permission somewhere."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not may(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.osmari_permission = permission
        return wrapped

    return decorator


def role_labels(roles_held: Iterable[Role]) -> list[str]:
    return [str(Role(role).label) for role in sorted(roles_held)]
