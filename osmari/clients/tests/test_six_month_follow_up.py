"""The six-month follow-up recorded from a call: one short form on the follow-up list, the
row leaves the list and the count with it, the result shows on the client page with where
it came from, and a result typed on the enrolment is the coach's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from osmari.accounts.tests.work_lists import assert_counts_agree, own_count
from osmari.clients import follow_ups, services
from osmari.clients.consents import consent_give, consent_withdraw
from osmari.clients.models import Enrolment
from osmari.clients.spells import add_months
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.core.models import AuditEvent

pytestmark = [pytest.mark.django_db]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def leaver(coach, area, n: int, *, months_ago: int = 7, consent: bool = True) -> Enrolment:
    today = timezone.localdate()
    client = build_client(
        actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Lahtija{n}", coach=coach
    )
    left = add_months(today, -months_ago)
    enrolment = Enrolment.objects.create(
        client=client,
        entered_on=left - timedelta(days=120),
        status_at_entry="unemployed",
        left_on=left,
        situation_on_leaving="job_searching",
    )
    if consent:
        consent_give(actor=coach, client=client, purpose="follow_up")
    return enrolment


def call(http, enrolment, **answers):
    data = {"employed_after_6_months": "yes", "improved_after_6_months": "yes", **answers}
    return http.post(
        reverse("clients:follow_up_call", args=[enrolment.client_id]), data, follow=True, **EN
    )


def test_a_call_recorded_from_the_list_leaves_it_and_shows_its_source(login, coach, manager, area):
    first, second = leaver(coach, area, 1), leaver(coach, area, 2)
    leaver(coach, area, 3, months_ago=5)  # not due yet
    assert assert_counts_agree(login, "follow_ups_due", coach, manager) == 2
    http = login(coach)
    page = http.get(reverse("clients:follow_ups_due"), **EN).content.decode()
    assert "Record the call" in page and "the person is in no extract" in page

    response = call(http, first, improved_after_6_months="unknown")
    assert response.status_code == 200
    assert "is recorded" in response.content.decode()
    first.refresh_from_db()
    assert (first.employed_after_6_months, first.improved_after_6_months) == ("yes", "unknown")
    assert first.follow_up_source == "call"
    assert first.follow_up_on == timezone.localdate()
    event = AuditEvent.objects.filter(action="enrolment.follow_up").get()
    assert event.person_ref == first.client.person_ref
    assert event.changes["follow_up_source"] == [None, "call"]
    # The log says the answer changed, never what it was: erasure must not leave it there.
    assert event.changes["employed_after_6_months"] == "changed"

    assert assert_counts_agree(login, "follow_ups_due", coach, manager) == 1
    assert own_count(coach, "follow_ups_due")[0] == 1
    assert second.client.last_name in http.get(reverse("clients:follow_ups_due")).content.decode()

    detail = http.get(reverse("clients:detail", args=[first.client_id]), **EN).content.decode()
    assert "Six-month follow-up" in detail and "Call recorded by the coach" in detail


def test_a_second_result_is_refused_and_the_first_stands(login, coach, area):
    enrolment = leaver(coach, area, 1)
    http = login(coach)
    call(http, enrolment, employed_after_6_months="no")
    response = call(http, enrolment, employed_after_6_months="yes")
    assert "already recorded" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.employed_after_6_months == "no"
    assert AuditEvent.objects.filter(action="enrolment.follow_up").count() == 1


def test_a_call_is_refused_without_the_consent_to_be_contacted(login, coach, area):
    enrolment = leaver(coach, area, 1)
    consent_withdraw(actor=coach, consent=enrolment.client.consents.get())
    response = call(login(coach), enrolment)
    assert "only while the person consents" in response.content.decode()
    enrolment.refresh_from_db()
    assert not follow_ups.has_result(enrolment)


def test_a_call_before_six_months_is_refused(coach, area):
    enrolment = leaver(coach, area, 1, months_ago=5)
    with translation.override("en"), pytest.raises(Exception, match="not due yet"):
        follow_ups.result_record(
            actor=coach,
            enrolment=enrolment,
            employed="yes",
            improved="yes",
            source="call",
            on=timezone.localdate(),
        )


def test_bad_answers_lose_nothing(login, coach, area):
    enrolment = leaver(coach, area, 1)
    response = call(login(coach), enrolment, employed_after_6_months="maybe")
    assert "Choose yes, no or unknown" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.follow_up_source == ""


def test_a_result_typed_on_the_enrolment_is_the_coachs_and_cleared_has_no_source(coach, area):
    enrolment = leaver(coach, area, 1)
    fields = {name: getattr(enrolment, name) for name in Enrolment.DATA_FIELDS}
    today = timezone.localdate()
    saved = services.enrolment_save(
        actor=coach,
        client=enrolment.client,
        **{**fields, "follow_up_on": today, "employed_after_6_months": "no"},
    )
    assert saved.follow_up_source == "call"
    cleared = services.enrolment_save(actor=coach, client=enrolment.client, **fields)
    assert cleared.follow_up_source == ""
