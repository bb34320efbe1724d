"""The demo programme's work plan: five packages sharing the decision's salary costs,
milestones done with their evidence, one overdue, and the hours since the plan by package."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from osmari.accounts.models import User
from osmari.reporting.models import (
    Milestone,
    MilestoneStatus,
    MilestoneUpdate,
    Programme,
    StaffMember,
    WorkingTime,
    WorkPackage,
)

# (code, kind, name, goals, deliverables, share of the salary plan in %)
PACKAGES = [
    (
        "TP1",
        WorkPackage.Kind.IDENTIFICATION,
        "Tunnistaminen ja ohjaus",
        "Jokaisen osallistujan tuen tarve arvioidaan kuukauden kuluessa aloituksesta, ja "
        "hänet ohjataan sopivaan työkokeiluun tai palkkatukityöhön.",
        "Tuen tarpeen arviointimalli; ohjauksen prosessikuvaus.",
        25,
    ),
    (
        "TP2",
        WorkPackage.Kind.FEEDBACK,
        "Palaute ja kehittäminen",
        "Osallistujat ja työnantajat antavat palautetta jokaisesta jaksosta, ja palaute "
        "muuttaa toimintaa: muutokset kirjataan.",
        "Palautekyselyt; ”Sanoitte, teimme” -kooste puolivuosittain.",
        15,
    ),
    (
        "TP3",
        WorkPackage.Kind.AGREEMENTS,
        "Yhteistyösopimukset",
        "30 työnantajaa allekirjoittaa yhteistyösopimuksen, ja sopimusmallia kehitetään "
        "katselmointien perusteella.",
        "Yhteistyösopimuksen malli, 2. versio; katselmoinnin runko.",
        25,
    ),
    (
        "TP4",
        WorkPackage.Kind.RECIPROCITY,
        "Vastavuoroisuus",
        "Mukana oleville työnantajille tarjotaan koulutuksia, tapahtumia ja paikallista "
        "tukea; hyödyt ja niiden käyttö seurataan.",
        "Vastavuoroisuuden palveluvalikoima.",
        15,
    ),
    (
        "TP5",
        WorkPackage.Kind.MANAGEMENT,
        "Hallinnointi",
        "Hanke raportoidaan ajallaan, ja maksatushakemukset hyväksytään ilman korjauksia.",
        "Väliraportit; maksatushakemukset.",
        20,
    ),
]

# (package, title, due in days from today, done days before due or None, evidence)
MILESTONES = [
    ("TP1", "Tuen tarpeen arviointimalli käytössä", -300, 10, ("link", "/screening/worklist/")),
    ("TP1", "100 osallistujaa arvioitu", 120, None, None),
    ("TP2", "Palautekysely 2. versio pilotoitu", -60, 5, ("link", "/feedback/results/")),
    ("TP2", "Ensimmäinen ”Sanoitte, teimme” -kooste", -150, 0, ("link", "/feedback/changes/")),
    ("TP3", "Sopimusmallin 2. versio pilotoitu", -90, 3, ("number", "3", "pilottiorganisaatiota")),
    # The overdue one: due three weeks ago and not yet done.
    ("TP3", "12 yhteistyösopimusta allekirjoitettu", -21, None, ("progress", "9", "sopimusta")),
    (
        "TP4",
        "Vastavuoroisuuden palveluvalikoima julkaistu",
        -200,
        0,
        ("link", "/reciprocity/catalogue/"),
    ),
    ("TP4", "Ensimmäinen työnantajatapahtuma", 45, None, None),
    ("TP5", "Ensimmäinen maksatushakemus", -240, 2, ("number", "1", "hyväksytty hakemus")),
    ("TP5", "Väliraportti rahoittajalle", 75, None, None),
]

# The share of each staff member's month by package, in the order of the demo's staff.
SPLITS = [
    {"TP5": Decimal("0.6"), "TP3": Decimal("0.4")},
    {"TP1": Decimal("0.7"), "TP2": Decimal("0.3")},
    {"TP1": Decimal("0.6"), "TP4": Decimal("0.4")},
    {"TP3": Decimal("0.6"), "TP4": Decimal("0.4")},
]
# Hours before the plan was approved stay "not allocated", as in a real programme.
PLAN_APPROVED = date(2026, 1, 1)
HALF = Decimal("0.5")


def _half_hours(value: Decimal) -> Decimal:
    return (value / HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF


def seed_workplan(rng: random.Random, programme: Programme, manager: User, today: date) -> None:
    if programme.work_packages.exists():  # seeding again completes, never doubles
        return
    salary = sum(programme.plan.values_list("salary_costs", flat=True), Decimal(0))
    packages = {}
    shared = Decimal(0)
    for n, (code, kind, name, goals, deliverables, share) in enumerate(PACKAGES):
        planned = (
            salary - shared
            if n == len(PACKAGES) - 1
            else (salary * share / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        )
        shared += planned
        packages[code] = WorkPackage.objects.create(
            programme=programme,
            code=code,
            kind=kind,
            name=name,
            goals=goals,
            deliverables=deliverables,
            planned_salary_costs=planned,
        )
    staff = list(StaffMember.objects.filter(programme=programme).order_by("pk"))
    for code, title, due_in, done_before, evidence in MILESTONES:
        due_on = today + timedelta(days=due_in)
        done_on = due_on - timedelta(days=done_before) if done_before is not None else None
        owner = staff[rng.randrange(len(staff))] if staff else None
        status = (
            MilestoneStatus.DONE
            if done_on
            else MilestoneStatus.IN_PROGRESS
            if evidence
            else MilestoneStatus.PLANNED
        )
        milestone = Milestone.objects.create(
            package=packages[code],
            title=title,
            due_on=due_on,
            owner=owner,
            status=status,
            done_on=done_on,
        )
        if evidence is None:
            continue
        link = evidence[1] if evidence[0] == "link" else ""
        number = Decimal(evidence[1]) if evidence[0] != "link" else None
        MilestoneUpdate.objects.create(
            milestone=milestone,
            status=status,
            on=done_on or today - timedelta(days=7),
            note="Valmis." if done_on else "Työ on kesken.",
            evidence_link=link,
            evidence_number=number,
            evidence_number_label=evidence[2] if number is not None else "",
            recorded_by=manager,
        )
    _hours_by_package(staff, packages, manager)


def _hours_by_package(
    staff: list[StaffMember], packages: dict[str, WorkPackage], manager: User
) -> None:
    """Each month since the plan split over the member's packages, to the half hour."""
    new = []
    for member, split in zip(staff, SPLITS, strict=False):
        (first, first_share), (second, _share) = split.items()
        records = WorkingTime.objects.filter(
            staff=member, month__gte=PLAN_APPROVED, package__isnull=True
        ).order_by("month")
        for record in records:
            main = _half_hours(record.hours * first_share)
            rest = record.hours - main
            record.package, whole = packages[first], record.hours
            record.hours = main
            record.save(update_fields=["package", "hours"])
            if rest > 0:
                new.append(
                    WorkingTime(
                        staff=member,
                        month=record.month,
                        hours=rest,
                        hourly_rate=record.hourly_rate,
                        package=packages[second],
                        recorded_by=manager,
                    )
                )
            assert main + rest == whole
    WorkingTime.objects.bulk_create(new)
