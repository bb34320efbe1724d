"""The participants of the participant view's tests: Aino, with a period and a plan, and
Bertta, another client of the same coach, whose data must never show on Aino's pages."""

from __future__ import annotations

from datetime import date

import pytest

from osmari.clients.models import Plan, PlanStep
from osmari.clients.tests.builders import build_client
from osmari.employers.tests.builders import make_instructor, make_position
from osmari.placements.tests.builders import period_record


@pytest.fixture
def aino(area, coach, organisation):
    client = build_client(
        actor=coach, area=area, coach=coach, first_name="Aino", last_name="Esimerkki"
    )
    instructor = make_instructor(organisation, coach, phone="040 123 4567")
    position = make_position(organisation, coach, title="Varastotyöntekijä")
    period = period_record(client, position, date(2026, 11, 2), date(2027, 1, 29))
    period.instructor = instructor
    period.official_reference = "PAATOS-4711"
    period.official_on = date(2026, 10, 20)
    period.save()
    plan = Plan.objects.create(client=client, kind="employment", summary="Kohti varastotyötä")
    PlanStep.objects.create(plan=plan, text="Trukkikortti", owner="Aino", due_on=date(2027, 2, 1))
    return client


@pytest.fixture
def bertta(area, coach, organisation):
    client = build_client(
        actor=coach,
        area=area,
        coach=coach,
        hetu="010101A123N",
        first_name="Bertta",
        last_name="Toinen",
    )
    position = make_position(organisation, coach, title="Kahvilatyöntekijä")
    period_record(client, position, date(2026, 10, 1), date(2026, 12, 31))
    return client
