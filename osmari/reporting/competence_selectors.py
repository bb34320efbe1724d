"""Reads of the area's competence and the programme's dissemination.

The progress report calls `competence_for_period` and `dissemination_for_period`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.accounts.models import Role
from osmari.reporting import competence
from osmari.reporting.competence_models import (
    AreaTraining,
    Audience,
    Dissemination,
    DisseminationKind,
    TopicGoal,
    TrainingTopic,
)
from osmari.reporting.models import CompetenceGoal, Programme, StaffMember, StaffTraining


def goal_role_choices() -> list[tuple[str, str]]:
    """Who a goal may name: each role held in an area, and the programme's paid staff."""
    return [(role.value, str(role.label)) for role in Role if role != Role.ORG_CONTACT] + [
        (competence.PROGRAMME_STAFF, str(_("The programme's paid staff")))
    ]


def area_staff_choices(programme: Programme) -> list[tuple[int, str]]:
    """The people a training may be recorded for: everyone with a role in the area."""
    return [
        (user.pk, f"{user.full_name or user.email} ({', '.join(str(r.label) for r in roles)})")
        for user, roles in access.area_staff(programme.area).items()
    ]


@dataclass
class MatrixRow:
    name: str
    roles: list[str]
    cells: list[competence.Cell]
    paid_staff: bool = False


@dataclass
class TopicColumn:
    value: str
    label: str
    goal: TopicGoal | None
    progress: competence.Progress | None = None

    @property
    def role_labels(self) -> list[str]:
        names = dict(goal_role_choices())
        return [names.get(role, role) for role in (self.goal.roles if self.goal else [])]


@dataclass
class Matrix:
    on: date
    topics: list[TopicColumn]
    rows: list[MatrixRow] = field(default_factory=list)


def _latest(pairs: Iterable[tuple[object, str, date]]) -> dict[tuple[object, str], date]:
    found: dict[tuple[object, str], date] = {}
    for who, topic, completed_on in pairs:
        key = (who, topic)
        if key not in found or completed_on > found[key]:
            found[key] = completed_on
    return found


def competence_matrix(programme: Programme, *, on: date) -> Matrix:
    """Everyone with a role in the area and each of the programme's paid staff without one,
    by topic: trained (on which day), required by the goal and not yet, or not required."""
    goals = {goal.topic: goal for goal in TopicGoal.objects.filter(programme=programme)}
    topics = [
        TopicColumn(value, str(label), goals.get(value)) for value, label in TrainingTopic.choices
    ]
    trained_area = _latest(
        AreaTraining.objects.filter(programme=programme, completed_on__lte=on).values_list(
            "person_id", "topic", "completed_on"
        )
    )
    trained_paid = _latest(
        StaffTraining.objects.filter(staff__programme=programme, completed_on__lte=on).values_list(
            "staff_id", "topic", "completed_on"
        )
    )

    def cells(
        key: object, held: list[str], trained: dict[tuple[object, str], date]
    ) -> list[competence.Cell]:
        return [
            competence.cell(
                required=competence.is_required(topic.goal.roles if topic.goal else None, held),
                trained_on=trained.get((key, topic.value)),
                due_on=topic.goal.due_on if topic.goal else None,
                today=on,
            )
            for topic in topics
        ]

    matrix = Matrix(on=on, topics=topics)
    for user, roles in access.area_staff(programme.area).items():
        matrix.rows.append(
            MatrixRow(
                name=user.full_name or user.email,
                roles=[str(role.label) for role in roles],
                cells=cells(user.pk, [role.value for role in roles], trained_area),
            )
        )
    paid = StaffMember.objects.filter(programme=programme, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    for member in paid.order_by("name", "pk"):
        matrix.rows.append(
            MatrixRow(
                name=member.name,
                roles=[member.title],
                cells=cells(member.pk, [competence.PROGRAMME_STAFF], trained_paid),
                paid_staff=True,
            )
        )
    for index, topic in enumerate(topics):
        topic.progress = competence.progress(row.cells[index] for row in matrix.rows)
    return matrix


def area_trainings(programme: Programme) -> list[AreaTraining]:
    return list(AreaTraining.objects.filter(programme=programme).select_related("person")[:200])


# ---------------------------------------------------------------- for the progress report


@dataclass(frozen=True)
class TopicLine:
    topic: str
    label: str
    trainings: int
    hours: Decimal
    people: int
    goal_due_on: date | None
    progress: competence.Progress | None


@dataclass(frozen=True)
class CompetenceSummary:
    start: date
    end: date
    trainings: int
    hours: Decimal
    people: int
    topics: list[TopicLine]
    personal_goals_achieved: int
    personal_goals_open: int


def competence_for_period(programme: Programme, start: date, end: date) -> CompetenceSummary:
    """Trainings completed within the period (the area's staff and the paid staff), by topic,
    and each topic's goal as it stood on the period's last day."""
    area_rows = list(
        AreaTraining.objects.filter(
            programme=programme, completed_on__range=(start, end)
        ).values_list("person_id", "topic", "hours")
    )
    paid_rows = list(
        StaffTraining.objects.filter(
            staff__programme=programme, completed_on__range=(start, end)
        ).values_list("staff_id", "topic", "hours")
    )
    rows = [(("user", who), topic, hours) for who, topic, hours in area_rows] + [
        (("staff", who), topic, hours) for who, topic, hours in paid_rows
    ]
    matrix = competence_matrix(programme, on=end)
    lines = []
    for column in matrix.topics:
        mine = [row for row in rows if row[1] == column.value]
        lines.append(
            TopicLine(
                topic=column.value,
                label=column.label,
                trainings=len(mine),
                hours=sum((row[2] for row in mine), Decimal(0)),
                people=len({row[0] for row in mine}),
                goal_due_on=column.goal.due_on if column.goal else None,
                progress=column.progress if column.goal else None,
            )
        )
    personal = CompetenceGoal.objects.filter(staff__programme=programme)
    return CompetenceSummary(
        start=start,
        end=end,
        trainings=len(rows),
        hours=sum((row[2] for row in rows), Decimal(0)),
        people=len({row[0] for row in rows}),
        topics=lines,
        personal_goals_achieved=personal.filter(achieved_on__range=(start, end)).count(),
        personal_goals_open=personal.filter(due_on__lte=end)
        .filter(Q(achieved_on__isnull=True) | Q(achieved_on__gt=end))
        .count(),
    )


@dataclass(frozen=True)
class CountLine:
    value: str
    label: str
    count: int
    reached: int


@dataclass(frozen=True)
class DisseminationSummary:
    start: date
    end: date
    items: list[Dissemination]
    total: int
    reached: int
    by_kind: list[CountLine]
    by_audience: list[CountLine]


def dissemination_for_period(programme: Programme, start: date, end: date) -> DisseminationSummary:
    """What was communicated within the period, newest first, counted by kind and by
    audience (one item reaching two audiences counts for each)."""
    items = list(
        Dissemination.objects.filter(programme=programme, held_on__range=(start, end)).order_by(
            "-held_on", "-pk"
        )
    )

    def line(value: str, label: str, chosen: list[Dissemination]) -> CountLine:
        return CountLine(value, str(label), len(chosen), sum(i.reached or 0 for i in chosen))

    return DisseminationSummary(
        start=start,
        end=end,
        items=items,
        total=len(items),
        reached=sum(item.reached or 0 for item in items),
        by_kind=[
            line(value, label, [i for i in items if i.kind == value])
            for value, label in DisseminationKind.choices
        ],
        by_audience=[
            line(value, label, [i for i in items if value in (i.audiences or [])])
            for value, label in Audience.choices
        ],
    )
