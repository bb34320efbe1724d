"""Reporting records for tests: a programme, its staff, and the hand-built indicator dataset
(`dataset.py`) written to the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from osmari.clients.models import Client, Enrolment, StatusSpell
from osmari.core.models import EducationLevel
from osmari.employers.models import Organisation
from osmari.reciprocity.models import Benefit, Delivery
from osmari.reporting.models import Programme, StaffMember
from osmari.reporting.selectors import INDICATOR_FIELDS
from osmari.reporting.tests.dataset import ENTITIES, PEOPLE

# What the dataset says of each person besides spells and education.
PERSON_FIELDS = ("gender", "birth_date", *INDICATOR_FIELDS)


def make_programme(area, **fields) -> Programme:
    """Polkuja töihin, 1.8.2025–31.7.2028."""
    values = {
        "name": "Polkuja töihin",
        "project_code": "S30571",
        "starts_on": date(2025, 8, 1),
        "ends_on": date(2028, 7, 31),
    }
    values.update(fields)
    return Programme.objects.create(area=area, **values)


def make_staff_member(programme: Programme, **fields) -> StaffMember:
    """The programme's project manager from its first day."""
    values = {
        "name": "Helena Kivelä",
        "title": "Projektipäällikkö",
        "hourly_rate": Decimal("31.17"),
        "starts_on": date(2025, 8, 1),
    }
    values.update(fields)
    return StaffMember.objects.create(programme=programme, **values)


def build_dataset(area, recorded_by) -> dict[str, Client]:
    """Every person and organisation of `dataset.py` as records of the area, with the
    deliveries recorded by `recorded_by`; the clients by their reference."""
    levels = {
        bucket: EducationLevel.objects.filter(esf_bucket=bucket).first()
        for bucket in ("isced_0_2", "isced_3_4", "isced_5_8")
    }
    municipality = area.municipalities.get(code="491")
    clients = {}
    for n, person in enumerate(PEOPLE, start=1):
        client = Client.objects.create(
            area=area,
            personal_identity_code=f"TEST-{n}",
            first_name=person["ref"],
            last_name="Testi",
            birth_date=person["birth_date"],
            gender=person["gender"],
            municipality=municipality,
            education_level=levels.get(person["education"]),
        )
        for start_on, end_on in person["spells"]:
            StatusSpell.objects.create(
                client=client, status="unemployed", start_on=start_on, end_on=end_on
            )
        # A spell of another kind must not be read as unemployment.
        StatusSpell.objects.create(
            client=client, status="work_trial", start_on=date(2019, 1, 1), end_on=date(2019, 2, 1)
        )
        Enrolment.objects.create(
            client=client,
            **{
                name: person[name]
                for name in PERSON_FIELDS
                if name in person and name not in ("gender", "birth_date")
            },
        )
        clients[person["ref"]] = client
    benefit = Benefit.objects.create(
        area=area, kind="guidance_visit", name_fi="Käynti", name_sv="Besök", name_en="Visit"
    )
    for n, entity in enumerate(ENTITIES, start=1):
        organisation = Organisation.objects.create(
            area=area,
            name=entity["ref"],
            business_id=f"{n:07}-0",
            municipality=municipality,
            kind=entity["kind"],
            size=entity["size"],
        )
        for day in entity["days"]:
            Delivery.objects.create(
                organisation=organisation,
                benefit=benefit,
                delivered_on=day,
                recorded_by=recorded_by,
            )
    return clients
