"""The indicators' records in two queries for twenty people as for two; programmes and the
people behind a number only of the user's own area."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from osmari.clients.services import enrolment_save
from osmari.clients.tests.builders import build_client, numbered_hetu, unemployed_since
from osmari.reporting import selectors
from osmari.reporting.tests.builders import make_programme

pytestmark = pytest.mark.django_db


def _participants(coach, area, numbers):
    clients = []
    for n in numbers:
        client = build_client(
            actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Osallistuja{n}"
        )
        unemployed_since(actor=coach, client=client, start=date(2025, 1, 1))
        enrolment_save(
            actor=coach, client=client, entered_on=date(2026, 3, 1), status_at_entry="unemployed"
        )
        clients.append(client)
    return clients


def _records(area):
    return selectors.participant_records(area=area, start=date(2026, 1, 1), end=date(2026, 12, 31))


def test_the_participants_records_take_two_queries_however_many_people(
    coach, area, django_assert_num_queries
):
    _participants(coach, area, range(2))
    with django_assert_num_queries(2):
        records = _records(area)
    assert [len(record.spells) for record in records] == [1, 1]
    _participants(coach, area, range(2, 20))
    with django_assert_num_queries(2):
        assert len(_records(area)) == 20


def test_another_area_s_participants_are_not_counted(coach, area, other_area):
    _participants(coach, area, range(2))
    assert _records(other_area) == []


def test_a_manager_sees_the_programmes_of_their_own_area_only(manager, area, other_area):
    own = make_programme(area)
    foreign = make_programme(other_area, name="Toisen alueen ohjelma")
    assert selectors.programmes_for(manager, "reporting.view") == [own]
    opened = selectors.programme_get_for_user(
        user=manager, pk=own.pk, permission="reporting.persons"
    )
    assert opened == own
    with pytest.raises(PermissionDenied):
        selectors.programme_get_for_user(user=manager, pk=foreign.pk, permission="reporting.view")


def test_the_people_behind_a_number_are_never_of_another_area(coach, area, other_area):
    own = _participants(coach, area, range(2))
    elsewhere = build_client(
        actor=coach,
        area=other_area,
        hetu=numbered_hetu(2),
        municipality=other_area.municipalities.order_by("code").first(),
    )
    refs = [client.pk for client in [*own, elsewhere]]
    assert selectors.people(refs, area=area) == sorted(own, key=lambda c: c.last_name)
