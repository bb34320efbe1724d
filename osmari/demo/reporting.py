"""The demo programme: its targets, the funding decision's plan, the project staff with
their monthly working time, and their competence goals and trainings; it publishes open data,
its closed quarters frozen as the daily job would have left them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from osmari.accounts.models import User
from osmari.clients.spells import add_months
from osmari.core.models import EmploymentArea
from osmari.employers.models import EnterpriseSize, Organisation
from osmari.reporting import open_data
from osmari.reporting.indicators import ENTERPRISE_KINDS
from osmari.reporting.models import (
    CompetenceGoal,
    PlannedYear,
    Programme,
    StaffMember,
    StaffTraining,
    WorkingTime,
)

# The programme plan's eligible salary costs per implementation year: 618 629 € in all.
PLAN = {1: Decimal("198400"), 2: Decimal("210900"), 3: Decimal("209329")}
STAFF = [
    ("Helena Kivelä", "Projektipäällikkö", Decimal("33.85"), 125),
    ("Jari Lehtonen", "Työvalmentaja", Decimal("27.60"), 135),
    ("Aino Repo", "Työvalmentaja", Decimal("26.95"), 135),
    ("Mikael Salo", "Yrityskoordinaattori", Decimal("28.40"), 100),
]
GOALS = [
    ("Työkykykoordinaattorin pätevyys", "Työkykykoordinaattorikoulutus", "Metropolia", 30),
    ("Selkokielen perusteet asiakastyössä", "Selkokielinen viestintä", "Selkokeskus", 7),
    (
        "Ratkaisukeskeinen valmennus",
        "Ratkaisukeskeisen valmennuksen kurssi",
        "Mielenterveysseura",
        21,
    ),
    ("ESF+-raportoinnin osaaminen", "EURA 2021 -koulutus", "Etelä-Savon ELY-keskus", 4),
]


def seed_sizes(rng: random.Random, area: EmploymentArea) -> None:
    """Enterprises get a size class (a few unknown, to show the gap); others stay unknown."""
    sizes = [EnterpriseSize.MICRO] * 4 + [EnterpriseSize.SMALL] * 3 + [EnterpriseSize.MEDIUM] * 2
    sizes += [EnterpriseSize.LARGE, EnterpriseSize.UNKNOWN]
    organisations = list(
        Organisation.objects.filter(area=area, kind__in=ENTERPRISE_KINDS).order_by("pk")
    )
    for organisation in organisations:
        organisation.size = rng.choice(sizes)
    Organisation.objects.bulk_update(organisations, ["size"], batch_size=1000)


def seed_programme(
    rng: random.Random, area: EmploymentArea, manager: User, today: date
) -> Programme:
    seed_sizes(rng, area)
    existing = Programme.objects.filter(area=area).first()
    if existing is not None:  # seeding again completes, never doubles
        if existing.publishes_open_data:
            open_data.freeze_programme(existing, today=today)
        return existing
    programme = Programme.objects.create(
        area=area,
        name="Polkuja töihin – Mikkelin seutu",
        project_code="S30571",
        starts_on=date(2025, 8, 1),
        ends_on=date(2028, 7, 31),
        publishes_open_data=True,
    )
    PlannedYear.objects.bulk_create(
        PlannedYear(programme=programme, year=year, salary_costs=salary)
        for year, salary in PLAN.items()
    )
    last_month = today.replace(day=1) - timedelta(days=1)  # the last full month
    records = []
    for n, (name, title, rate, hours) in enumerate(STAFF):
        member = StaffMember.objects.create(
            programme=programme,
            name=name,
            title=title,
            hourly_rate=rate,
            starts_on=programme.starts_on,
        )
        month = programme.starts_on
        while month <= last_month:
            # July is the holiday month: a third of the usual hours.
            usual = hours // 3 if month.month == 7 else hours
            worked = Decimal(usual + rng.randrange(-12, 9)) + Decimal(rng.choice(["0", "0.5"]))
            records.append(
                WorkingTime(
                    staff=member, month=month, hours=worked, hourly_rate=rate, recorded_by=manager
                )
            )
            month = add_months(month, 1)
        goal_text, training, provider, training_hours = GOALS[n]
        achieved = n % 2 == 0
        goal = CompetenceGoal.objects.create(
            staff=member,
            goal=goal_text,
            due_on=date(2026, 12, 31),
            achieved_on=today - timedelta(days=40) if achieved else None,
        )
        StaffTraining.objects.create(
            staff=member,
            title=training,
            provider=provider,
            completed_on=today - timedelta(days=40 + 30 * n),
            hours=Decimal(training_hours),
            goal=goal,
        )
        CompetenceGoal.objects.create(
            staff=member, goal=GOALS[(n + 1) % len(GOALS)][0], due_on=date(2027, 6, 30)
        )
    WorkingTime.objects.bulk_create(records)
    # Last: the participants and the supported organisations are seeded by now.
    open_data.freeze_programme(programme, today=today)
    return programme
