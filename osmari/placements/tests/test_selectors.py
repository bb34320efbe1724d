"""Which periods a user sees, and the period list in the same queries for twenty as for two."""

from datetime import date

import pytest
from django.http import Http404

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.placements import selectors
from osmari.placements.tests.builders import period_record

pytestmark = pytest.mark.django_db


def _periods(coach, area, position, numbers):
    """A running work trial for each of these numbered clients of the coach."""
    return [
        period_record(
            build_client(
                actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Asiakas{n}", coach=coach
            ),
            position,
            date(2026, 11, 1),
            date(2027, 1, 31),
        )
        for n in numbers
    ]


def _listed(user) -> list[tuple[str, str, str]]:
    """What the period list shows of each row: the person, the place and the organisation."""
    return [
        (placement.client.last_name, placement.position.title, placement.organisation.name)
        for placement in selectors.placement_list_for_user(user=user)
    ]


def test_the_period_list_reads_twenty_periods_in_the_queries_of_two(
    coach, area, organisation, django_assert_max_num_queries, django_assert_num_queries
):
    position = make_position(organisation, coach, capacity=20)
    _periods(coach, area, position, range(2))
    _listed(coach)  # the coach's roles are read once and kept for the request
    with django_assert_max_num_queries(1) as two:
        assert len(_listed(coach)) == 2
    _periods(coach, area, position, range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(_listed(coach)) == 20


def test_where_coaches_keep_to_their_caseload_a_coach_lists_only_their_own_periods(
    coach, manager, area, organisation
):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    position = make_position(organisation, coach, capacity=3)
    _periods(coach, area, position, range(2))
    _periods(colleague, area, position, [2])
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    assert sorted(row[0] for row in _listed(coach)) == ["Asiakas0", "Asiakas1"]
    assert [row[0] for row in _listed(colleague)] == ["Asiakas2"]
    assert len(_listed(manager)) == 3


def test_another_area_s_coach_neither_lists_nor_opens_the_period(
    coach, coach_other_area, area, organisation
):
    position = make_position(organisation, coach)
    (placement,) = _periods(coach, area, position, [0])
    assert _listed(coach_other_area) == []
    assert selectors.placement_get_for_user(user=coach, pk=placement.pk) == placement
    with pytest.raises(Http404):
        selectors.placement_get_for_user(user=coach_other_area, pk=placement.pk)


def test_the_places_offered_are_the_client_s_area_s_and_not_paused(
    coach, coach_other_area, area, other_area, organisation, django_assert_max_num_queries
):
    open_place = make_position(organisation, coach, title="Avoin")
    paused = make_position(organisation, coach, title="Tauolla")
    paused.is_paused = True
    paused.save(update_fields=["is_paused"])
    elsewhere = make_organisation(other_area, "Lappeen Korjaamo Oy", "0737546-2")
    make_position(elsewhere, coach_other_area, title="Muualla")
    client = build_client(actor=coach, area=area, hetu=numbered_hetu(0), coach=coach)
    with django_assert_max_num_queries(1):
        offered = [
            (position.title, position.organisation.name)
            for position in selectors.positions_for_placing(client=client)
        ]
    assert offered == [(open_place.title, organisation.name)]
