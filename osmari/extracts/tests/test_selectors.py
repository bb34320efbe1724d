"""Whose differences with the register a user sees, in the same queries for twenty people as
for two; extracts only of the areas where the user imports them."""

from datetime import date

import pytest
from django.http import Http404

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients.tests.builders import build_client, numbered_hetu, unemployed_since
from osmari.extracts import selectors
from osmari.extracts.tests.builders import import_rows

pytestmark = pytest.mark.django_db


def _typed(coach, area, numbers):
    """Clients whose unemployment was typed as starting a month before the register says."""
    for n in numbers:
        client = build_client(
            actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Asiakas{n}", coach=coach
        )
        unemployed_since(actor=coach, client=client, start=date(2025, 2, 1))


def _register(area, numbers, extracted_on=date(2026, 11, 1)):
    rows = [[numbered_hetu(n), "tyonhakija", "01", "1.3.2025", "", "", ""] for n in numbers]
    import_rows(rows, area=area, extracted_on=extracted_on)


def _reconcile(user) -> list[tuple[str, str, int]]:
    """What the reconciliation page shows of each person: the name, the coach and how many
    differences."""
    return [
        (item.client.last_name, item.client.coach.full_name, len(item.differences))
        for item in selectors.reconcile_list_for_user(user=user)
    ]


def test_the_differences_of_twenty_people_take_the_queries_of_two(
    coach, area, django_assert_max_num_queries, django_assert_num_queries
):
    _typed(coach, area, range(2))
    _register(area, range(2))
    _reconcile(coach)  # the coach's roles are read once and kept for the request
    with django_assert_max_num_queries(6) as two:
        assert len(_reconcile(coach)) == 2
    _typed(coach, area, range(2, 20))
    _register(area, range(20), extracted_on=date(2026, 11, 2))
    with django_assert_num_queries(len(two)):
        assert len(_reconcile(coach)) == 20


def test_the_differences_keep_to_the_area_and_where_so_set_to_the_coach_s_own(
    coach, coach_other_area, manager, area
):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    _typed(coach, area, range(2))
    _typed(colleague, area, [2])
    _register(area, range(3))
    assert _reconcile(coach_other_area) == []
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    assert [row[0] for row in _reconcile(coach)] == ["Asiakas0", "Asiakas1"]
    assert [row[0] for row in _reconcile(colleague)] == ["Asiakas2"]
    assert len(_reconcile(manager)) == 3
    with pytest.raises(Http404):
        selectors.client_differences_for_user(
            user=coach, pk=selectors.reconcile_list_for_user(user=colleague)[0].client.pk
        )


def test_extracts_are_listed_for_those_who_import_them_in_their_own_area(
    manager, coach, area, other_area
):
    _register(area, range(2))
    _register(other_area, [2])
    assert [extract.area for extract in selectors.extracts_for_user(user=manager)] == [area]
    # A coach settles differences but does not import the files.
    assert list(selectors.extracts_for_user(user=coach)) == []
