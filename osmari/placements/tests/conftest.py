from datetime import date
from decimal import Decimal

import pytest

from osmari.agreements.models import AgreementTemplate, CooperationAgreement
from osmari.clients import services as client_services
from osmari.employers.services import position_save
from osmari.placements.services import PeriodFields

TODAY = date(2026, 11, 27)


def make_jobseeker(coach, area, code="131052-308T", unemployed_from=date(2023, 1, 1)):
    client = client_services.client_create(
        actor=coach,
        area=area,
        personal_identity_code=code,
        first_name="Testi",
        last_name="Asiakas",
        municipality=area.municipalities.get(code="491"),
        coach=coach,
    )
    client_services.spell_add(
        actor=coach,
        client=client,
        status="unemployed",
        start_on=unemployed_from,
        end_on=None,
        today=TODAY,
    )
    return client


def make_active_agreement(organisation, coach):
    return CooperationAgreement.objects.create(
        organisation=organisation,
        template=AgreementTemplate.objects.order_by("-version").first(),
        status="active",
        valid_from=date(2025, 1, 1),
        created_by=coach,
    )


def make_position(organisation, coach, **fields):
    values = {
        "kind": "both",
        "title": "Varastotyöntekijä",
        "tasks": "Keräily",
        "days_per_week": 4,
        "hours_per_day": 6,
        "capacity": 1,
        "municipality": organisation.municipality,
        "open_from": date(2025, 1, 1),
    }
    values.update(fields)
    return position_save(actor=coach, organisation=organisation, today=TODAY, **values)


def trial(start, end, **extra) -> PeriodFields:
    values = {
        "kind": "work_trial",
        "start_on": start,
        "end_on": end,
        "days_per_week": 4,
        "hours_per_day": Decimal(6),
    }
    values.update(extra)
    return PeriodFields(**values)


@pytest.fixture
def jobseeker(coach, area):
    return make_jobseeker(coach, area)


@pytest.fixture
def place(organisation, coach):
    make_active_agreement(organisation, coach)
    return make_position(organisation, coach)
