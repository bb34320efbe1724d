"""Demo periods: made through the same services as a coach makes them, so every one keeps
to the law; the national scale adds its volume in bulk."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from osmari.accounts.models import User
from osmari.clients.models import Client
from osmari.core.models import EmploymentArea, Skill
from osmari.employers.models import OrganisationMembership, Position
from osmari.placements import host_services, notices, orientation, services
from osmari.placements.models import Placement, PlacementStatus, Review
from osmari.placements.rules import subsidy_ceiling
from osmari.screening.engine import Organisation as EngineOrganisation
from osmari.screening.engine import evaluate
from osmari.screening.records import case_for_client

# ESCO skills (Finnish labels) that the demo's places list and its people have.
DEMO_SKILLS = {
    "9333": ["varastonhallintasäännöt"],
    "5223": ["asiakaspalvelu"],
    "5322": ["asiakaspalvelu"],
    "9112": ["siivota rakennuksen kerroksia"],
    "4110": ["arkistoida työhön liittyviä asiakirjoja"],
}
# How many demo periods end in each state.
STATES = (
    ["planned"] * 8 + ["active"] * 16 + ["ended"] * 16 + ["interrupted"] * 5 + ["cancelled"] * 3
)


def demo_skills() -> dict[str, list[Skill]]:
    labels = {label for group in DEMO_SKILLS.values() for label in group}
    found = {s.label_fi: s for s in Skill.objects.filter(label_fi__in=labels)}
    return {
        isco: [found[label] for label in group if label in found]
        for isco, group in DEMO_SKILLS.items()
    }


def seed_skills(rng: random.Random, area: EmploymentArea) -> None:
    """Skills on the area's places and on the people interested in the same work."""
    skills = demo_skills()
    for position in (
        Position.objects.filter(organisation__area=area)
        .select_related("occupation__isco_group")
        .order_by("pk")
    ):
        isco = position.occupation.isco_group.code if position.occupation_id else ""
        if skills.get(isco):
            position.skills.set(skills[isco])
        position.guidance = rng.choice(["close", "regular", "regular", "independent"])
        position.instructor = (
            position.organisation.contacts.filter(role="workplace_instructor")
            .order_by("pk")
            .first()
        )
        position.save(update_fields=["guidance", "instructor"])
    through = Client.skills.through
    rows = []
    for client_id, isco in (
        Client.occupations.through.objects.filter(client__area=area)
        .order_by("pk")
        .values_list("client_id", "occupation__isco_group__code")
    ):
        if skills.get(isco) and rng.random() < 0.6:
            rows += [through(client_id=client_id, skill_id=s.pk) for s in skills[isco]]
    through.objects.bulk_create(rows, ignore_conflicts=True)


def seed_sharing_consents(rng: random.Random, area: EmploymentArea, coach: User) -> None:
    """About a third of the people waiting agree to share their profile with host
    organisations, so an organisation contact has someone to be suggested."""
    from osmari.clients.consents import consent_give
    from osmari.clients.models import Consent

    if Consent.objects.filter(client__area=area, purpose="share_profile").exists():
        return
    for client in Client.objects.filter(area=area, stage__in=["assessed", "in_service"]).order_by(
        "pk"
    ):
        if rng.random() < 0.35:
            consent_give(actor=coach, client=client, purpose="share_profile")


def _subsidy_terms(client: Client, position: Position, start: date) -> dict | None:
    organisation = position.organisation
    case = case_for_client(
        client=client,
        on=start,
        include_sensitive=True,
        organisation=EngineOrganisation(organisation.business_id, organisation.kind),
    )
    options = evaluate(case).wage_subsidy.options
    if not options:
        return None
    option = options[0]
    pay = Decimal("2150.00")
    return {
        "track": option.track,
        "subsidy_percent": option.percent,
        "monthly_pay": pay,
        "monthly_subsidy": subsidy_ceiling(pay, option.percent, option.monthly_cap_eur),
        "working_time_percent": 60 if option.track == "association" else None,
        "months": option.max_months,
    }


def _dates(rng: random.Random, state: str, today: date, months: int) -> tuple[date, date]:
    length = timedelta(days=rng.randrange(45, 30 * max(2, min(months, 5))))
    if state in ("planned", "cancelled"):
        start = today + timedelta(days=rng.randrange(5, 40))
    elif state == "active":
        start = today - timedelta(days=rng.randrange(10, 40))
        # About one in four running periods ends within two weeks, so that the coach's day
        # has its next steps to agree; chosen by date, the random draws stay as they were.
        if start.toordinal() % 4 == 0:
            length = (today - start) + timedelta(days=10)
        else:
            length = max(length, (today - start) + timedelta(days=20))
    else:
        start = today - timedelta(days=rng.randrange(200, 420))
    return start, start + length


@notices.held_back()
def seed_demo_placements(rng: random.Random, area: EmploymentArea, coach: User, today: date) -> int:
    """Periods in every state, with reviews and outcomes; each made through the services."""
    if Placement.objects.filter(area=area).exists():
        return 0
    positions = list(
        Position.objects.filter(organisation__area=area, is_paused=False)
        .select_related("organisation", "instructor")
        .order_by("pk")
    )
    clients = list(
        Client.objects.filter(area=area, stage__in=["in_service", "placed", "assessed"])
        .exclude(restrictions__code="accessible_premises")
        .order_by("pk")
    )
    rng.shuffle(clients)
    made = 0
    for state in STATES:
        for _attempt in range(6):
            if not clients:
                return made
            client = clients.pop()
            position = rng.choice(positions)
            if _seed_one(rng, client, position, state, coach, today):
                made += 1
                break
    return made + _seed_host_periods(rng, clients, coach, today)


# The demo's organisation contact (see `_seed_area_staff`), who follows their own people.
DEMO_HOST_CONTACT = "org@demo.osmari.fi"
HOST_PEOPLE_AT_ONCE = 4


def _seed_host_periods(rng, clients: list[Client], coach: User, today: date) -> int:
    """People working at the demo contact's place now and one coming, and an absence without
    notice that the coach is to report: what the host's own page is for."""
    membership = (
        OrganisationMembership.objects.filter(user__email=DEMO_HOST_CONTACT)
        .select_related("organisation", "user")
        .first()
    )
    if membership is None:
        return 0
    positions = list(membership.organisation.positions.filter(is_paused=False).order_by("pk"))
    # The place takes several people at once, so that its page has people at work together.
    for position in positions:
        if position.capacity < HOST_PEOPLE_AT_ONCE:
            position.capacity = HOST_PEOPLE_AT_ONCE
            position.save(update_fields=["capacity"])
    # The demo coach's own people first (taken from the end), so that the absence below is
    # theirs to report whatever day the demo is made on.
    clients.sort(key=lambda client: client.coach_id == coach.pk)
    made = 0
    for state in ("active", "active", "active", "planned"):
        # Not every person qualifies for every place (wage subsidy terms, overlapping
        # periods), so try enough of them that the contact always has people at work.
        for _attempt in range(20):
            if not clients or not positions:
                return made
            client = clients.pop()
            if _seed_one(rng, client, rng.choice(positions), state, coach, today):
                made += 1
                break
    # The host has accepted the plans of the periods under way; the coming one's waits.
    for running in Placement.objects.filter(
        organisation=membership.organisation, status=PlacementStatus.ACTIVE
    ):
        orientation.plan_accept(
            actor=membership.user,
            placement=running,
            read_digest=orientation.plan_status(running).digest,
        )
    running = Placement.objects.filter(
        organisation=membership.organisation, status=PlacementStatus.ACTIVE
    ).order_by("start_on", "pk")
    # The demo coach reports it: one of their own people's, where there is one.
    current = running.filter(client__coach=coach).first() or running.first()
    if current is not None:
        day = max(current.start_on, today - timedelta(days=3))
        host_services.absence_record(
            actor=membership.user,
            placement=current,
            first_on=day,
            last_on=day,
            kind="unexplained",
            note="Ei ilmoittanut poissaolosta eikä vastannut puhelimeen.",
            today=today,
        )
    return made


def _seed_one(rng, client, position, state, coach, today) -> bool:
    planned = _plan_period(rng, client, position, state, coach, today)
    if planned is None:
        return False
    placement, start, end = planned
    _carry_on(rng, placement, state, coach, start, end, today)
    return True


def _plan_period(rng, client, position, state, coach, today):
    """The period planned as the demo's state needs it, with its first and last day; None
    when the person cannot have it."""
    kind = "wage_subsidy" if position.kind == "wage_subsidy" else "work_trial"
    if position.kind == "both" and rng.random() < 0.4:
        kind = "wage_subsidy"
    terms: dict = {}
    months = 6
    start, end = _dates(rng, state, today, months)
    if kind == "wage_subsidy":
        found = _subsidy_terms(client, position, start)
        if found is None:
            return None
        months = found.pop("months")
        terms = found
        start, end = _dates(rng, state, today, months)
    if state not in ("planned", "cancelled") and position.open_from > start:
        # A period already under way cannot be at a place that opens later.
        return None
    start = max(start, position.open_from)
    if end <= start:
        return None
    fields = services.PeriodFields(
        kind=kind,
        start_on=start,
        end_on=end,
        days_per_week=min(position.days_per_week, 5),
        hours_per_day=max(Decimal(4), min(Decimal(position.hours_per_day), Decimal(8))),
        objective=rng.choice(
            [
                "Selvittää sopiiko ala ja jaksaako neljä päivää viikossa.",
                "Päivittää työelämätaidot ja saada suositus.",
                "Oppia alan perustehtävät ja kokeilla asiakastyötä.",
            ]
        ),
        **terms,
    )
    try:
        placement = services.placement_create(
            actor=coach,
            client=client,
            position=position,
            fields=fields,
            confirm_without_agreement=True,
            match_score=round(rng.uniform(0.45, 0.9), 3),
        )
    except ValidationError:
        return None
    return placement, start, end


def _carry_on(rng, placement, state, coach, start, end, today) -> None:
    """Take the period as far as its state: started, reviewed, interrupted or ended."""
    if state == "planned":
        return
    if state == "cancelled":
        services.placement_transition(
            actor=coach,
            placement=placement,
            to_status=PlacementStatus.CANCELLED,
            on=today,
            today=today,
            note="Asiakas sai muun palvelun.",
        )
        return
    services.placement_transition(
        actor=coach, placement=placement, to_status=PlacementStatus.ACTIVE, on=start, today=today
    )
    _review(coach, placement, Review.Stage.START, start + timedelta(days=7), today)
    middle = start + (end - start) / 2
    if state == "active":
        # A review is held within a week of its day: one whose day passed less than a week
        # ago is still due, on the coach's day. The first running period of the demo coach's
        # own people past its middle leaves that review to the coach too, whatever the day
        # the demo is made on, so that the start page always has a review to hold.
        own = placement.client.coach_id == coach.pk
        if own and middle <= today and not getattr(rng, "middle_review_left", False):
            rng.middle_review_left = True
        elif middle + timedelta(days=7) <= today:
            _review(coach, placement, Review.Stage.MIDDLE, middle, today)
        return
    if state == "interrupted":
        last = start + timedelta(days=rng.randrange(21, 40))
        services.placement_transition(
            actor=coach,
            placement=placement,
            to_status=PlacementStatus.INTERRUPTED,
            on=min(last, end),
            today=today,
            reason=rng.choice(["health", "did_not_suit", "found_job", "no_show"]),
            outcome=rng.choice(["job_seeking", "next_service", "employed_other"]),
        )
        return
    _review(coach, placement, Review.Stage.MIDDLE, middle, today)
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status=PlacementStatus.ENDED,
        on=end,
        today=today,
        outcome=rng.choice(
            ["employed_same", "employed_other", "education", "next_service", "job_seeking"]
        ),
    )
    _review(coach, placement, Review.Stage.END, end, today)


def _review(coach, placement, stage, held_on, today) -> None:
    texts = {
        Review.Stage.START: ("Innostunut, jännittää aamuja.", "Hyvä alku, oppii nopeasti.", ""),
        Review.Stage.MIDDLE: ("Työ maistuu, kaipaa lisää vastuuta.", "Luotettava.", ""),
        Review.Stage.END: (
            "Jakso vahvisti alanvalintaa.",
            "Suosittelemme alan koulutusta.",
            "Alan perustehtävät hallussa; jatkossa koulutus tai palkkatuettu työ.",
        ),
    }
    participant, instructor, summary = texts[stage]
    services.review_record(
        actor=coach,
        placement=placement,
        today=today,
        stage=stage,
        held_on=min(held_on, today),
        participant_present=True,
        instructor_present=True,
        coach_present=True,
        participant_view=participant,
        instructor_view=instructor,
        notes="",
        next_steps="Hae alan koulutukseen\nPäivitä CV" if stage == Review.Stage.END else "",
        summary=summary,
    )


def seed_bulk_placements(
    rng: random.Random, area: EmploymentArea, actor: User, today: date, per_client: float
) -> int:
    """National volume: mostly finished periods, some running, without the rule checks
    (bulk data for measuring speed, never shown as a demo)."""
    if Placement.objects.filter(area=area).exists():
        return 0
    positions = list(
        Position.objects.filter(organisation__area=area)
        .order_by("pk")
        .values_list("pk", "organisation_id", "kind")
    )
    client_ids = list(Client.objects.filter(area=area).order_by("pk").values_list("pk", flat=True))
    if not positions or not client_ids:
        return 0
    rows = []
    for _ in range(int(len(client_ids) * per_client)):
        position_id, organisation_id, position_kind = rng.choice(positions)
        kind = "wage_subsidy" if position_kind == "wage_subsidy" else "work_trial"
        start = today - timedelta(days=rng.randrange(-30, 900))
        end = start + timedelta(days=rng.randrange(30, 180))
        status = "ended" if end < today else ("active" if start <= today else "planned")
        rows.append(
            Placement(
                area=area,
                client_id=rng.choice(client_ids),
                position_id=position_id,
                organisation_id=organisation_id,
                kind=kind,
                status=status,
                start_on=start,
                end_on=end,
                ended_on=end if status == "ended" else None,
                days_per_week=4,
                hours_per_day=Decimal(6),
                outcome=rng.choice(["", "job_seeking", "employed_other", "education"])
                if status == "ended"
                else "",
                rules_version="2025-01-01",
                created_by=actor,
            )
        )
    Placement.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
