"""Events and subsidy budgets read in the same queries for twenty as for two; events and
subsidised periods only for those who may see them."""

from datetime import date

import pytest
from django.http import Http404

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.employers.tests.builders import make_organisation, make_position, numbered_business_id
from osmari.placements.tests.builders import period_record
from osmari.reciprocity import selectors, services
from osmari.reciprocity.tests.builders import make_commitment, make_event, make_scheme

pytestmark = pytest.mark.django_db


def _events(area, coach, benefit, numbers):
    return [
        make_event(area, coach, benefit, days=10 + n, title=f"Koulutus {n:02}") for n in numbers
    ]


def _upcoming(area) -> list[tuple[str, str, int]]:
    """What the event list shows of each event: its title, its kind and who registered."""
    return [
        (event.title, event.benefit.name_fi, event.registered)
        for event in selectors.events_for_area(area, upcoming=True)
    ]


def test_twenty_events_are_read_in_the_queries_of_two(
    area, coach, organisation, catalogue, django_assert_max_num_queries, django_assert_num_queries
):
    training = catalogue["instructor_training"]
    first, _second = _events(area, coach, training, range(2))
    services.registration_add(actor=coach, event=first, organisation=organisation, new_name="N.N.")
    with django_assert_max_num_queries(1) as two:
        assert [row[2] for row in _upcoming(area)] == [1, 0]
    _events(area, coach, training, range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(_upcoming(area)) == 20


def test_an_event_opens_for_its_area_s_staff_and_organisations_only(
    area, coach, coach_other_area, org_contact, training
):
    for user in (coach, org_contact):
        assert selectors.event_get_for_user(user=user, pk=training.pk) == training
    with pytest.raises(Http404):
        selectors.event_get_for_user(user=coach_other_area, pk=training.pk)


def _commitments(manager, scheme, area, numbers):
    for n in numbers:
        organisation = make_organisation(area, f"Yritys {n:02}", numbered_business_id(n))
        make_commitment(manager, scheme, organisation, f"{n + 1}/2026", months=1)


def test_twenty_decisions_are_read_in_the_queries_of_two(
    area, manager, django_assert_max_num_queries, django_assert_num_queries
):
    scheme = make_scheme(area, manager, budget="10000.00")

    def decisions():
        return [
            (commitment.organisation.name, commitment.paid)
            for commitment in selectors.commitments(scheme)
        ]

    _commitments(manager, scheme, area, range(2))
    with django_assert_max_num_queries(1) as two:
        assert len(decisions()) == 2
    _commitments(manager, scheme, area, range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(decisions()) == 20


def test_the_budgets_of_twenty_schemes_take_the_queries_of_two(
    area, manager, organisation, django_assert_max_num_queries, django_assert_num_queries
):
    def schemes(numbers):
        for n in numbers:
            scheme = make_scheme(area, manager, name=f"Lisä {n:02}")
            make_commitment(manager, scheme, organisation, f"{n + 1}/2026", months=1)

    schemes(range(2))
    with django_assert_max_num_queries(2) as two:
        budgets = selectors.scheme_budgets(area)
    assert [str(budget.remaining) for budget in budgets] == ["700.00", "700.00"]
    schemes(range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(selectors.scheme_budgets(area)) == 20


def test_the_periods_a_subsidy_can_be_tied_to_are_the_user_s_own_where_so_set(
    area, manager, coach, organisation
):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    scheme = make_scheme(area, manager)
    position = make_position(organisation, coach, capacity=2)
    for n, owner in enumerate((coach, colleague)):
        client = build_client(actor=owner, area=area, hetu=numbered_hetu(n), coach=owner)
        period_record(client, position, date(2026, 11, 1), date(2027, 4, 30), kind="wage_subsidy")
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    assert selectors.subsidised_periods_for_user(user=manager, scheme=scheme).count() == 2
    own = selectors.subsidised_periods_for_user(user=coach, scheme=scheme)
    assert [placement.client.coach for placement in own] == [coach]
