"""The client record's lines of the coach's day: each count equals the rows of the list it
links to, for the coach and for the manager by coach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.accounts.tests.work_lists import assert_counts_agree, listed, own_count
from osmari.clients import services
from osmari.clients.consents import consent_give, consent_withdraw
from osmari.clients.models import Enrolment
from osmari.clients.spells import add_months
from osmari.clients.tests.builders import build_client, numbered_hetu

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def caseloads(area, coach):
    """The coach's and a colleague's clients, each with an enrolment and a plan step."""
    today = timezone.localdate()
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    people = {}
    for n, (name, owner) in enumerate(
        [("Oma1", coach), ("Oma2", coach), ("Oma3", coach), ("Muu1", colleague)]
    ):
        people[name] = build_client(
            actor=coach, area=area, hetu=numbered_hetu(n), last_name=name, coach=owner
        )
    long_ago = add_months(today, -7)
    # Start data not entered: Oma1; end data not entered: the colleague's Muu1.
    Enrolment.objects.create(
        client=people["Oma1"], entered_on=long_ago, status_at_entry="unemployed"
    )
    Enrolment.objects.create(
        client=people["Muu1"],
        entered_on=long_ago - timedelta(days=30),
        status_at_entry="unemployed",
        left_on=long_ago,
        situation_on_leaving="employed",
        eura_entry="yes",
        eura_exit="no",
    )
    # Left seven months ago, followed up: not due. Left two months ago: not yet due.
    Enrolment.objects.create(
        client=people["Oma2"],
        entered_on=long_ago - timedelta(days=30),
        status_at_entry="unemployed",
        eura_entry="yes",
        left_on=long_ago,
        situation_on_leaving="employed",
        eura_exit="yes",
        follow_up_on=today - timedelta(days=3),
    )
    Enrolment.objects.create(
        client=people["Oma3"],
        entered_on=long_ago,
        status_at_entry="unemployed",
        eura_entry="yes",
        left_on=today - timedelta(days=60),
        situation_on_leaving="employed",
        eura_exit="yes",
    )
    for name, due, done in [
        ("Oma1", today - timedelta(days=1), None),
        ("Oma2", today - timedelta(days=10), today - timedelta(days=2)),
        ("Oma3", today, None),
        ("Muu1", today - timedelta(days=20), None),
    ]:
        step = services.plan_step_add(
            actor=coach, client=people[name], kind="employment", text="CV", owner="x", due_on=due
        )
        if done:
            step.done_on = done
            step.save()
    return people


def test_esf_data_to_enter_links_to_the_coachs_own_clients_only(login, coach, manager, caseloads):
    assert assert_counts_agree(login, "esf_data_to_enter", coach, manager) == 1
    count, url = own_count(coach, "esf_data_to_enter")
    # The colleague's client is missing data too, but not on this coach's list.
    assert "coach=" in url
    assert listed(login(coach), url.split("?")[0]) == 1 + count


def test_six_month_follow_ups_due_are_those_left_half_a_year_ago_not_followed_up(
    login, coach, manager, caseloads
):
    assert assert_counts_agree(login, "follow_ups_due", coach, manager) == 0
    # The colleague's participant left seven months ago and is not followed up: due once
    # they have agreed to be contacted, and no longer once they withdraw.
    colleague = caseloads["Muu1"].coach
    assert own_count(colleague, "follow_ups_due")[0] == 0
    consent = consent_give(actor=colleague, client=caseloads["Muu1"], purpose="follow_up")
    assert own_count(colleague, "follow_ups_due")[0] == 1
    assert assert_counts_agree(login, "follow_ups_due", colleague, manager) == 1
    consent_withdraw(actor=colleague, consent=consent)
    assert own_count(colleague, "follow_ups_due")[0] == 0


def test_people_with_an_overdue_plan_step(login, coach, manager, caseloads):
    # Oma1's step was due yesterday; Oma2's is done and Oma3's is due today.
    assert assert_counts_agree(login, "overdue_plan_steps", coach, manager) == 1
    _count, url = own_count(coach, "overdue_plan_steps")
    rows = login(coach).get(url).context["page"].object_list
    assert [c.last_name for c in rows] == ["Oma1"]
