"""The project's longer-term result counts the six-month follow-up whatever its source: a
call the coach records moves EECR05 and EECR06 for the period the person left in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from osmari.clients import follow_ups
from osmari.clients.consents import consent_give
from osmari.clients.models import Enrolment
from osmari.clients.spells import add_months
from osmari.clients.tests.builders import build_client
from osmari.reporting import selectors

pytestmark = pytest.mark.django_db


def test_a_recorded_follow_up_moves_eecr05(coach, area):
    client = build_client(actor=coach, area=area, coach=coach, gender="female")
    consent_give(actor=coach, client=client, purpose="follow_up")
    left = add_months(timezone.localdate(), -7)
    enrolment = Enrolment.objects.create(
        client=client,
        entered_on=left - timedelta(days=60),
        status_at_entry="unemployed",
        left_on=left,
        situation_on_leaving="job_searching",
    )
    start, end = left - timedelta(days=1), left + timedelta(days=1)
    before = selectors.indicator_results(area=area, start=start, end=end)
    assert (before["EECR05"].population, before["EECR05"].total) == (0, 0)

    follow_ups.result_record(
        actor=coach,
        enrolment=enrolment,
        employed="yes",
        improved="no",
        source="call",
        on=timezone.localdate(),
    )
    after = selectors.indicator_results(area=area, start=start, end=end)
    assert (after["EECR05"].population, after["EECR05"].total, after["EECR05"].women) == (1, 1, 1)
    assert (after["EECR06"].population, after["EECR06"].total) == (1, 0)
