"""Places read for matching in the same statements for twenty as for two; who is waiting, as
each user may see them. (People's rows: test_cases.py.)"""

from datetime import date

import pytest
from django.db import connection
from django.http import Http404

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker, numbered_hetu
from osmari.core.models import Skill
from osmari.core.tests.builders import TODAY
from osmari.employers.models import Position
from osmari.employers.tests.builders import make_position
from osmari.matching import selectors
from osmari.placements.tests.builders import period_record

pytestmark = pytest.mark.django_db


def _places(organisation, coach, numbers, **fields):
    return [
        make_position(organisation, coach, title=f"Paikka {n}", demands=["standing"], **fields)
        for n in numbers
    ]


def _rows(area):
    return selectors.position_rows(selectors.open_positions(today=TODAY, area=area))


def test_twenty_places_are_read_in_the_statements_of_two(
    coach, area, organisation, django_assert_max_num_queries, django_assert_num_queries
):
    """Not only as many queries: the same statements, so that an area's hundreds of places
    are not sent to the database as a list of their keys in every query."""
    make_active_agreement(organisation, coach)
    forklift = Skill.objects.create(
        esco_uri="http://data.europa.eu/esco/skill/test-forklift",
        label_fi="trukin käyttö",
        label_sv="truckkörning",
        label_en="operating a forklift",
    )
    _places(organisation, coach, range(2), skills=[forklift])
    with django_assert_max_num_queries(5) as two:
        rows = _rows(area)
    assert [row.profile.demands for row in rows] == [frozenset({"standing"})] * 2
    assert [row.profile.skill_labels for row in rows] == [{forklift.esco_uri: "trukin käyttö"}] * 2
    _places(organisation, coach, range(2, 20), skills=[forklift])
    with django_assert_num_queries(len(two)) as twenty:
        rows = _rows(area)
    assert len(rows) == 20
    assert all(row.profile.active_agreement and row.profile.free_places == 1 for row in rows)
    assert all(row.profile.skills == {forklift.esco_uri} for row in rows)
    assert [q["sql"] for q in twenty.captured_queries] == [q["sql"] for q in two.captured_queries]


# After the places themselves, after their demands, after their adjustments.
@pytest.mark.parametrize("paused_after", [1, 2, 3])
def test_a_place_paused_while_the_places_are_read_is_left_out_not_read_without_demands(
    coach, area, organisation, paused_after
):
    """The places, their demands, adjustments and skills are read in separate statements:
    a place paused in between must not be scored as if it demanded nothing of a person's
    health, nor as if it made no adjustment."""
    make_active_agreement(organisation, coach)
    kept, paused = _places(organisation, coach, range(2))
    statements = []

    def pause_after_the_first(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        statements.append(sql)
        if len(statements) == paused_after:
            Position.objects.filter(pk=paused.pk).update(is_paused=True)
        return result

    with connection.execute_wrapper(pause_after_the_first):
        rows = _rows(area)
    assert [(row.profile.id, row.profile.demands) for row in rows] == [
        (kept.pk, frozenset({"standing"}))
    ]


def test_a_taken_place_is_read_as_full_and_another_area_s_places_not_at_all(
    coach, coach_other_area, area, other_area, organisation
):
    (place,) = _places(organisation, coach, [0])
    period_record(make_jobseeker(coach, area), place, date(2026, 11, 1), date(2027, 1, 31))
    assert [row.profile.free_places for row in _rows(area)] == [0]
    assert _rows(other_area) == []


def _waiting(user, area) -> list[str]:
    return [
        client.personal_identity_code
        for client in selectors.waiting_clients_for_user(user=user, area=area, today=TODAY)
    ]


def test_the_waiting_keep_to_the_coach_s_own_where_the_area_says_so(coach, manager, area):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    own = [make_jobseeker(coach, area, code=numbered_hetu(n)) for n in range(2)]
    theirs = make_jobseeker(colleague, area, code=numbered_hetu(2))
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    assert sorted(_waiting(coach, area)) == sorted(c.personal_identity_code for c in own)
    assert _waiting(colleague, area) == [theirs.personal_identity_code]
    assert len(_waiting(manager, area)) == 3


def test_someone_with_a_running_period_is_not_waiting(coach, area, organisation):
    (place,) = _places(organisation, coach, [0])
    busy, free = (make_jobseeker(coach, area, code=numbered_hetu(n)) for n in range(2))
    period_record(busy, place, date(2026, 11, 1), date(2027, 1, 31))
    assert _waiting(coach, area) == [free.personal_identity_code]


def test_a_place_opens_for_its_organisation_s_contact_and_the_area_s_staff_only(
    coach, org_contact, other_org_contact, coach_other_area, organisation
):
    (place,) = _places(organisation, coach, [0])
    for user in (coach, org_contact):
        assert selectors.position_get_for_user(user=user, pk=place.pk) == place
    for user in (other_org_contact, coach_other_area):
        with pytest.raises(Http404):
            selectors.position_get_for_user(user=user, pk=place.pk)
