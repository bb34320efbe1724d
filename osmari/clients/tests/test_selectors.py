"""Who sees which clients, and lists that cost the same queries for twenty people as for two."""

from datetime import date

import pytest
from django.http import Http404

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients import selectors
from osmari.clients.services import enrolment_save
from osmari.clients.tests.builders import build_client, numbered_hetu

pytestmark = pytest.mark.django_db


def _listed(user) -> list[tuple[str, str, str]]:
    """What the client list shows of each row: the name, the municipality and the coach."""
    return [
        (client.last_name, client.municipality.name_fi, client.coach.full_name)
        for client in selectors.client_list_for_user(user=user)
    ]


def _clients(coach, area, numbers):
    return [
        build_client(
            actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Asiakas{n}", coach=coach
        )
        for n in numbers
    ]


def test_the_client_list_reads_twenty_people_in_the_queries_of_two(
    coach, area, django_assert_max_num_queries, django_assert_num_queries
):
    _clients(coach, area, range(2))
    _listed(coach)  # the coach's roles are read once and kept for the request
    with django_assert_max_num_queries(1) as two:
        assert len(_listed(coach)) == 2
    _clients(coach, area, range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(_listed(coach)) == 20


def test_a_coach_lists_only_the_clients_of_their_own_area(
    coach, coach_other_area, area, other_area
):
    _clients(coach, area, range(2))
    build_client(
        actor=coach_other_area,
        area=other_area,
        hetu=numbered_hetu(2),
        last_name="Naapuri",
        coach=coach_other_area,
        municipality=other_area.municipalities.order_by("code").first(),
    )
    assert [row[0] for row in _listed(coach)] == ["Asiakas0", "Asiakas1"]
    assert [row[0] for row in _listed(coach_other_area)] == ["Naapuri"]


def test_where_coaches_keep_to_their_caseload_a_coach_lists_only_their_own(coach, manager, area):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    _clients(coach, area, range(2))
    build_client(
        actor=colleague, area=area, hetu=numbered_hetu(2), last_name="Kollegan", coach=colleague
    )
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    assert [row[0] for row in _listed(coach)] == ["Asiakas0", "Asiakas1"]
    assert [row[0] for row in _listed(colleague)] == ["Kollegan"]
    # The manager sees the whole area.
    assert len(_listed(manager)) == 3


def test_another_areas_coach_cannot_open_the_record(coach, coach_other_area, area):
    (client,) = _clients(coach, area, [0])
    assert selectors.client_get_for_user(user=coach, pk=client.pk) == client
    with pytest.raises(Http404):
        selectors.client_get_for_user(user=coach_other_area, pk=client.pk)


def _pending(user) -> list[tuple[str, str]]:
    return [
        (enrolment.client.last_name, enrolment.client.coach.full_name)
        for enrolment in selectors.eura_pending_for_user(user=user)
    ]


def _enrol(coach, clients):
    for client in clients:
        enrolment_save(
            actor=coach,
            client=client,
            entered_on=date(2026, 1, 1),
            status_at_entry="unemployed",
            eura_entry="no",
        )


def test_the_eura_list_reads_twenty_people_in_the_queries_of_two(
    coach, area, django_assert_max_num_queries, django_assert_num_queries
):
    _enrol(coach, _clients(coach, area, range(2)))
    _pending(coach)
    with django_assert_max_num_queries(1) as two:
        assert len(_pending(coach)) == 2
    _enrol(coach, _clients(coach, area, range(2, 20)))
    with django_assert_num_queries(len(two)):
        assert len(_pending(coach)) == 20


def test_the_eura_list_of_another_area_is_empty(coach, coach_other_area, area):
    _enrol(coach, _clients(coach, area, range(2)))
    assert len(_pending(coach)) == 2
    assert _pending(coach_other_area) == []
