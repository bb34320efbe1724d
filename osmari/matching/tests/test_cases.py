"""One case for the engine: screening, matching and the placement rules read a person's
records the same way, and many people cost the queries of one."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from osmari.clients import services as client_services
from osmari.clients.models import Client
from osmari.core.identity import hetu
from osmari.core.models import EducationLevel
from osmari.employers.models import Organisation, Position
from osmari.employers.services import position_save
from osmari.matching.selectors import client_rows
from osmari.placements import rules
from osmari.placements.models import Placement
from osmari.placements.services import PeriodFields, period_check, place_of
from osmari.screening.engine import Organisation as EngineOrganisation
from osmari.screening.engine import PastPlacement, evaluate
from osmari.screening.records import case_for_client, cases_for
from osmari.screening.services import eligibility_for_client

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
# Spells, periods, sensitive data and education levels: one query each, however many people.
CASE_QUERIES = 4


def _person(coach, area, n: int) -> Client:
    client = client_services.client_create(
        actor=coach,
        area=area,
        personal_identity_code=hetu(date(1970, 1, 1) + timedelta(days=37 * n), 100 + n),
        first_name="Testi",
        last_name=f"Asiakas {n}",
        municipality=area.municipalities.order_by("code").first(),
        coach=coach,
        education_level=EducationLevel.objects.get(code="3"),
    )
    client_services.spell_add(
        actor=coach,
        client=client,
        status="unemployed",
        start_on=date(2023, 1, 1),
        end_on=None,
        today=TODAY,
    )
    client_services.sensitive_update(
        actor=coach,
        client=client,
        reduced_work_ability=True,
        reduced_work_ability_notes="",
        integration_plan=False,
    )
    return client


def _place(coach, organisation: Organisation) -> Position:
    return position_save(
        actor=coach,
        organisation=organisation,
        today=TODAY,
        kind="both",
        title="Varastotyöntekijä",
        tasks="Keräily",
        days_per_week=4,
        hours_per_day=6,
        capacity=100,
        municipality=organisation.municipality,
        open_from=date(2025, 1, 1),
    )


def _period(
    client: Client, position: Position, start: date, end: date, status: str, ended=None
) -> Placement:
    # Made by hand, past the rules: the case reads whatever periods the record holds.
    return Placement.objects.create(
        area=client.area,
        client=client,
        position=position,
        organisation=position.organisation,
        kind="work_trial",
        status=status,
        start_on=start,
        end_on=end,
        ended_on=ended,
        days_per_week=4,
        hours_per_day=Decimal(6),
        rules_version="2025-01-01",
        created_by=client.coach,
    )


def _history(client: Client, here: Position, there: Position) -> Placement:
    """An interrupted trial here, one cancelled before its start there, and a planned one
    there, which is returned."""
    _period(client, here, date(2025, 1, 1), date(2025, 6, 30), "interrupted", date(2025, 3, 31))
    _period(client, there, date(2025, 9, 1), date(2025, 10, 31), "cancelled")
    return _period(client, there, date(2026, 12, 1), date(2027, 1, 31), "planned")


@pytest.fixture
def places(coach, organisation, other_organisation) -> tuple[Position, Position]:
    return _place(coach, organisation), _place(coach, other_organisation)


@pytest.fixture
def person(coach, area, places) -> Client:
    client = _person(coach, area, 0)
    _history(client, *places)
    return client


def test_a_case_holds_the_periods_the_law_counts_to_the_day_it_counts(person, places):
    case = case_for_client(client=person, on=TODAY, include_sensitive=True)
    here, there = (p.organisation for p in places)
    assert sorted(case.placements, key=lambda p: p.start) == [
        PastPlacement(
            "work_trial",
            here.business_id,
            here.kind,
            "Varastotyöntekijä",
            date(2025, 1, 1),
            date(2025, 3, 31),
        ),
        PastPlacement(
            "work_trial",
            there.business_id,
            there.kind,
            "Varastotyöntekijä",
            date(2026, 12, 1),
            date(2027, 1, 31),
        ),
    ]
    assert (case.education_level, case.reduced_work_ability, case.integration_plan) == (
        3,
        True,
        False,
    )


def test_screening_matching_and_the_period_check_see_the_same_case(person, places):
    built = cases_for([person], on=TODAY, include_sensitive=True)[person.pk]
    assert case_for_client(client=person, on=TODAY, include_sensitive=True) == built
    assert eligibility_for_client(client=person, on=TODAY, include_sensitive=True) == evaluate(
        built
    )
    assert client_rows([person], today=TODAY, include_sensitive=True)[0].case == built
    # Without the right to see sensitive data, both leave those facts unknown.
    unseen = cases_for([person], on=TODAY, include_sensitive=False)[person.pk]
    assert client_rows([person], today=TODAY, include_sensitive=False)[0].case == unseen
    assert (unseen.reduced_work_ability, unseen.integration_plan) == (None, None)

    # The period check leaves out the period it checks, and judges by the same case.
    here = places[0]
    planned = Placement.objects.get(client=person, status="planned")
    fields = PeriodFields(
        kind="work_trial",
        start_on=date(2026, 12, 1),
        end_on=date(2027, 1, 31),
        days_per_week=4,
        hours_per_day=Decimal(6),
    )
    organisation = here.organisation
    case = cases_for(
        [person],
        on=fields.start_on,
        include_sensitive=True,
        organisation=EngineOrganisation(organisation.business_id, organisation.kind),
        exclude_placement=planned.pk,
    )[person.pk]
    assert len(case.placements) == 1
    reasons = period_check(client=person, position=here, fields=fields, exclude_pk=planned.pk)
    assert reasons == rules.check(case, fields.as_period(here.title), place_of(here, planned.pk))


def test_many_people_cost_the_queries_of_one(coach, area, places, django_assert_num_queries):
    people = [_person(coach, area, n) for n in range(20)]
    for client in people:
        _history(client, *places)
    one = list(Client.objects.filter(pk=people[0].pk))
    many = list(Client.objects.filter(pk__in=[c.pk for c in people]))
    with django_assert_num_queries(CASE_QUERIES):
        cases_for(one, on=TODAY, include_sensitive=True)
    with django_assert_num_queries(CASE_QUERIES):
        cases = cases_for(many, on=TODAY, include_sensitive=True)
    assert [len(cases[c.pk].placements) for c in people] == [2] * 20


def test_matching_reads_many_people_in_the_queries_of_one(
    coach, area, places, django_assert_num_queries
):
    people = [_person(coach, area, n) for n in range(20)]
    loaded = Client.objects.select_related("municipality", "education_level")
    one = list(loaded.filter(pk=people[0].pk))
    many = list(loaded.filter(pk__in=[c.pk for c in people]))
    # The case without the education levels, which came with the people; and five reads
    # of the profile: restrictions, languages, occupations, skills, assessments.
    queries = CASE_QUERIES - 1 + 5
    with django_assert_num_queries(queries):
        client_rows(one, today=TODAY, include_sensitive=True)
    with django_assert_num_queries(queries):
        assert len(client_rows(many, today=TODAY, include_sensitive=True)) == 20
