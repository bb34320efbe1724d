"""Three-way reviews due: the count on the start page, the list behind it and one period's
page say the same, day by day over a period, in either database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.accounts.tests.work_lists import assert_counts_agree
from osmari.clients.tests.builders import make_jobseeker, numbered_hetu
from osmari.employers.tests.builders import make_position
from osmari.placements.models import Placement, Review
from osmari.placements.selectors import reviews_due, with_reviews_due
from osmari.placements.tests.builders import period_record

pytestmark = [pytest.mark.django_db]


def _review(placement, stage, on):
    Review.objects.create(
        placement=placement, stage=stage, held_on=on, recorded_by=placement.client.coach
    )


@pytest.fixture
def periods(area, coach, organisation):
    """Running periods of odd and even length, with some of their reviews held."""
    today = timezone.localdate()
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    made = []
    for n, (owner, start, days, held) in enumerate(
        [
            (coach, -10, 20, ["start"]),  # middle day is today: due
            (coach, -9, 19, ["start"]),  # odd length, middle day is today: due
            (coach, -8, 20, ["start"]),  # middle day in two days: nothing due yet
            (coach, -3, 30, []),  # the start review is due
            (coach, -30, 30, ["start", "middle"]),  # the last day is today: end due
            (coach, -40, 60, ["start", "middle", "end"]),  # all held
            (colleague, -5, 30, []),
        ]
    ):
        client = make_jobseeker(owner, area, code=numbered_hetu(n))
        place = make_position(organisation, coach, title=f"Paikka {n}")
        period = period_record(
            client, place, today + timedelta(days=start), today + timedelta(days=start + days)
        )
        for stage in held:
            _review(period, stage, period.start_on)
        made.append(period)
    period_record(
        make_jobseeker(coach, area, code=numbered_hetu(20)),
        make_position(organisation, coach, title="Tuleva"),
        today + timedelta(days=3),
        today + timedelta(days=40),
        status="planned",
    )
    return made


def test_the_database_says_what_the_periods_page_says_on_every_day(periods):
    today = timezone.localdate()
    for offset in range(-12, 45):
        day = today + timedelta(days=offset)
        found = set(with_reviews_due(Placement.objects.all(), day).values_list("pk", flat=True))
        expected = {
            p.pk
            for p in Placement.objects.filter(status="active", start_on__lte=day)
            if reviews_due(p, day)
        }
        # A period is active only once started: the database is asked about those days only.
        found &= set(Placement.objects.filter(start_on__lte=day).values_list("pk", flat=True))
        assert found == expected, day


def test_reviews_due_count_and_list_agree(login, coach, manager, periods):
    assert assert_counts_agree(login, "reviews_due", coach, manager) == 4
