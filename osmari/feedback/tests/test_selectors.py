"""Whose follow-ups a coach sees, and feedback read in the same queries for twenty rows as
for two."""

from datetime import date

import pytest
from django.http import Http404

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.employers.tests.builders import make_organisation, make_position, numbered_business_id
from osmari.feedback import selectors
from osmari.feedback.models import Survey
from osmari.feedback.tests.builders import make_follow_up, make_invitation, make_response
from osmari.placements.tests.builders import period_record

pytestmark = pytest.mark.django_db


def _follow_ups(coach, area, position, numbers):
    tasks = []
    for n in numbers:
        client = build_client(
            actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Asiakas{n}", coach=coach
        )
        tasks.append(
            make_follow_up(period_record(client, position, date(2026, 9, 1), date(2026, 12, 31)))
        )
    return tasks


def _open(user) -> list[tuple[str, str]]:
    """What the follow-up list shows of each task: the person and where their period is."""
    return [
        (task.client.last_name, task.placement.organisation.name)
        for task in selectors.follow_ups_for_user(user=user)
    ]


def test_the_follow_ups_of_twenty_people_take_the_queries_of_two(
    coach, area, organisation, django_assert_max_num_queries, django_assert_num_queries
):
    position = make_position(organisation, coach, capacity=20)
    _follow_ups(coach, area, position, range(2))
    _open(coach)  # the coach's roles are read once and kept for the request
    with django_assert_max_num_queries(1) as two:
        assert len(_open(coach)) == 2
    _follow_ups(coach, area, position, range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(_open(coach)) == 20


def test_follow_ups_keep_to_the_area_and_where_so_set_to_the_coach_s_own(
    coach, coach_other_area, area, organisation
):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    position = make_position(organisation, coach, capacity=3)
    _follow_ups(coach, area, position, range(2))
    (theirs,) = _follow_ups(colleague, area, position, [2])
    assert _open(coach_other_area) == []
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    assert sorted(row[0] for row in _open(coach)) == ["Asiakas0", "Asiakas1"]
    assert [row[0] for row in _open(colleague)] == ["Asiakas2"]
    with pytest.raises(Http404):
        selectors.follow_up_get_for_user(user=coach, pk=theirs.pk)


def test_an_invitation_opens_only_for_those_who_may_act_for_its_person(
    coach, coach_other_area, area, organisation
):
    position = make_position(organisation, coach)
    client = build_client(actor=coach, area=area, hetu=numbered_hetu(0), coach=coach)
    placement = period_record(client, position, date(2026, 9, 1), date(2026, 12, 31))
    invitation = make_invitation(area, "participant_middle", placement=placement)
    assert selectors.invitation_get_for_user(user=coach, pk=invitation.pk) == invitation
    with pytest.raises(Http404):
        selectors.invitation_get_for_user(user=coach_other_area, pk=invitation.pk)


def _answered_by(area, numbers):
    for n in numbers:
        organisation = make_organisation(area, f"Yritys {n:02}", numbered_business_id(n))
        for _ in range(5):
            make_response(area, organisation, on=date(2026, 5, 5), answers={"wellbeing": 4})


def test_the_results_of_twenty_organisations_take_the_queries_of_two(
    area, django_assert_max_num_queries, django_assert_num_queries
):
    survey = Survey.objects.get(key="participant_end")

    def table():
        return selectors.results_table(
            area=area, survey=survey, dimension="organisation", year=2026
        )

    _answered_by(area, range(2))
    with django_assert_max_num_queries(5) as two:
        assert len(table().rows) == 2
    _answered_by(area, range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(table().rows) == 20


def test_each_group_all_groups_and_each_quarter_show_the_mean_of_their_answers(area):
    survey = Survey.objects.get(key="participant_end")
    first = make_organisation(area, "Ensimmäinen Oy", numbered_business_id(1))
    second = make_organisation(area, "Toinen Oy", numbered_business_id(2))
    for wellbeing in (4, 5, 5, 2, 4):
        make_response(area, first, on=date(2026, 2, 2), answers={"wellbeing": wellbeing})
    for wellbeing in (1, 2, 3, 3, 3, 3):
        make_response(area, second, on=date(2026, 5, 5), answers={"wellbeing": wellbeing})
    # An answer of another year counts in its own year only.
    for _ in range(5):
        make_response(area, second, on=date(2025, 12, 31), answers={"wellbeing": 5})

    table = selectors.results_table(area=area, survey=survey, dimension="organisation", year=2026)

    means = {row.label: row.means["wellbeing"] for row in table.rows}
    assert means == {"Ensimmäinen Oy": 4.0, "Toinen Oy": 2.5}
    # Over all 11 answers, not the mean of the two groups' means (3.25).
    assert table.total.means["wellbeing"] == pytest.approx(35 / 11)
    trend = {
        (p.year, p.quarter): p.mean
        for p in selectors.trend(
            area=area, survey=survey, question_key="wellbeing", years=[2025, 2026]
        )
        if p.n
    }
    assert trend == {(2025, 4): 5.0, (2026, 1): 4.0, (2026, 2): 2.5}
