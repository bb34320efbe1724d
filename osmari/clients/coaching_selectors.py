"""Reads of client work, scoped to the user asking (`osmari.accounts.access`).

A coach sees the activities they recorded; the area's manager sees every activity of the
area. A client's own activities are read for a client already fetched through
`client_get_for_user`. The report's numbers (`work_by_kind`) are aggregates of an area,
for the reporting app to show as its rules for small groups say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404

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
from osmari.core.models import EmploymentArea

# ---------------------------------------------------------------- kinds


def kinds_of_area(
    area: EmploymentArea, *, group: bool | None = None, current_only: bool = True
) -> QuerySet[ActivityKind]:
    kinds = ActivityKind.objects.filter(area=area)
    if current_only:
        kinds = kinds.filter(retired_on__isnull=True)
    if group is not None:
        kinds = kinds.filter(is_group=group)
    return kinds.order_by("order", "name_fi", "pk")


def kind_get_for_user(*, user, pk: int) -> ActivityKind:
    """A kind of an area whose list the user keeps, or 404."""
    areas = access.areas_where(user, "coaching.kinds")
    kind = ActivityKind.objects.select_related("area").filter(pk=pk, area__in=areas).first()
    if kind is None:
        raise Http404
    return kind


# ---------------------------------------------------------------- who and what a user sees


def group_candidates(*, user, area: EmploymentArea) -> QuerySet[Client]:
    """The coach's own caseload in the area: the people a group session is picked from."""
    return (
        access.clients_for(user, "coaching.record")
        .filter(area=area, coach=user)
        .order_by("last_name", "first_name", "pk")
    )


def activity_scope(user) -> Q:
    """The activities the user sees: the area's for its manager, their own for a coach."""
    whole = [a.pk for a in access.areas_where(user, "coaching.area")]
    own = [a.pk for a in access.areas_where(user, "coaching.record")]
    return Q(area__in=whole) | Q(area__in=own, coach=user)


def coaches_for_user(user) -> list[User]:
    """Whose activities the user may choose to look at: the area's coaches for a manager."""
    areas = access.areas_where(user, "coaching.area")
    coaches = list(access.coaches_in(areas)) if areas else []
    if access.areas_where(user, "coaching.record") and user not in coaches:
        coaches.insert(0, user)
    return coaches


def activities_for_user(
    *, user, month: date, coach: int | None = None
) -> QuerySet[CoachingActivity]:
    """The activities of one month the user may see, newest first, with their people."""
    start = service_hours.month_start(month)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    activities = CoachingActivity.objects.filter(
        activity_scope(user), occurred_on__gte=start, occurred_on__lt=end
    )
    if coach:
        activities = activities.filter(coach_id=coach)
    return activities.select_related("kind", "coach").prefetch_related(
        Prefetch(
            "participants",
            queryset=ActivityParticipant.objects.select_related("client").order_by(
                "client__last_name", "client__first_name", "pk"
            ),
        )
    )


# ---------------------------------------------------------------- hours


@dataclass(frozen=True)
class KindHours:
    kind: ActivityKind
    times: int
    minutes: int

    @property
    def hours(self):
        return service_hours.hours(self.minutes)


@dataclass(frozen=True)
class ClientWork:
    """A client's service hours: the activities they were present at, by kind."""

    minutes: int
    by_kind: list[KindHours]
    recent: list[ActivityParticipant]

    @property
    def hours(self):
        return service_hours.hours(self.minutes)


def client_work(client: Client, *, recent: int = 5) -> ClientWork:
    """Hours by kind and the latest activities of a client already fetched for the user."""
    present = ActivityParticipant.objects.filter(client=client, attendance=Attendance.PRESENT)
    sums = {
        row["activity__kind"]: row
        for row in present.values("activity__kind").annotate(
            times=Count("pk"), minutes=Sum("activity__minutes")
        )
    }
    kinds = ActivityKind.objects.in_bulk(list(sums))
    by_kind = [
        KindHours(kinds[pk], row["times"], row["minutes"] or 0)
        for pk, row in sums.items()
        if pk in kinds
    ]
    by_kind.sort(key=lambda k: (k.kind.order, k.kind.name_fi))
    latest = list(
        ActivityParticipant.objects.filter(client=client)
        .select_related("activity__kind", "activity__coach")
        .order_by("-activity__occurred_on", "-activity__pk")[:recent]
    )
    return ClientWork(sum(k.minutes for k in by_kind), by_kind, latest)


@dataclass(frozen=True)
class HoursLine:
    """One row of the hours table as shown: hours by month (None for none) and the total."""

    label: object
    cells: list
    total: object


@dataclass(frozen=True)
class HoursSummary:
    table: service_hours.HoursTable
    coaches: dict[int, User]
    people_by_month: dict[date, int]

    @property
    def lines(self) -> list[HoursLine]:
        return [
            HoursLine(
                self.coaches[row.key],
                [
                    service_hours.hours(row.by_month[m]) if row.by_month.get(m) else None
                    for m in self.table.months
                ],
                service_hours.hours(row.total),
            )
            for row in self.table.rows
        ]

    @property
    def month_totals(self) -> list:
        return [
            service_hours.hours(n) if (n := self.table.month_total(m)) else None
            for m in self.table.months
        ]

    @property
    def total(self):
        return service_hours.hours(self.table.total)

    @property
    def people(self) -> list[int | None]:
        return [self.people_by_month.get(m) for m in self.table.months]


def hours_by_coach(*, user, year: int) -> HoursSummary:
    """The user's visible activities' minutes by coach and month of one year, and how many
    different people were present each month."""
    months = service_hours.months_of_year(year)
    visible = CoachingActivity.objects.filter(activity_scope(user), occurred_on__year=year)
    rows = (
        visible.annotate(month=TruncMonth("occurred_on"))
        .values("coach", "month")
        .annotate(minutes=Sum("minutes"))
        .order_by("coach", "month")
    )
    entries = [(row["coach"], _as_date(row["month"]), row["minutes"] or 0) for row in rows]
    table = service_hours.hours_table(entries, months)
    coaches = User.objects.in_bulk([row.key for row in table.rows])
    table.rows.sort(key=lambda row: (coaches[row.key].full_name, row.key))
    people = (
        ActivityParticipant.objects.filter(activity__in=visible, attendance=Attendance.PRESENT)
        .annotate(month=TruncMonth("activity__occurred_on"))
        .values("month")
        .annotate(n=Count("client", distinct=True))
    )
    return HoursSummary(
        table, coaches, {_as_date(row["month"]): row["n"] for row in people.order_by()}
    )


def _as_date(value) -> date:
    # TruncMonth of a date gives a date on SQLite and PostgreSQL alike; a datetime elsewhere.
    return value.date() if hasattr(value, "date") and callable(value.date) else value


# ---------------------------------------------------------------- for the programme report


@dataclass(frozen=True)
class KindWork:
    """One kind's work in a period: different people present, activities, and minutes
    (each activity once, however many took part)."""

    kind: ActivityKind
    people: int
    activities: int
    minutes: int


def work_by_kind(*, area: EmploymentArea, start: date, end: date) -> tuple[list[KindWork], int]:
    """Each kind of the area with any activity in start..end, and how many different people
    got any client work in it. Three queries, whatever the numbers."""
    activities = CoachingActivity.objects.filter(area=area, occurred_on__range=(start, end))
    done = {
        row["kind"]: row
        for row in activities.values("kind").annotate(n=Count("pk"), minutes=Sum("minutes"))
    }
    present = ActivityParticipant.objects.filter(
        activity__in=activities, attendance=Attendance.PRESENT
    )
    people = dict(
        present.values("activity__kind")
        .annotate(n=Count("client", distinct=True))
        .values_list("activity__kind", "n")
    )
    everyone = present.values("client").distinct().count()
    kinds = kinds_of_area(area, current_only=False).filter(pk__in=list(done))
    return [
        KindWork(kind, people.get(kind.pk, 0), done[kind.pk]["n"], done[kind.pk]["minutes"] or 0)
        for kind in kinds
    ], everyone
