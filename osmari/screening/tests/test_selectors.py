"""The worklist a user sees, in the same queries for twenty people as for two; decisions
only of clients the user may see."""

from datetime import date

import pytest
from django.http import Http404

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients.tests.builders import build_client, numbered_hetu, unemployed_since
from osmari.core.tests.builders import TODAY
from osmari.screening.selectors import WorklistFilter, decision_get_for_user, worklist_for_user
from osmari.screening.tests.builders import make_decision

pytestmark = pytest.mark.django_db


def _long_term_unemployed(coach, area, numbers):
    clients = []
    for n in numbers:
        client = build_client(
            actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Asiakas{n}", coach=coach
        )
        unemployed_since(actor=coach, client=client, start=date(2025, 1, 1))
        clients.append(client)
    return clients


def _worklist(user) -> list[tuple[str, str, str]]:
    """What the worklist shows of each row: the person, their municipality and coach."""
    return [
        (client.last_name, client.municipality.name_fi, client.coach.full_name)
        for client in worklist_for_user(user=user, today=TODAY, filters=WorklistFilter())
    ]


def test_the_worklist_reads_twenty_people_in_the_queries_of_two(
    coach, area, django_assert_max_num_queries, django_assert_num_queries
):
    _long_term_unemployed(coach, area, range(2))
    _worklist(coach)  # the coach's roles are read once and kept for the request
    # The ranking of everyone, then the people read by their keys.
    with django_assert_max_num_queries(2) as two:
        assert len(_worklist(coach)) == 2
    _long_term_unemployed(coach, area, range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(_worklist(coach)) == 20


def test_the_worklist_keeps_to_the_area_and_where_so_set_to_the_coach_s_own(
    coach, coach_other_area, manager, area
):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    _long_term_unemployed(coach, area, range(2))
    _long_term_unemployed(colleague, area, [2])
    assert _worklist(coach_other_area) == []
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    assert sorted(row[0] for row in _worklist(coach)) == ["Asiakas0", "Asiakas1"]
    assert [row[0] for row in _worklist(colleague)] == ["Asiakas2"]
    assert len(_worklist(manager)) == 3


def test_a_decision_opens_only_for_those_who_may_see_its_client(coach, coach_other_area, area):
    (client,) = _long_term_unemployed(coach, area, [0])
    decision = make_decision(coach, client)
    assert decision_get_for_user(user=coach, pk=decision.pk) == decision
    with pytest.raises(Http404):
        decision_get_for_user(user=coach_other_area, pk=decision.pk)
