"""Which organisations a user sees, and lists that cost the same queries for twenty
organisations as for two."""

from datetime import date

import pytest
from django.http import Http404

from osmari.core.tests.builders import TODAY
from osmari.employers import selectors
from osmari.employers.tests.builders import make_organisation, numbered_business_id

pytestmark = pytest.mark.django_db


def _organisations(area, owner, numbers, **fields):
    return [
        make_organisation(area, f"Yritys {n:02}", numbered_business_id(n), owner=owner, **fields)
        for n in numbers
    ]


def _listed(user) -> list[tuple[str, str, str]]:
    """What the organisation list shows of each row: the name, the place and the owner."""
    return [
        (organisation.name, organisation.municipality.name_fi, organisation.owner.full_name)
        for organisation in selectors.organisation_list_for_user(user=user, search="Yritys")
    ]


def test_the_organisation_list_reads_twenty_in_the_queries_of_two(
    coach, area, django_assert_max_num_queries, django_assert_num_queries
):
    _organisations(area, coach, range(2))
    _listed(coach)  # the coach's roles are read once and kept for the request
    with django_assert_max_num_queries(1) as two:
        assert len(_listed(coach)) == 2
    _organisations(area, coach, range(2, 20))
    with django_assert_num_queries(len(two)):
        assert len(_listed(coach)) == 20


def test_staff_list_only_their_own_area_s_organisations(coach, coach_other_area, area, other_area):
    _organisations(area, coach, range(2))
    _organisations(other_area, coach_other_area, [2])
    assert [row[0] for row in _listed(coach)] == ["Yritys 00", "Yritys 01"]
    assert [row[0] for row in _listed(coach_other_area)] == ["Yritys 02"]


def _due(user) -> list[tuple[str, str]]:
    return [
        (organisation.name, organisation.owner.full_name)
        for organisation in selectors.contacts_due_for_user(user=user, today=TODAY)
    ]


def test_the_contacts_due_read_twenty_in_the_queries_of_two(
    coach, area, django_assert_max_num_queries, django_assert_num_queries
):
    overdue = {"next_contact_on": date(2026, 11, 1)}
    _organisations(area, coach, range(2), **overdue)
    _organisations(area, coach, [30], next_contact_on=date(2027, 1, 1))  # not yet due
    _due(coach)
    with django_assert_max_num_queries(1) as two:
        assert len(_due(coach)) == 2
    _organisations(area, coach, range(2, 20), **overdue)
    with django_assert_num_queries(len(two)):
        assert len(_due(coach)) == 20
    assert _due(coach)[0][0] == "Yritys 00"


def test_the_pipeline_candidates_take_one_query_however_many(
    coach, area, django_assert_max_num_queries, django_assert_num_queries
):
    _organisations(area, coach, range(2))
    selectors.pipeline_candidates_for_user(user=coach)
    with django_assert_max_num_queries(1) as two:
        found = selectors.pipeline_candidates_for_user(user=coach)
    assert sum(len(names) for names in found.values()) == 2
    _organisations(area, coach, range(2, 20))
    with django_assert_num_queries(len(two)):
        found = selectors.pipeline_candidates_for_user(user=coach, per_municipality=5)
    # At most five a municipality: every one of these is in the area's first.
    assert [len(names) for names in found.values()] == [5]


def test_a_contact_opens_their_own_organisation_and_no_other(
    org_contact, organisation, other_organisation
):
    assert selectors.organisation_get_for_user(user=org_contact, pk=organisation.pk) == (
        organisation
    )
    with pytest.raises(Http404):
        selectors.organisation_get_for_user(user=org_contact, pk=other_organisation.pk)


def test_another_area_s_coach_cannot_open_the_organisation(coach_other_area, organisation):
    with pytest.raises(Http404):
        selectors.organisation_get_for_user(user=coach_other_area, pk=organisation.pk)
