"""The person answers their own six-month follow-up: the coach e-mails a link from the
follow-up list, the person answers two questions once, in their language, and the answer
becomes the enrolment's result marked as theirs. The link expires, and a consent withdrawn
meanwhile refuses the answer with a clear message."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from osmari.clients.consents import consent_give, consent_withdraw
from osmari.clients.models import Enrolment
from osmari.clients.spells import add_months
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.core.models import AuditEvent
from osmari.feedback.models import FollowUpLink

pytestmark = [pytest.mark.django_db]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def enrolment(coach, area):
    client = build_client(
        actor=coach,
        area=area,
        hetu=numbered_hetu(1),
        coach=coach,
        email="lahtija@example.org",
        preferred_language="sv",
    )
    consent_give(actor=coach, client=client, purpose="follow_up")
    left = add_months(timezone.localdate(), -7)
    return Enrolment.objects.create(
        client=client,
        entered_on=left - timedelta(days=90),
        status_at_entry="unemployed",
        left_on=left,
        situation_on_leaving="job_searching",
    )


@pytest.fixture
def token(login, coach, enrolment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coach).post(
            reverse("feedback:six_month_send", args=[enrolment.client_id]), follow=True, **EN
        )
    assert "was sent" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["lahtija@example.org"]
    # The mail names nobody and tells nothing of the service beyond the question.
    assert enrolment.client.last_name not in message.body
    return re.search(r"/f6/([^/\s]+)/", message.body).group(1)


def answer(client, token, **data):
    url = reverse("feedback:six_month_answer", args=[token])
    return client.post(url, {"working": "yes", "better": "yes", **data}, **EN)


def test_the_person_answers_once_and_the_answer_is_theirs(client, token, enrolment):
    page = client.get(reverse("feedback:six_month_answer", args=[token]))
    assert page.status_code == 200
    # In the person's own language, and in the others on request, plain Finnish among them.
    assert "Arbetar du" in page.content.decode() or "working" in page.content.decode()
    plain = client.get(reverse("feedback:six_month_answer", args=[token]) + "?lang=fi_plain")
    assert "Oletko nyt töissä tai yrittäjä?" in plain.content.decode()

    response = answer(client, token, better="unknown", lang="en")
    assert response.status_code == 200
    assert "Your answer is saved" in response.content.decode()
    enrolment.refresh_from_db()
    assert (enrolment.employed_after_6_months, enrolment.improved_after_6_months) == (
        "yes",
        "unknown",
    )
    assert enrolment.follow_up_source == "person"
    assert AuditEvent.objects.filter(action="enrolment.follow_up", actor=None).count() == 1
    assert AuditEvent.objects.filter(action="enrolment.follow_up_link").get().recipient

    # Once: a second answer changes nothing.
    again = answer(client, token, working="no", lang="en")
    assert again.status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.employed_after_6_months == "yes"


def test_an_unanswered_question_is_asked_again_and_nothing_is_lost(client, token, enrolment):
    response = answer(client, token, working="", lang="en")
    assert response.status_code == 422
    assert "Please answer both questions" in response.content.decode()
    assert FollowUpLink.objects.get().answered_at is None


def test_an_expired_link_is_refused(client, token, enrolment):
    FollowUpLink.objects.update(expires_on=timezone.localdate() - timedelta(days=1))
    response = answer(client, token, lang="en")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.follow_up_source == ""


def test_a_withdrawn_consent_refuses_the_answer_with_a_clear_message(
    client, coach, token, enrolment
):
    consent_withdraw(actor=coach, consent=enrolment.client.consents.get())
    response = answer(client, token, lang="en")
    assert response.status_code == 410
    assert "You have withdrawn your consent" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.follow_up_source == ""


def test_a_newer_link_replaces_the_older_and_none_is_sent_without_consent(
    login, coach, token, enrolment, client
):
    http = login(coach)
    http.post(reverse("feedback:six_month_send", args=[enrolment.client_id]))
    assert answer(client, token, lang="en").status_code == 410
    consent_withdraw(actor=coach, consent=enrolment.client.consents.get())
    response = http.post(
        reverse("feedback:six_month_send", args=[enrolment.client_id]), follow=True, **EN
    )
    assert "only while the person consents" in response.content.decode()
    assert FollowUpLink.objects.count() == 2


def test_an_unknown_link_does_not_work(client):
    response = client.get(reverse("feedback:six_month_answer", args=["nothing-here"]), **EN)
    assert response.status_code == 404
