"""Synthetic clients with realistic histories, for demo, region and national scale."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from osmari.clients.choices import (
    ConsentPurpose,
    FollowUpSource,
    Gender,
    Restriction,
    SituationOnLeaving,
)
from osmari.clients.consents import current_text
from osmari.clients.models import (
    Client,
    ClientRestriction,
    Consent,
    Enrolment,
    Plan,
    PlanStep,
    SensitiveData,
    ServiceStage,
    StatusSpell,
)
from osmari.core.models import (
    EducationLevel,
    EmploymentArea,
    Municipality,
    Occupation,
    PostalCode,
)
from osmari.demo import synthetic
from osmari.screening.cases import result_to_json
from osmari.screening.engine import Case, Spell, add_months, continuous_unemployment_start, evaluate
from osmari.screening.explanations import LANGUAGES
from osmari.screening.models import Decision, NeedsAssessment

PROGRAMME_START = date(2025, 8, 1)
EDUCATION_WEIGHTS = {"2": 22, "3": 45, "4": 6, "5": 5, "6": 12, "7": 6, "9": 4}


def _pick_weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _history(rng: random.Random, today: date) -> list[tuple[str, date, date | None]]:
    """Employed, then a run of unemployment of 1–48 months, sometimes broken by a service."""
    months = rng.choice([2, 4, 7, 10, 11, 12, 13, 15, 20, 26, 30, 40, 48])
    unemployed_from = add_months(today, -months) - timedelta(days=rng.randrange(28))
    employed_from = add_months(unemployed_from, -rng.randrange(12, 96))
    spells = [("employed", employed_from, unemployed_from - timedelta(days=1))]
    if months > 14 and rng.random() < 0.3:
        service_start = add_months(unemployed_from, rng.randrange(3, months - 6))
        service_end = add_months(service_start, rng.choice([1, 2, 3])) - timedelta(days=1)
        kind = rng.choice(["work_trial", "education", "other_service"])
        spells += [
            ("unemployed", unemployed_from, service_start - timedelta(days=1)),
            (kind, service_start, service_end),
            ("unemployed", service_end + timedelta(days=1), None),
        ]
    else:
        spells.append(("unemployed", unemployed_from, None))
    if rng.random() < 0.08:
        # Found work recently: the unemployment run has ended.
        end = today - timedelta(days=rng.randrange(5, 60))
        status, start, _ = spells[-1]
        spells[-1] = (status, start, end)
        spells.append(("employed", end + timedelta(days=1), None))
    return spells


@transaction.atomic
def seed_clients(
    *, rng: random.Random, area: EmploymentArea, count: int, coaches: list, today: date, rich: bool
) -> int:
    """Create `count` clients in the area unless it has clients already; returns how many."""
    if Client.objects.filter(area=area).exists():
        return 0
    homes = _Homes.of(area)
    levels = {level.code: level for level in EducationLevel.objects.all()}
    seen: set[str] = set()
    clients, histories = [], []
    while len(clients) < count:
        person = synthetic.person(rng, born_between=(date(1961, 1, 1), date(2006, 12, 31)))
        if person.identity_code in seen:
            continue
        seen.add(person.identity_code)
        client, history = _new_client(
            rng, area, person, homes, levels, coaches, today, number=len(clients)
        )
        clients.append(client)
        histories.append(history)
    Client.objects.bulk_create(clients, batch_size=2000)
    StatusSpell.objects.bulk_create(
        [
            StatusSpell(client=client, status=status, start_on=start, end_on=end)
            for client, history in zip(clients, histories, strict=True)
            for status, start, end in history
        ],
        batch_size=5000,
    )
    enrolments, sensitive, restrictions = [], [], []
    for client in clients:
        if rng.random() < 0.8:
            enrolments.append(_enrolment(rng, client, today))
        if rng.random() < 0.6:
            sensitive.append(
                SensitiveData(
                    client=client,
                    reduced_work_ability=rng.random() < 0.2,
                    integration_plan=rng.random() < 0.1,
                )
            )
        if rng.random() < 0.25:
            for code in rng.sample(list(Restriction.values), rng.choice([1, 1, 2])):
                restrictions.append(ClientRestriction(client=client, code=code))
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    _seed_follow_up_consents(area, enrolments, coaches)
    _seed_interests(rng, clients)
    SensitiveData.objects.bulk_create(sensitive, batch_size=2000)
    ClientRestriction.objects.bulk_create(restrictions, batch_size=2000)
    if rich:
        _seed_casework(rng, clients, histories, coaches, today)
    return len(clients)


@dataclass(frozen=True)
class _Homes:
    """Where the area's clients live: its municipalities, the main town weighted five to one,
    and each one's ordinary postcodes."""

    municipalities: list[Municipality]
    weights: list[int]
    postcodes: dict[int, list[PostalCode]]

    @classmethod
    def of(cls, area: EmploymentArea) -> _Homes:
        municipalities = list(area.municipalities.order_by("code"))
        postcodes: dict[int, list[PostalCode]] = {}
        for postal in PostalCode.objects.filter(
            municipality__in=municipalities, kind="ordinary"
        ).order_by("pk"):
            postcodes.setdefault(postal.municipality_id, []).append(postal)
        weights = [5 if m.code == "491" else 1 for m in municipalities]
        return cls(municipalities, weights, postcodes)


def _new_client(
    rng: random.Random,
    area: EmploymentArea,
    person: synthetic.Person,
    homes: _Homes,
    levels: dict,
    coaches: list,
    today: date,
    *,
    number: int,
) -> tuple[Client, list[tuple[str, date, date | None]]]:
    """One unsaved client and their status history."""
    municipality = rng.choices(homes.municipalities, weights=homes.weights)[0]
    roll = rng.random()
    gender = (
        person.gender if roll < 0.96 else (Gender.NON_BINARY if roll < 0.98 else Gender.NOT_STATED)
    )
    history = _history(rng, today)
    spells = [Spell(status, start, end) for status, start, end in history]
    options = homes.postcodes.get(municipality.pk) or [None]
    client = Client(
        area=area,
        personal_identity_code=person.identity_code,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        gender=gender,
        email=synthetic.email_local_part(person.first_name, person.last_name)
        + f"{number}@example.fi",
        phone=f"040 {rng.randrange(1000000, 9999999)}",
        municipality=municipality,
        postal_code=rng.choice(options),
        education_level=levels[_pick_weighted(rng, EDUCATION_WEIGHTS)],
        driving_licence=rng.random() < 0.7,
        own_car=rng.random() < 0.5,
        registered_jobseeker=rng.random() < 0.96,
        coach=rng.choice(coaches) if coaches else None,
        stage=rng.choice(
            [ServiceStage.IDENTIFIED] * 3
            + [ServiceStage.ASSESSED] * 2
            + [ServiceStage.IN_SERVICE] * 3
            + [ServiceStage.PLACED, ServiceStage.ENDED]
        ),
        unemployed_since=continuous_unemployment_start(spells, today),
        last_service_on=(
            today - timedelta(days=rng.randrange(0, 80)) if rng.random() < 0.9 else None
        ),
    )
    return client, history


def _seed_follow_up_consents(area: EmploymentArea, enrolments: list[Enrolment], coaches) -> None:
    """Those who left agreed on entry to be contacted six months later: the follow-ups the
    coach is to make, and those already made, rest on that consent."""
    text = current_text(area, ConsentPurpose.FOLLOW_UP)
    if text is None or not coaches:
        return
    Consent.objects.bulk_create(
        [
            Consent(
                client=enrolment.client,
                text=text,
                purpose=ConsentPurpose.FOLLOW_UP,
                given_at=timezone.make_aware(datetime.combine(enrolment.entered_on, time(10))),
                given_by=enrolment.client.coach or coaches[0],
            )
            for enrolment in enrolments
            if enrolment.left_on
        ],
        batch_size=2000,
    )


FOLLOW_UP_SOURCES = (FollowUpSource.EXTRACT, FollowUpSource.CALL, FollowUpSource.PERSON)


def _enrolment(rng: random.Random, client: Client, today: date) -> Enrolment:
    """The programme enrolment: entered since the programme began, some left, and of those
    left half a year ago, the follow-up."""
    entered = PROGRAMME_START + timedelta(
        days=rng.randrange(max(1, (today - PROGRAMME_START).days))
    )
    left = None
    if rng.random() < 0.3 and (today - entered).days > 60:
        left = entered + timedelta(days=rng.randrange(30, (today - entered).days))
    follow_up = left + timedelta(days=183) if left and left + timedelta(days=183) <= today else None
    enrolment = Enrolment(
        client=client,
        entered_on=entered,
        status_at_entry="unemployed",
        eura_entry=rng.choice(["yes", "yes", "helped", "no"]),
        left_on=left,
        situation_on_leaving=(
            rng.choice(
                [SituationOnLeaving.EMPLOYED] * 3
                + [SituationOnLeaving.JOB_SEARCHING, SituationOnLeaving.EDUCATION]
                + [SituationOnLeaving.INACTIVE, SituationOnLeaving.SELF_EMPLOYED]
            )
            if left
            else ""
        ),
        qualification_gained=rng.choice(["yes", "no", "no"]) if left else "unknown",
        eura_exit=rng.choice(["yes", "no"]) if left else "no",
        follow_up_on=follow_up,
        employed_after_6_months=rng.choice(["yes", "no", "unknown"]) if follow_up else "unknown",
        improved_after_6_months=rng.choice(["yes", "no", "unknown"]) if follow_up else "unknown",
        # Each source of a result in turn, chosen by date as below.
        follow_up_source=(
            FOLLOW_UP_SOURCES[left.toordinal() // 3 % 3] if left and follow_up else ""
        ),
    )
    if left and follow_up and left.toordinal() % 3 == 0:
        # A third of the follow-ups due are still to make, for the coach's day; chosen by
        # date, so that the random draws stay as they were.
        enrolment.follow_up_on = None
        enrolment.employed_after_6_months = enrolment.improved_after_6_months = "unknown"
        enrolment.follow_up_source = ""
    return enrolment


# Occupations the demo's clients most often look for (ISCO unit groups).
WANTED_ISCO = ["9333", "9412", "9112", "5153", "5223", "5322", "4110", "7522", "8322", "9329"]


def _seed_interests(rng: random.Random, clients: list[Client]) -> None:
    """One or two occupations of interest for most clients, so demand can meet supply."""
    by_group: dict[str, list] = {}
    for occupation in (
        Occupation.objects.filter(isco_group__code__in=WANTED_ISCO)
        .select_related("isco_group")
        .order_by("pk")
    ):
        by_group.setdefault(occupation.isco_group.code, []).append(occupation)
    if not by_group:
        return
    through = Client.occupations.through
    rows = []
    for client in clients:
        if rng.random() < 0.85:
            groups = rng.sample(sorted(by_group), rng.choice([1, 1, 2]))
            for code in groups:
                rows.append(
                    through(client_id=client.pk, occupation_id=rng.choice(by_group[code]).pk)
                )
    through.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)


def _seed_casework(
    rng: random.Random, clients: list[Client], histories: list, coaches: list, today: date
) -> None:
    """Assessments, decisions and plans for part of the caseload (demo and region scale)."""
    assessments, decisions, steps = [], [], []
    for client, history in zip(clients, histories, strict=True):
        coach = client.coach or (coaches[0] if coaches else None)
        if coach is None:
            continue
        if rng.random() < 0.6:
            assessments += _assessments(rng, client, coach, today)
        if rng.random() < 0.35:
            decisions.append(_decision(rng, client, history, coach, today))
        if rng.random() < 0.35:
            steps.append(_plan_step(rng, client, today))
    NeedsAssessment.objects.bulk_create(assessments, batch_size=2000)
    Decision.objects.bulk_create(decisions, batch_size=2000)
    PlanStep.objects.bulk_create(steps, batch_size=2000)


ASSESSED = (
    "work_ability",
    "skills",
    "experience",
    "motivation",
    "life_management",
    "social_support",
    "practical",
)


def _assessments(rng: random.Random, client: Client, coach, today: date) -> list[NeedsAssessment]:
    """One needs assessment, or two when a later one shows the distance travelled: from the
    first, mostly a step forward, sometimes none or one back (as many draws as before, so the
    rest of the demo stays as it was)."""
    first = today - timedelta(days=rng.randrange(60, 300))
    assessments: list[NeedsAssessment] = []
    scores: dict[str, int] = {}
    for offset in (0, rng.randrange(40, 120)) if rng.random() < 0.4 else (0,):
        on = min(today, first + timedelta(days=offset))
        if offset:
            steps = {stem: rng.choice([-1, 0, 0, 1, 1, 1, 2]) for stem in ASSESSED}
            scores = {stem: max(1, min(5, scores[stem] + steps[stem])) for stem in ASSESSED}
        else:
            scores = {stem: rng.choice([1, 2, 2, 3, 3, 4, 5]) for stem in ASSESSED}
        assessments.append(NeedsAssessment(client=client, assessed_on=on, assessor=coach, **scores))
    return assessments


def _decision(rng: random.Random, client: Client, history: list, coach, today: date) -> Decision:
    """A recorded proposal with the engine's result on its day."""
    decided_on = today - timedelta(days=rng.randrange(1, 200))
    result = evaluate(
        Case(
            on=decided_on,
            birth_date=client.birth_date,
            education_level=int(client.education_level.code),
            reduced_work_ability=None,
            integration_plan=None,
            registered_jobseeker=client.registered_jobseeker,
            spells=tuple(Spell(*spell) for spell in history),
        )
    )
    return Decision(
        client=client,
        proposal=rng.choice(
            ["work_trial", "work_trial", "wage_subsidy", "other_service", "not_now"]
        ),
        reason=rng.choice(
            [
                "Asiakas haluaa kokeilla logistiikka-alaa.",
                "Ammatillinen osaaminen vahvistuu palkkatuetussa työssä.",
                "Ensin kuntoutus, palataan asiaan keväällä.",
                "Työkokeilulla selvitetään sopivuus hoiva-alalle.",
            ]
        ),
        decided_on=decided_on,
        decided_by=coach,
        rules_version=result.rules_version,
        engine_result={"results": {lang: result_to_json(result, lang) for lang in LANGUAGES}},
    )


def _plan_step(rng: random.Random, client: Client, today: date) -> PlanStep:
    plan = Plan.objects.create(client=client, kind=rng.choice(["employment", "continuation"]))
    return PlanStep(
        plan=plan,
        text=rng.choice(
            ["Päivitä CV", "Tutustumiskäynti työpaikalla", "Hygieniapassi", "Työkykyarvio"]
        ),
        owner=rng.choice(["asiakas", "työvalmentaja"]),
        due_on=today + timedelta(days=rng.randrange(-40, 60)),
    )
