"""A participant sees their own coming appointments on their start page: when, how, where,
with whom and what to bring; not a cancelled or past one, and never another client's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.clients.appointments import appointment_book, appointment_cancel
from osmari.clients.models import Appointment
from osmari.participants import selectors
from osmari.participants.tests.sessions import signed_in

pytestmark = pytest.mark.django_db

START = reverse("participants:start")


def _book(coach, client, days: int, place: str, note: str = "") -> Appointment:
    now = timezone.now()
    return appointment_book(
        actor=coach,
        client=client,
        starts_at=now + timedelta(days=days),
        minutes=45,
        way="in_person",
        place=place,
        note_for_client=note,
        now=now,
    )


@pytest.fixture
def coach_named(coach):
    coach.full_name = "Kaija Valmentaja"
    coach.save(update_fields=["full_name"])
    return coach


def test_aino_sees_her_coming_appointment(aino, coach_named):
    _book(coach_named, aino, 3, "Työllisyyspalvelut, Maaherrankatu 1", "Ota mukaan CV.")

    page = signed_in(aino).get(START).content.decode()

    assert "Työllisyyspalvelut, Maaherrankatu 1" in page
    assert "Ota mukaan CV." in page
    assert "Kaija Valmentaja" in page
    # The section comes right before the periods.
    assert page.index('id="appointments-title"') < page.index('id="periods-title"')


def test_a_cancelled_or_past_appointment_is_not_shown(aino, coach):
    cancelled = _book(coach, aino, 3, "Peruttu paikka")
    appointment_cancel(actor=coach, appointment=cancelled, now=timezone.now())
    past = _book(coach, aino, 1, "Mennyt paikka")
    Appointment.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(hours=2))

    page = signed_in(aino).get(START).content.decode()

    assert "Peruttu paikka" not in page
    assert "Mennyt paikka" not in page


def test_bertta_s_appointment_is_not_on_ainos_page(aino, bertta, coach):
    _book(coach, bertta, 2, "Bertan paikka", "Bertan muistettava")

    page = signed_in(aino).get(START).content.decode()

    assert "Bertan paikka" not in page
    assert "Bertan muistettava" not in page
    assert "Bertan paikka" in signed_in(bertta).get(START).content.decode()


def test_the_soonest_comes_first(aino, coach):
    later = _book(coach, aino, 10, "Myöhemmin")
    sooner = _book(coach, aino, 2, "Pian")
    gone = _book(coach, aino, 1, "Peruttu")
    appointment_cancel(actor=coach, appointment=gone, now=timezone.now())

    assert list(selectors.own_appointments(aino, timezone.now())) == [sooner, later]
