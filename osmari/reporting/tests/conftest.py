from datetime import date

import pytest

from osmari.clients.models import Client, Enrolment, StatusSpell
from osmari.core.models import EducationLevel
from osmari.employers.models import Organisation
from osmari.reciprocity.models import Benefit, Delivery
from osmari.reporting.selectors import INDICATOR_FIELDS
from osmari.reporting.tests.dataset import ENTITIES, PEOPLE

PERSON_FIELDS = ("gender", "birth_date", *INDICATOR_FIELDS)


@pytest.fixture
def dataset(area, manager):
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
                organisation=organisation, benefit=benefit, delivered_on=day, recorded_by=manager
            )
    return clients


@pytest.fixture
def programme(area):
    from osmari.reporting.models import Programme

    return Programme.objects.create(
        area=area,
        name="Polkuja töihin",
        project_code="S30571",
        starts_on=date(2025, 8, 1),
        ends_on=date(2028, 7, 31),
    )
