"""Demo reciprocity: the standard catalogue, past and coming trainings with attendance,
deliveries, benefits agreed in the active agreements, two local subsidy schemes (one nearly
spent) and organisations at every level of the responsibility profile, some of them public
with a certificate."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from osmari.accounts.models import User
from osmari.agreements.models import AgreementStatus, SectionText
from osmari.core.models import EmploymentArea
from osmari.demo.deminimis import de_minimis_declaration
from osmari.employers.models import Contact, Organisation
from osmari.feedback.models import Answer
from osmari.placements.models import Placement, PlacementKind, PlacementStatus, Review
from osmari.reciprocity import selectors, services
from osmari.reciprocity.models import (
    AgreedBenefit,
    Benefit,
    BenefitKind,
    Event,
    Registration,
)

EVENTS = [
    # (days from today, kind, title, place, capacity)
    (
        -200,
        BenefitKind.INSTRUCTOR_TRAINING,
        "Työpaikkaohjaajan peruskurssi",
        "Kaupungintalo, sali 2",
        16,
    ),
    (
        -120,
        BenefitKind.NETWORKING,
        "Kumppaniaamu: kokemuksia palkkatuesta",
        "Kirjaston monitoimitila",
        30,
    ),
    (
        -45,
        BenefitKind.INSTRUCTOR_TRAINING,
        "Palautteen antaminen ja työkyvyn tuki",
        "Etäyhteys (Teams)",
        20,
    ),
    (
        12,
        BenefitKind.INSTRUCTOR_TRAINING,
        "Työpaikkaohjaajan peruskurssi, syksy",
        "Kaupungintalo, sali 2",
        16,
    ),
    (26, BenefitKind.NETWORKING, "Kumppaniaamu: rekrytointi ja lisätuki", "Yrityspalvelupiste", 25),
    (
        40,
        BenefitKind.INSTRUCTOR_TRAINING,
        "Mukautukset ja selkokieli työpaikalla",
        "Etäyhteys (Teams)",
        4,
    ),
]


def _at(today: date, days: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))


def _instructors(organisation: Organisation) -> list[Contact]:
    found = list(
        organisation.contacts.filter(role=Contact.Role.WORKPLACE_INSTRUCTOR).order_by("pk")
    )
    return found or list(organisation.contacts.order_by("pk")[:1])


def _seed_events(rng, area, coach, hosts, today) -> None:
    benefits = {b.kind: b for b in Benefit.objects.filter(area=area)}
    for days, kind, title, place, capacity in EVENTS:
        event = Event.objects.create(
            area=area,
            benefit=benefits[kind],
            title=title,
            starts_at=_at(today, days),
            ends_at=_at(today, days, 12),
            place=place,
            capacity=capacity,
            description="Aamukahvi alkaen 8.45. Ilmoittautuneille lähetetään materiaali etukäteen.",
            created_by=coach,
        )
        takers = hosts[: max(1, min(capacity - (1 if days > 0 else 0), len(hosts)))]
        if days > 0:
            takers = (
                takers[: capacity - 1] if capacity < 6 else rng.sample(takers, min(5, len(takers)))
            )
        for organisation in takers:
            for contact in _instructors(organisation)[:1]:
                Registration.objects.create(
                    event=event,
                    organisation=organisation,
                    contact=contact,
                    person_name=contact.name,
                    registered_by=coach,
                )
        if days < 0:
            present = {r.pk for r in event.registrations.order_by("pk") if rng.random() < 0.85}
            services.attendance_record(actor=coach, event=event, present=present)


def _seed_agreed(area, benefits: dict[str, Benefit]) -> None:
    """The active agreements were signed with these benefits in their reciprocity section."""
    standard = [("guidance_visit", 4), ("instructor_training", 1), ("networking", 2)]
    for agreement in (
        Organisation.objects.filter(area=area)
        .values_list("agreements__pk", flat=True)
        .filter(agreements__status__in=[AgreementStatus.ACTIVE, AgreementStatus.REVIEW_DUE])
    ):
        items = [(benefits[k], n) for k, n in standard]
        AgreedBenefit.objects.bulk_create(
            [AgreedBenefit(agreement_id=agreement, benefit=b, per_year=n) for b, n in items],
            ignore_conflicts=True,
        )
        SectionText.objects.filter(
            version__agreement_id=agreement, section_key="reciprocity"
        ).update(text=services.reciprocity_text(items))


def _seed_deliveries(rng, coach, hosts, benefits, today) -> None:
    for organisation in hosts:
        for _ in range(rng.randint(1, 5)):
            services.delivery_record(
                actor=coach,
                organisation=organisation,
                benefit=benefits["guidance_visit"],
                delivered_on=today - timedelta(days=rng.randrange(1, 330)),
                notes="Käynti työpaikalla: tehtävien rajaus ja ohjauksen keinot.",
            )
    for organisation in hosts[:3]:
        services.delivery_record(
            actor=coach,
            organisation=organisation,
            benefit=benefits["recruitment_help"],
            delivered_on=today - timedelta(days=rng.randrange(10, 200)),
            notes="Työpaikkailmoitus ja hakijoiden esivalinta.",
        )


def _seed_schemes(area, manager, year: int):
    """Two local subsidy schemes of the year: a fixed monthly bonus and a percent of pay."""
    bonus = services.scheme_create(
        actor=manager,
        area=area,
        name="Kaupungin työllistämislisä",
        year=year,
        who=(
            "Työnantaja, joka palkkaa pitkään työttömänä olleen palkkatuella "
            "vähintään 6 kuukaudeksi."
        ),
        basis="amount",
        monthly_amount=Decimal("300.00"),
        max_months=6,
        cap=Decimal("1800.00"),
        budget=Decimal("30000.00"),
    )
    youth = services.scheme_create(
        actor=manager,
        area=area,
        name="Nuorten rekrytointilisä",
        year=year,
        who="Alle 30-vuotiaan työttömän palkkaava yritys tai yhdistys.",
        basis="percent",
        percent=15,
        max_months=12,
        cap=Decimal("3000.00"),
        budget=Decimal("10000.00"),
    )
    return bonus, youth


def _seed_subsidies(rng, area, manager, today) -> None:
    year = today.year
    wage = list(
        Placement.objects.filter(area=area, kind=PlacementKind.WAGE_SUBSIDY)
        .select_related("organisation")
        .order_by("pk")
    )
    bonus, youth = _seed_schemes(area, manager, year)
    organisations = list(
        Organisation.objects.filter(area=area, stage="active_partner").order_by("pk")
    )
    number = 100
    for scheme, rounds in ((bonus, 12), (youth, 3)):
        for i in range(rounds):
            number += 1
            placement = wage[i] if i < len(wage) else None
            if placement is None and not organisations:
                continue
            organisation = placement.organisation if placement else rng.choice(organisations)
            commitment = services.commitment_make(
                actor=manager,
                scheme=scheme,
                organisation=organisation,
                placement=placement,
                decision_number=f"TYL-{year}-{number}",
                decided_on=date(year, 1, 1)
                + timedelta(days=rng.randrange(0, max(1, (today - date(year, 1, 1)).days))),
                months=6 if scheme is bonus else 12,
                monthly_pay=Decimal(rng.choice(["2150.00", "2380.00", "2600.00"])),
                **de_minimis_declaration(organisation, date(year, 1, 1)),
            )
            if rng.random() < 0.7:
                services.payment_record(
                    actor=manager,
                    commitment=commitment,
                    paid_on=min(today, commitment.decided_on + timedelta(days=60)),
                    amount=commitment.monthly_amount * 2,
                    reference=f"MAKSU-{number}",
                )


def _seed_exemplary_history(rng, area, coach, organisation: Organisation, today) -> None:
    """Three years of well-kept periods for one partner, so that the top level has an example."""
    position = organisation.positions.first()
    clients = list(area.clients.order_by("pk").values_list("pk", flat=True)[200:208])
    if position is None or not clients:
        return
    for i, client_id in enumerate(clients):
        start = today - timedelta(days=900 - i * 90)
        end = start + timedelta(days=150)
        placement = Placement.objects.create(
            area=area,
            client_id=client_id,
            position=position,
            organisation=organisation,
            kind=PlacementKind.WORK_TRIAL,
            status=PlacementStatus.ENDED,
            start_on=start,
            end_on=end,
            ended_on=end,
            days_per_week=4,
            hours_per_day=Decimal(6),
            outcome=["employed_same", "education", "employed_other", "job_seeking"][i % 4],
            rules_version="2025-01-01",
            created_by=coach,
        )
        for stage, on in (
            ("start", start + timedelta(days=14)),
            ("middle", start + timedelta(days=75)),
            ("end", end),
        ):
            Review.objects.create(
                placement=placement,
                stage=stage,
                held_on=on,
                recorded_by=coach,
                notes="Kolmikantakeskustelu pidetty.",
            )


def seed_reciprocity(
    rng: random.Random, area: EmploymentArea, coach: User, manager: User, today: date
) -> None:
    if Benefit.objects.filter(area=area).exists():
        return
    services.catalogue_standard_create(actor=manager, area=area)
    benefits = {b.kind: b for b in Benefit.objects.filter(area=area)}
    hosts = list(
        Organisation.objects.filter(area=area, placements__isnull=False).distinct().order_by("name")
    )
    exemplary = hosts[0] if hosts else None
    if exemplary is not None:
        _seed_exemplary(rng, area, coach, exemplary, today)
    _seed_events(rng, area, coach, hosts, today)
    if exemplary is not None:
        _seed_exemplary_training(area, coach, exemplary)
    _seed_agreed(area, benefits)
    _seed_deliveries(rng, coach, hosts, benefits, today)
    _seed_subsidies(rng, area, manager, today)
    _seed_published(manager, hosts, today)


def _seed_exemplary(rng, area, coach, exemplary, today) -> None:
    """One partner with a record to show: its history, good guidance, two places and two
    workplace instructors."""
    _seed_exemplary_history(rng, area, coach, exemplary, today)
    # Its participants rate the guidance well, and it offers a second place.
    # The answers are looked up first: as one UPDATE with a joined subquery, PostgreSQL plans
    # it on tables just filled, without statistics, and takes minutes.
    low = list(
        Answer.objects.filter(
            response__organisation=exemplary, question__key="guidance", number__lt=4
        ).values_list("pk", flat=True)
    )
    Answer.objects.filter(pk__in=low).update(number=4)
    second = exemplary.positions.first()
    if second is not None and exemplary.positions.count() < 2:
        second.pk = None
        second.title = f"{second.title} (2)"
        second.save()
    for name in ("Aino Ohjaaja", "Pekka Perehdyttäjä"):
        Contact.objects.get_or_create(
            organisation=exemplary,
            name=name,
            defaults={"role": Contact.Role.WORKPLACE_INSTRUCTOR},
        )


def _seed_exemplary_training(area, coach, exemplary) -> None:
    """Both of the exemplary partner's instructors took the basic course."""
    course = (
        Event.objects.filter(area=area, starts_at__lt=timezone.now()).order_by("starts_at").first()
    )
    for contact in exemplary.contacts.filter(role=Contact.Role.WORKPLACE_INSTRUCTOR):
        Registration.objects.get_or_create(
            event=course,
            contact=contact,
            cancelled_at=None,
            defaults={
                "organisation": exemplary,
                "person_name": contact.name,
                "registered_by": coach,
            },
        )
    present = set(course.registrations.filter(attended=True).values_list("pk", flat=True))
    present |= set(course.registrations.filter(organisation=exemplary).values_list("pk", flat=True))
    services.attendance_record(actor=coach, event=course, present=present)


def _seed_published(manager, hosts, today) -> None:
    # Partners that have something to show publish it; the demo's own contact decides later.
    for organisation in hosts[:4]:
        if organisation.memberships.exists():
            continue
        services.profile_publish(actor=manager, organisation=organisation)
        _facts, assessment = selectors.profile_assessment(organisation, today)
        if assessment.level.number:
            services.certificate_issue(actor=manager, organisation=organisation, today=today)
