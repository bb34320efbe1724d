"""Every write of client work: coaching activities, group sessions with their attendance,
and the area's list of kinds. Each write audits in its own transaction, one event per
person the activity is about."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.accounts.models import User
from osmari.clients import service_hours
from osmari.clients.models import (
    ActivityKind,
    ActivityParticipant,
    Attendance,
    Client,
    CoachingActivity,
)
from osmari.clients.services import client_served
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea

# The kinds every area starts with: code, Finnish, Swedish, English, group session. The
# data migration gave these to the areas that existed then.
STANDARD_KINDS = [
    ("individual", "Yksilövalmennus", "Individuell coachning", "Individual coaching", False),
    ("group", "Ryhmävalmennus", "Gruppcoachning", "Group session", True),
    ("job_search", "Työnhaun tuki", "Stöd i jobbsökandet", "Job search support", False),
    ("study_guidance", "Opinto-ohjaus", "Studievägledning", "Study guidance", False),
    ("workplace_visit", "Työpaikkakäynti", "Arbetsplatsbesök", "Workplace visit", False),
]


def kinds_ensure(*, area: EmploymentArea) -> None:
    """An area made after the kinds arrived gets the standard list when it first needs it."""
    if ActivityKind.objects.filter(area=area).exists():
        return
    with transaction.atomic():
        for order, (code, fi, sv, en, is_group) in enumerate(STANDARD_KINDS, start=1):
            ActivityKind.objects.get_or_create(
                area=area,
                code=code,
                defaults={
                    "name_fi": fi,
                    "name_sv": sv,
                    "name_en": en,
                    "is_group": is_group,
                    "order": order * 10,
                },
            )
        audit_record(actor=None, action="coaching.kinds_seeded", area=area)


# ---------------------------------------------------------------- the area's list of kinds


@transaction.atomic
def kind_add(
    *,
    actor: User,
    area: EmploymentArea,
    name_fi: str,
    name_sv: str = "",
    name_en: str = "",
    is_group: bool = False,
) -> ActivityKind:
    """Add a kind to the area's list; a name is used once on the list."""
    name_fi = name_fi.strip()
    if not name_fi:
        raise ValidationError({"name_fi": _("Give the kind a name in Finnish.")})
    if ActivityKind.objects.filter(area=area, name_fi__iexact=name_fi).exists():
        raise ValidationError(
            {"name_fi": _("The list already has a kind called “%(name)s”.") % {"name": name_fi}}
        )
    base = slugify(name_fi)[:30] or "kind"
    code, n = base, 1
    while ActivityKind.objects.filter(area=area, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    last = ActivityKind.objects.filter(area=area).order_by("-order").first()
    kind = ActivityKind.objects.create(
        area=area,
        code=code,
        name_fi=name_fi,
        name_sv=name_sv.strip(),
        name_en=name_en.strip(),
        is_group=is_group,
        order=(last.order if last else 0) + 10,
    )
    audit_record(
        actor=actor,
        action="coaching.kind_add",
        obj=kind,
        area=area,
        changes={"name_fi": [None, kind.name_fi], "is_group": [None, is_group]},
    )
    return kind


@transaction.atomic
def kind_retire(*, actor: User, kind: ActivityKind, today: date, retired: bool = True) -> None:
    """Take a kind off the list (or back on it). Activities recorded with it keep it."""
    if retired == (kind.retired_on is not None):
        return
    before = kind.retired_on
    kind.retired_on = today if retired else None
    kind.save(update_fields=["retired_on"])
    audit_record(
        actor=actor,
        action="coaching.kind_retire" if retired else "coaching.kind_restore",
        obj=kind,
        area=kind.area,
        changes={"retired_on": [str(before) if before else None, str(kind.retired_on or "")]},
    )


# ---------------------------------------------------------------- activities


def _check(*, kind: ActivityKind, area: EmploymentArea, occurred_on: date, minutes: int, today):
    """The rules every activity keeps, each broken one named on its field."""
    problems: dict[str, str] = {}
    if kind.area_id != area.pk or kind.retired_on is not None:
        problems["kind"] = _("Pick a kind from the area's current list.")
    duration = service_hours.duration_problem(minutes)
    if duration == "not_positive":
        problems["minutes"] = _("The duration must be at least one minute.")
    elif duration == "too_long":
        problems["minutes"] = _(
            "One activity lasts at most %(max)s minutes (8 hours); record a longer piece of "
            "work as several activities."
        ) % {"max": service_hours.MAX_MINUTES}
    when = service_hours.date_problem(occurred_on, today)
    if when == "in_future":
        problems["occurred_on"] = _(
            "The date cannot be in the future: record an activity after it."
        )
    elif when == "too_old":
        problems["occurred_on"] = _(
            "The date is more than a year ago: check the year. Older work is not recorded any more."
        )
    if problems:
        raise ValidationError(problems)


def _in_scope(actor: User, clients: list[Client]) -> None:
    """A coach records work only with the clients they may work with."""
    pks = [c.pk for c in clients]
    allowed = set(
        access.clients_for(actor, "coaching.record").filter(pk__in=pks).values_list("pk", flat=True)
    )
    if set(pks) - allowed:
        raise PermissionDenied


def _audit_participants(actor: User, activity: CoachingActivity, rows: list[ActivityParticipant]):
    for row in rows:
        audit_record(
            actor=actor,
            action="coaching.record",
            obj=activity,
            area=activity.area,
            person_ref=row.client.person_ref,
            changes={
                "kind": [None, activity.kind.code],
                "occurred_on": [None, str(activity.occurred_on)],
                "minutes": [None, activity.minutes],
                "attendance": [None, row.attendance],
            },
        )


@transaction.atomic
def activity_record(
    *,
    actor: User,
    client: Client,
    kind: ActivityKind,
    occurred_on: date,
    minutes: int,
    note: str = "",
    today: date,
) -> CoachingActivity:
    """Record individual work with one client, done by the actor."""
    _in_scope(actor, [client])
    _check(kind=kind, area=client.area, occurred_on=occurred_on, minutes=minutes, today=today)
    if kind.is_group:
        raise ValidationError({"kind": _("A group session is recorded on its own page.")})
    activity = CoachingActivity.objects.create(
        area=client.area,
        kind=kind,
        coach=actor,
        occurred_on=occurred_on,
        minutes=minutes,
        note=note.strip(),
        client=client,
    )
    row = ActivityParticipant.objects.create(activity=activity, client=client)
    client_served(client, occurred_on, today=today)
    _audit_participants(actor, activity, [row])
    return activity


@transaction.atomic
def group_session_record(
    *,
    actor: User,
    area: EmploymentArea,
    kind: ActivityKind,
    occurred_on: date,
    minutes: int,
    note: str = "",
    attendance: Mapping[Client, bool],
    today: date,
) -> CoachingActivity:
    """Record a group session led by the actor, with each participant present or absent."""
    problems: dict[str, str] = {}
    try:
        _check(kind=kind, area=area, occurred_on=occurred_on, minutes=minutes, today=today)
    except ValidationError as error:
        problems.update({k: v[0] for k, v in error.message_dict.items()})
    if "kind" not in problems and not kind.is_group:
        problems["kind"] = _("Pick a kind for a group session.")
    if not attendance:
        problems["participants"] = _("Pick at least one participant.")
    if problems:
        raise ValidationError(problems)
    clients = list(attendance)
    if any(c.area_id != area.pk for c in clients):
        raise PermissionDenied
    _in_scope(actor, clients)
    activity = CoachingActivity.objects.create(
        area=area,
        kind=kind,
        coach=actor,
        occurred_on=occurred_on,
        minutes=minutes,
        note=note.strip(),
    )
    rows = ActivityParticipant.objects.bulk_create(
        [
            ActivityParticipant(
                activity=activity,
                client=client,
                attendance=Attendance.PRESENT if present else Attendance.ABSENT,
            )
            for client, present in sorted(attendance.items(), key=lambda item: item[0].pk)
        ]
    )
    for row in rows:
        if row.attendance == Attendance.PRESENT:
            client_served(row.client, occurred_on, today=today)
    _audit_participants(actor, activity, rows)
    return activity
