"""Build the synthetic demo, region and national datasets. Never run against production."""

from __future__ import annotations

import random
from base64 import b32decode
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import groupby

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from osmari.accounts.models import Membership, Role, User
from osmari.accounts.second_factor import authenticator_create
from osmari.accounts.services import membership_grant, user_create
from osmari.agreements.models import CooperationAgreement
from osmari.agreements.services import agreement_create, agreement_transition, signature_record
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea, Industry, Municipality, Occupation
from osmari.core.reference import reference_load
from osmari.demo import synthetic
from osmari.demo.agreement_templates import seed_template_pilot
from osmari.demo.clients import seed_clients
from osmari.demo.coaching import seed_appointments, seed_coaching
from osmari.demo.competence import seed_competence
from osmari.demo.extracts import seed_extract
from osmari.demo.fairness import seed_fairness_ways
from osmari.demo.feedback import seed_bulk_feedback, seed_feedback
from osmari.demo.letters import seed_letters_of_intent
from osmari.demo.municipal import seed_municipal
from osmari.demo.participant_messages import seed_participant_messages
from osmari.demo.placements import (
    seed_bulk_placements,
    seed_demo_placements,
    seed_sharing_consents,
    seed_skills,
)
from osmari.demo.proposals import seed_demo_proposals
from osmari.demo.reciprocity import seed_reciprocity
from osmari.demo.records import seed_demo_records
from osmari.demo.report_texts import seed_report_texts
from osmari.demo.reporting import seed_programme
from osmari.demo.surveys import seed_survey_pilot
from osmari.demo.trials import seed_trial_patterns
from osmari.demo.workplan import seed_workplan
from osmari.employers.models import (
    Activity,
    Contact,
    Organisation,
    Position,
    PositionAdjustment,
    PositionDemand,
)
from osmari.employers.services import organisation_membership_grant
from osmari.matching.proposals import proposal_make

DEMO_PASSWORD = "osmari-demo"  # noqa: S105  (printed on purpose: synthetic demo logins)
# Every demo login's authenticator app holds this key (printed on purpose, like the password);
# `python manage.py demo_code EMAIL` prints the code it shows now.
DEMO_AUTHENTICATOR_KEY = "OSMARIDEMOAUTHENTICATORKEY2222AA"
DEMO_AREA = "mikkeli"
NATIONAL_AREA_COUNT = 45


@dataclass(frozen=True)
class Scale:
    organisations_per_area: int
    national: bool
    clients_per_area: int = 0


SCALES = {
    "demo": Scale(organisations_per_area=30, national=False, clients_per_area=350),
    # One area as large as each of the national scale's: a page of that area can then be
    # measured alone and with the rest of the country beside it, and the two compared.
    "region": Scale(organisations_per_area=667, national=False, clients_per_area=6667),
    # 30 000 organisations and 300 000 clients over 45 areas.
    "national": Scale(organisations_per_area=667, national=True, clients_per_area=6667),
}


@dataclass(frozen=True)
class Login:
    email: str
    role: str
    where: str


def _national_area_groups(rng: random.Random) -> list[tuple[str, list[Municipality]]]:
    """Split every municipality outside the demo area into 44 contiguous-ish synthetic areas."""
    demo = EmploymentArea.objects.get(code=DEMO_AREA)
    taken = set(demo.municipalities.values_list("pk", flat=True))
    rest = list(
        Municipality.objects.exclude(pk__in=taken)
        .select_related("region")
        .order_by("region__code", "longitude")
    )
    by_region = [(code, list(group)) for code, group in groupby(rest, key=lambda m: m.region.code)]
    slots = NATIONAL_AREA_COUNT - 1
    # At least one area per region; the rest by the number of municipalities.
    shares = {code: 1 for code, _ in by_region}
    extra = slots - len(by_region)
    weights = sorted(by_region, key=lambda item: -len(item[1]))
    for i in range(extra):
        code, _ = weights[i % len(weights)]
        shares[code] += 1
    groups = []
    for code, municipalities in by_region:
        count = min(shares[code], len(municipalities))
        size = -(-len(municipalities) // count)
        for start in range(0, len(municipalities), size):
            chunk = municipalities[start : start + size]
            groups.append((f"{code.lower()}-{start // size + 1}", chunk))
    return groups


def _ensure_national_areas(rng: random.Random) -> list[EmploymentArea]:
    areas = []
    for code, municipalities in _national_area_groups(rng):
        centre = municipalities[0]
        area, _ = EmploymentArea.objects.get_or_create(
            code=code,
            defaults={
                "name_fi": f"{centre.name_fi}: seudun työllisyysalue",
                "name_sv": f"{centre.name_sv}: regionens sysselsättningsområde",
                "name_en": f"{centre.name_fi} Region Employment Area",
            },
        )
        area.municipalities.set(municipalities)
        areas.append(area)
    return areas


@cache
def _demo_password_hash() -> str:
    # Hashed once: Argon2 is slow on purpose, and national scale makes hundreds of logins.
    return make_password(DEMO_PASSWORD)


def _user(email: str, full_name: str, language: str = "fi") -> User:
    existing = User.objects.filter(email=email).first()
    if existing:
        return existing
    user = user_create(
        actor=None, email=email, full_name=full_name, password=None, language=language
    )
    user.password = _demo_password_hash()
    user.save(update_fields=["password"])
    authenticator_create(
        actor=None, user=user, key_hex=_demo_authenticator_hex(), reason="demo data"
    )
    return user


def _demo_authenticator_hex() -> str:
    return b32decode(DEMO_AUTHENTICATOR_KEY).hex()


def _grant(user: User, role: Role, area: EmploymentArea) -> None:
    if not Membership.objects.filter(user=user, role=role, area=area).exists():
        # An auditor's access is lent for one audit: the demo's ends in a year.
        expires_on = timezone.localdate() + timedelta(days=365) if role == Role.AUDITOR else None
        membership_grant(actor=None, user=user, role=role, area=area, expires_on=expires_on)


STAGE_WEIGHTS = {
    "prospect": 5,
    "contacted": 4,
    "interested": 3,
    "agreement_in_preparation": 3,
    "active_partner": 10,
    "paused": 2,
    "ended": 1,
}
INDUSTRIES_BY_KIND = {
    "company": ["41.20", "43.32", "56.10", "81.21", "49.41", "10.71", "47.11", "45.20", "16.23"],
    "association": ["94.99", "93.12", "88.99"],
    "foundation": ["88.10", "87.30", "85.59"],
    "municipality": ["84.11"],
    "wellbeing_services_county": ["86.10", "88.10"],
    "religious_community": ["94.91"],
}


def _kind_for(name: str, rng: random.Random) -> str:
    if name.endswith(" ry"):
        return "association"
    if name.endswith(" sr"):
        return "foundation"
    return "company" if rng.random() < 0.95 else "social_enterprise"


def _seed_organisations(rng: random.Random, area: EmploymentArea, count: int) -> None:
    if area.organisations.exists():
        return
    municipalities = list(area.municipalities.order_by("code"))
    industries = {i.code: i for i in Industry.objects.filter(level=4)}
    today = timezone.localdate()
    objs = []
    names: set[str] = set()
    for n in range(count):
        municipality = rng.choice(municipalities)
        if n < 2 and area.code == DEMO_AREA:
            # The public sector hosts too: the home municipality and the wellbeing county.
            if n == 0:
                municipality = area.municipalities.get(code="491")
                kind, name = "municipality", "Mikkelin kaupunki"
            else:
                kind, name = "wellbeing_services_county", "Etelä-Savon hyvinvointialue"
        else:
            name = synthetic.organisation_name(rng)
            kind = _kind_for(name, rng)
        name = synthetic.distinct_name(name, names)
        stage = rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0]
        codes = INDUSTRIES_BY_KIND.get(kind, INDUSTRIES_BY_KIND["company"])
        objs.append(
            Organisation(
                area=area,
                name=name,
                business_id=synthetic.business_id(rng),
                municipality=municipality,
                kind=kind,
                industry=industries.get(rng.choice(codes)),
                stage=stage,
                letter_of_intent_on=(
                    today - timedelta(days=rng.randrange(30, 400))
                    if stage in ("interested", "agreement_in_preparation", "active_partner")
                    else None
                ),
                next_contact_on=(
                    today + timedelta(days=rng.randrange(-20, 60)) if stage != "ended" else None
                ),
            )
        )
    Organisation.objects.bulk_create(objs, ignore_conflicts=True, batch_size=1000)


POSITION_TEMPLATES = [
    ("Varastotyöntekijä", "9333", "Keräily, pakkaus ja vastaanotto", ["heavy_lifting", "standing"]),
    ("Keittiöapulainen", "9412", "Astianpesu ja ruoan esivalmistelu", ["standing", "fast_pace"]),
    ("Siivooja", "9112", "Toimitilojen ylläpitosiivous", ["standing"]),
    ("Kiinteistönhoitaja", "5153", "Piha- ja kiinteistötyöt", ["outdoor", "heavy_lifting"]),
    ("Myyjä", "5223", "Hyllytys ja asiakaspalvelu", ["customer_work", "standing"]),
    ("Hoiva-avustaja", "5322", "Avustaminen arjen askareissa", ["customer_work", "shifts"]),
    ("Toimistoavustaja", "4110", "Arkistointi ja postitus", []),
    ("Puuseppä", "7522", "Puusepäntyöt verstaalla", ["noise", "standing"]),
]


def _seed_positions(rng: random.Random, area: EmploymentArea) -> None:
    if Position.objects.filter(organisation__area=area).exists():
        return
    occupations = {
        o.isco_group.code: o
        for o in Occupation.objects.filter(
            isco_group__code__in=[t[1] for t in POSITION_TEMPLATES]
        ).select_related("isco_group")
    }
    positions, demands, adjustments = [], [], []
    hosting = ("interested", "agreement_in_preparation", "active_partner", "paused")
    for organisation in area.organisations.filter(stage__in=hosting).order_by("pk"):
        for _ in range(rng.randrange(1, 4)):
            title, isco, tasks, needs = rng.choice(POSITION_TEMPLATES)
            kind = rng.choice(["work_trial", "work_trial", "wage_subsidy", "both"])
            position = Position(
                organisation=organisation,
                kind=kind,
                title=title,
                occupation=occupations.get(isco),
                tasks=tasks,
                learning_environment="Perehdytys ja nimetty ohjaaja.",
                days_per_week=rng.choice([3, 4, 5]),
                hours_per_day=rng.choice([4, 6, 7, 8]),
                capacity=rng.choice([1, 1, 2, 3]),
                municipality=organisation.municipality,
                open_from=date(2025, 8, 1) + timedelta(days=rng.randrange(0, 300)),
                is_paused=organisation.stage == "paused",
            )
            positions.append(
                (
                    position,
                    needs,
                    rng.sample(
                        [
                            "part_time",
                            "flexible_hours",
                            "quiet_space",
                            "accessible_premises",
                            "regular_breaks",
                        ],
                        2,
                    ),
                )
            )
    Position.objects.bulk_create([p for p, _n, _a in positions], batch_size=2000)
    for position, needs, offered in positions:
        demands += [PositionDemand(position=position, code=code) for code in needs]
        adjustments += [PositionAdjustment(position=position, code=code) for code in offered]
    PositionDemand.objects.bulk_create(demands, batch_size=5000)
    PositionAdjustment.objects.bulk_create(adjustments, batch_size=5000)


def _seed_engagement(rng: random.Random, area: EmploymentArea, owners: list[User]) -> None:
    """Contacts and a short activity log for every organisation (demo and region scale)."""
    if Contact.objects.filter(organisation__area=area).exists() or not owners:
        return
    today = timezone.localdate()
    contacts, activities = [], []
    for organisation in area.organisations.order_by("pk"):
        for role in ("signatory", "workplace_instructor"):
            person = synthetic.person(rng, born_between=(date(1965, 1, 1), date(1995, 1, 1)))
            contacts.append(
                Contact(
                    organisation=organisation,
                    name=f"{person.first_name} {person.last_name}",
                    role=role,
                    email=synthetic.email_local_part(person.first_name, person.last_name)
                    + "@example.fi",
                    phone=f"050 {rng.randrange(1000000, 9999999)}",
                )
            )
        for _ in range(rng.randrange(0, 4)):
            occurred = today - timedelta(days=rng.randrange(5, 200))
            activities.append(
                Activity(
                    organisation=organisation,
                    kind=rng.choice(["call", "visit", "email", "meeting"]),
                    occurred_on=occurred,
                    notes=rng.choice(["Kartoitettu tehtäviä.", "Sovittu tutustumiskäynti.", ""]),
                    owner=rng.choice(owners),
                    next_contact_on=organisation.next_contact_on,
                )
            )
    Contact.objects.bulk_create(contacts, batch_size=2000)
    Activity.objects.bulk_create(activities, batch_size=2000)


def _seed_area_staff(area: EmploymentArea, prefix: str) -> list[Login]:
    people = [
        (Role.COACH, f"{prefix}coach@demo.osmari.fi", "Kaisa Valmentaja"),
        (Role.COACH, f"{prefix}coach2@demo.osmari.fi", "Jari Ohjaaja"),
        (Role.MANAGER, f"{prefix}manager@demo.osmari.fi", "Paula Projektipäällikkö"),
        (Role.ANALYST, f"{prefix}analyst@demo.osmari.fi", "Olli Analyytikko"),
        (Role.AREA_ADMIN, f"{prefix}admin@demo.osmari.fi", "Sirpa Pääkäyttäjä"),
        (Role.EMPLOYER_SERVICES, f"{prefix}employers@demo.osmari.fi", "Eero Yrityspalvelu"),
        (Role.FINANCE, f"{prefix}finance@demo.osmari.fi", "Tuula Talous"),
        (Role.AUDITOR, f"{prefix}auditor@demo.osmari.fi", "Timo Tarkastaja"),
        (Role.DATA_PROTECTION_OFFICER, f"{prefix}dpo@demo.osmari.fi", "Saara Tietosuoja"),
    ]
    logins = []
    for role, email, name in people:
        _grant(_user(email, name), role, area)
        logins.append(Login(email=email, role=str(Role(role).label), where=str(area)))
    # A partner that hosts people, so its contact has places, periods and suggestions to see.
    partners = area.organisations.order_by("business_id")
    organisation = partners.filter(stage="active_partner").first() or partners.first()
    if organisation is not None:
        email = f"{prefix}org@demo.osmari.fi"
        organisation_membership_grant(
            actor=None, user=_user(email, "Heikki Työpaikkaohjaaja"), organisation=organisation
        )
        logins.append(Login(email=email, role=str(Role.ORG_CONTACT.label), where=organisation.name))
    return logins


AGREEMENT_PATHS = {
    # pipeline stage → the ways its agreement may have gone (one is drawn)
    "interested": [[]],
    "agreement_in_preparation": [["sent"], ["sent", "signed"]],
    "active_partner": [["sent", "signed", "active"]],
    "paused": [["sent", "signed", "active", "review_due"]],
    "ended": [["sent", "signed", "active", "ended"], ["sent", "signed", "active", "terminated"]],
}


def _seed_agreements(rng: random.Random, area: EmploymentArea, coach: User) -> None:
    """Agreements in every state for the demo area, made through the services."""
    if CooperationAgreement.objects.filter(organisation__area=area).exists():
        return
    today = timezone.localdate()
    for organisation in area.organisations.filter(stage__in=AGREEMENT_PATHS).order_by("pk"):
        start = today - timedelta(days=rng.randrange(30, 400))
        tasks = "\n".join(f"{p.title}: {p.tasks}" for p in organisation.positions.all())
        agreement = agreement_create(
            actor=coach,
            organisation=organisation,
            valid_from=start,
            texts={
                "parties": f"{area} – {organisation.name} ({organisation.business_id})",
                "purpose": "Työkokeilu- ja palkkatukipaikat pitkään työttömänä olleille.",
                "tasks": tasks,
                "information_exchange": (
                    "Kolmikantatapaaminen jakson alussa, puolivälissä ja lopussa."
                ),
            },
        )
        agreement.positions.set(organisation.positions.all())
        for status in rng.choice(AGREEMENT_PATHS[organisation.stage]):
            if status == "signed":
                for party in ("organisation", "authority"):
                    signature_record(
                        actor=coach,
                        agreement=agreement,
                        party=party,
                        signer_name="N.N.",
                        signed_on=start,
                    )
            agreement_transition(actor=coach, agreement=agreement, to_status=status, today=today)


@transaction.atomic
def seed(*, scale: str, seed: int) -> list[Login]:
    """Create (or complete) the synthetic dataset of the given scale; returns the demo logins."""
    settings_scale = SCALES[scale]
    rng = random.Random(seed)
    if not Municipality.objects.exists():
        reference_load()
    demo_area = EmploymentArea.objects.get(code=DEMO_AREA)
    _seed_organisations(rng, demo_area, settings_scale.organisations_per_area)
    logins = _seed_area_staff(demo_area, "")
    today = timezone.localdate()
    areas = [demo_area]
    if settings_scale.national:
        for area in _ensure_national_areas(rng):
            _seed_organisations(rng, area, settings_scale.organisations_per_area)
            _seed_area_staff(area, f"{area.code}.")
            areas.append(area)
    for area in areas:
        _seed_positions(rng, area)
        coaches = list(
            User.objects.filter(memberships__area=area, memberships__role=Role.COACH).order_by("pk")
        )
        if not settings_scale.national or area == demo_area:
            _seed_engagement(rng, area, coaches)
        seed_clients(
            rng=rng,
            area=area,
            count=settings_scale.clients_per_area,
            coaches=coaches,
            today=today,
            rich=not settings_scale.national or area == demo_area,
        )
    demo_coach = User.objects.filter(email="coach@demo.osmari.fi").first()
    if demo_coach is not None:
        _seed_agreements(rng, demo_area, demo_coach)
        seed_skills(rng, demo_area)
        seed_sharing_consents(rng, demo_area, demo_coach)
        seed_demo_placements(rng, demo_area, demo_coach, today)
        seed_extract(rng, demo_area, demo_coach, today)
        # Its own stream, so that the data seeded after it stays as it was.
        seed_coaching(random.Random(f"coaching:{seed}"), demo_area, today)
        seed_demo_records(random.Random(f"records:{seed}"), demo_area, demo_coach, today)
        seed_demo_proposals(random.Random(f"proposals:{seed}"), demo_area, demo_coach)
        seed_fairness_ways(random.Random(f"fairness:{seed}"), demo_area, demo_coach, today)
        seed_trial_patterns(demo_area, demo_coach, today)
        # After the periods, so that those with one under way get theirs first.
        seed_appointments(random.Random(f"appointments:{seed}"), demo_area, today)
        seed_participant_messages(demo_area)
        seed_letters_of_intent(random.Random(f"letters:{seed}"), demo_area, demo_coach)
        # The regional assignment as the worker would have left it: the page opens on a
        # proposal, and "make a new proposal" shows the job at work.
        proposal_make(user=demo_coach, area=demo_area, municipality="")
        manager = User.objects.filter(email="manager@demo.osmari.fi").first()
        if manager is not None:
            seed_feedback(rng, demo_area, manager, today)
            seed_survey_pilot(random.Random(f"surveys:{seed}"), demo_area, manager, today)
            seed_reciprocity(rng, demo_area, demo_coach, manager, today)
            seed_template_pilot(random.Random(f"templates:{seed}"), demo_area, manager, today)
            programme = seed_programme(rng, demo_area, manager, today)
            logins += [Login(*row) for row in seed_municipal(programme, manager, _user)]
            seed_workplan(random.Random(f"workplan:{seed}"), programme, manager, today)
            seed_competence(random.Random(f"competence:{seed}"), programme, manager, today, _user)
            seed_report_texts(programme, manager, today)
    if settings_scale.national:
        for area in areas[1:]:
            actor = User.objects.filter(
                memberships__area=area, memberships__role=Role.COACH
            ).first()
            if actor is not None:
                seed_bulk_placements(rng, area, actor, today, per_client=1.7)
            seed_bulk_feedback(rng, area, today, per_client=1.0)
    audit_record(actor=None, action="demo.seed", changes={"scale": scale, "seed": seed})
    return logins
