"""Build the synthetic demo, region and national datasets. Never run against production."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from itertools import groupby

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from osmari.accounts.models import Membership, Role, User
from osmari.accounts.services import membership_grant, user_create
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea, Municipality
from osmari.core.reference import reference_load
from osmari.demo import synthetic
from osmari.demo.clients import seed_clients
from osmari.employers.models import Organisation

DEMO_PASSWORD = "osmari-demo"  # noqa: S105  (printed on purpose: synthetic demo logins)
DEMO_AREA = "mikkeli"
NATIONAL_AREA_COUNT = 45


@dataclass(frozen=True)
class Scale:
    organisations_per_area: int
    national: bool
    clients_per_area: int = 0


SCALES = {
    "demo": Scale(organisations_per_area=30, national=False, clients_per_area=350),
    "region": Scale(organisations_per_area=300, national=False, clients_per_area=3500),
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
    return user


def _grant(user: User, role: Role, area: EmploymentArea, organisation=None) -> None:
    exists = Membership.objects.filter(
        user=user, role=role, area=area, organisation=organisation
    ).exists()
    if not exists:
        membership_grant(actor=None, user=user, role=role, area=area, organisation=organisation)


def _seed_organisations(rng: random.Random, area: EmploymentArea, count: int) -> None:
    municipalities = list(area.municipalities.order_by("code"))
    objs = [
        Organisation(
            area=area,
            name=synthetic.organisation_name(rng),
            business_id=synthetic.business_id(rng),
            municipality=rng.choice(municipalities),
        )
        for _ in range(count)
    ]
    # A rerun with the same seed makes the same business IDs: the conflicts are skipped.
    Organisation.objects.bulk_create(objs, ignore_conflicts=True, batch_size=1000)


def _seed_area_staff(area: EmploymentArea, prefix: str) -> list[Login]:
    people = [
        (Role.COACH, f"{prefix}coach@demo.osmari.fi", "Kaisa Valmentaja"),
        (Role.COACH, f"{prefix}coach2@demo.osmari.fi", "Jari Ohjaaja"),
        (Role.MANAGER, f"{prefix}manager@demo.osmari.fi", "Paula Projektipäällikkö"),
        (Role.ANALYST, f"{prefix}analyst@demo.osmari.fi", "Olli Analyytikko"),
        (Role.AREA_ADMIN, f"{prefix}admin@demo.osmari.fi", "Sirpa Pääkäyttäjä"),
    ]
    logins = []
    for role, email, name in people:
        _grant(_user(email, name), role, area)
        logins.append(Login(email=email, role=str(Role(role).label), where=str(area)))
    organisation = area.organisations.order_by("business_id").first()
    if organisation is not None:
        email = f"{prefix}org@demo.osmari.fi"
        _grant(_user(email, "Heikki Työpaikkaohjaaja"), Role.ORG_CONTACT, area, organisation)
        logins.append(Login(email=email, role=str(Role.ORG_CONTACT.label), where=organisation.name))
    return logins


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
        coaches = list(User.objects.filter(memberships__area=area, memberships__role=Role.COACH))
        seed_clients(
            rng=rng,
            area=area,
            count=settings_scale.clients_per_area,
            coaches=coaches,
            today=today,
            rich=not settings_scale.national or area == demo_area,
        )
    audit_record(actor=None, action="demo.seed", changes={"scale": scale, "seed": seed})
    return logins
