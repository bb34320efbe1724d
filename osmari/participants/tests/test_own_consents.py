"""A participant sees each of their consents with the wording agreed to, and withdraws one
at once; the coach sees the withdrawal."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.participant_session import LINK
from osmari.clients.consents import consent_give
from osmari.clients.models import Consent
from osmari.core.models import AuditEvent
from osmari.participants.tests.sessions import signed_in

pytestmark = pytest.mark.django_db

CONSENTS = reverse("participants:consents")


@pytest.fixture
def feedback_consent(aino, coach):
    return consent_give(actor=coach, client=aino, purpose="feedback_contact")


def test_a_participant_sees_their_consent_with_its_wording_and_when(aino, feedback_consent):
    browser = signed_in(aino, LINK)
    page = browser.get(CONSENTS).content.decode()
    assert feedback_consent.text.text_fi in page
    # The day as the participant lives it: in Finland's time, not the stored UTC.
    assert timezone.localtime(feedback_consent.given_at).strftime("%-d.%-m.%Y") in page
    assert "Peru tämä suostumus" in page


def test_withdrawing_takes_effect_at_once_and_the_coach_sees_it(
    aino,
    coach,
    feedback_consent,
    login,
):
    browser = signed_in(aino, LINK)
    withdraw = reverse("participants:consent_withdraw", args=[feedback_consent.pk])

    # Only the button withdraws: opening the address does nothing.
    assert browser.get(withdraw).status_code == 405
    response = browser.post(withdraw, follow=True)

    feedback_consent.refresh_from_db()
    assert feedback_consent.withdrawn_at is not None and feedback_consent.withdrawn_by is None
    assert "Suostumuksesi on peruttu" in response.content.decode()
    event = AuditEvent.objects.get(action="consent.withdraw")
    assert event.person_ref == aino.person_ref
    assert event.changes["by"] == [None, "participant"]
    coach_page = login(coach).get(reverse("clients:detail", args=[aino.pk])).content.decode()
    assert "Peruttu" in coach_page


def test_another_participant_s_consent_cannot_be_withdrawn_nor_seen(
    aino,
    bertta,
    coach,
    feedback_consent,
):
    berttas = consent_give(actor=coach, client=bertta, purpose="follow_up")
    browser = signed_in(aino, LINK)

    response = browser.post(reverse("participants:consent_withdraw", args=[berttas.pk]))

    assert response.status_code == 404
    assert Consent.objects.get(pk=berttas.pk).withdrawn_at is None
    page = browser.get(CONSENTS).content.decode()
    # Aino may be offered the same wording to agree to, never Bertta's consent.
    assert f'id="consent-{berttas.pk}"' not in page
    assert reverse("participants:consent_withdraw", args=[berttas.pk]) not in page
