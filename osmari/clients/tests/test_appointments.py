"""Coaching appointments: a coach books one ahead with a client and cancels it; the client's
page lists the coming ones; nothing of it reaches another area."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from osmari.clients.appointments import appointment_book, appointment_cancel
from osmari.clients.models import Appointment
from osmari.clients.tests.builders import build_client
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(coach, area):
    return build_client(actor=coach, area=area, coach=coach, last_name="Tapaaja")


def _book(coach, client, *, days: int = 7, **fields) -> Appointment:
    now = timezone.now()
    values = {"minutes": 60, "way": "in_person", "place": "Toimisto, Maaherrankatu 1"}
    values.update(fields)
    return appointment_book(
        actor=coach, client=client, starts_at=now + timedelta(days=days), now=now, **values
    )


def _form(days: int = 7, **fields) -> dict:
    day = timezone.localdate() + timedelta(days=days)
    data = {
        "day": day.isoformat(),
        "time": "13:30",
        "minutes": "45",
        "way": "video",
        "place": "https://meet.example.fi/abc",
        "note_for_client": "Ota mukaan CV.",
    }
    data.update(fields)
    return data


def finnish(message: str) -> str:
    # The message as a Finnish user reads it (the msgid until the catalogue has it).
    with translation.override("fi"):
        return translation.gettext(message)


# ---------------------------------------------------------------- services


def test_it_books_an_appointment_and_audits_it(coach, person):
    appointment = _book(coach, person, note_for_client="  Ota mukaan CV.  ")

    assert appointment.area == person.area
    assert appointment.coach == coach
    assert appointment.note_for_client == "Ota mukaan CV."
    event = AuditEvent.objects.get(action="appointment.book")
    assert event.actor == coach
    assert event.person_ref == person.person_ref
    assert event.changes["way"] == [None, "in_person"]
    # The free texts stay in the record, not in the log.
    assert "place" not in event.changes
    assert "note_for_client" not in event.changes


def test_it_refuses_a_time_in_the_past_on_its_field(coach, person):
    with pytest.raises(ValidationError) as refused:
        _book(coach, person, days=-1)
    assert "starts_at" in refused.value.message_dict
    assert not Appointment.objects.exists()
    assert not AuditEvent.objects.filter(action="appointment.book").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 481}, "minutes"),
        ({"way": "letter"}, "way"),
        ({"days": 400}, "starts_at"),
    ],
    ids=["no-minutes", "over-a-day", "unknown-way", "over-a-year-ahead"],
)
def test_it_names_each_broken_rule_on_its_field(coach, person, fields, field):
    with pytest.raises(ValidationError) as refused:
        _book(coach, person, **fields)
    assert list(refused.value.message_dict) == [field]


def test_only_a_coach_who_may_edit_the_client_books_or_cancels(
    coach, person, coach_other_area, manager
):
    appointment = _book(coach, person)
    for outsider in (coach_other_area, manager):
        with pytest.raises(PermissionDenied):
            _book(outsider, person)
        with pytest.raises(PermissionDenied):
            appointment_cancel(actor=outsider, appointment=appointment, now=timezone.now())
    assert Appointment.objects.count() == 1
    assert Appointment.objects.get().cancelled_at is None


def test_it_cancels_once_and_audits_it(coach, person):
    appointment = _book(coach, person)

    cancelled = appointment_cancel(actor=coach, appointment=appointment, now=timezone.now())
    # A second press of the button changes nothing.
    appointment_cancel(actor=coach, appointment=appointment, now=timezone.now())

    assert cancelled.cancelled_at is not None
    event = AuditEvent.objects.get(action="appointment.cancel")
    assert event.person_ref == person.person_ref
    assert event.object_id == str(appointment.pk)


def test_an_appointment_that_has_begun_is_not_cancelled(coach, person):
    appointment = _book(coach, person, days=1)
    with pytest.raises(ValidationError):
        appointment_cancel(
            actor=coach, appointment=appointment, now=timezone.now() + timedelta(days=2)
        )
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None


# ---------------------------------------------------------------- pages


def test_a_coach_books_from_the_client_page_and_sees_it_listed(login, coach, person):
    http = login(coach)
    page = http.get(reverse("clients:detail", args=[person.pk])).content.decode()
    assert reverse("clients:appointment_book", args=[person.pk]) in page

    response = http.post(reverse("clients:appointment_book", args=[person.pk]), _form())

    assert response.status_code == 302
    assert response["Location"].endswith("#appointments")
    appointment = Appointment.objects.get(client=person)
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == "13:30"
    assert appointment.way == "video"
    page = http.get(response["Location"]).content.decode()
    assert "https://meet.example.fi/abc" in page
    assert "Ota mukaan CV." in page
    assert reverse("clients:appointment_cancel", args=[person.pk, appointment.pk]) in page


def test_a_past_time_comes_back_with_the_message_and_what_was_typed(login, coach, person):
    response = login(coach).post(
        reverse("clients:appointment_book", args=[person.pk]), _form(days=-2)
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "error-summary" in page
    message = finnish(
        "The time has already passed. Book an appointment for a later time; record work "
        "already done as an activity."
    )
    assert message in page
    # Nothing typed is lost.
    assert "https://meet.example.fi/abc" in page
    assert "Ota mukaan CV." in page
    assert not Appointment.objects.exists()


def test_bad_fields_come_back_with_an_error_summary(login, coach, person):
    response = login(coach).post(
        reverse("clients:appointment_book", args=[person.pk]),
        _form(day="31.2.2027", time="25:99", minutes="x", way="letter"),
    )
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_coach_cancels_from_the_client_page(login, coach, person):
    appointment = _book(coach, person)
    http = login(coach)

    response = http.post(reverse("clients:appointment_cancel", args=[person.pk, appointment.pk]))

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None
    page = http.get(reverse("clients:detail", args=[person.pk])).content.decode()
    assert "Toimisto, Maaherrankatu 1" not in page
    assert AuditEvent.objects.filter(action="appointment.cancel").count() == 1


def test_another_areas_coach_gets_404(login, coach, person, coach_other_area):
    appointment = _book(coach, person)
    http = login(coach_other_area)

    book = http.post(reverse("clients:appointment_book", args=[person.pk]), _form())
    cancel = http.post(reverse("clients:appointment_cancel", args=[person.pk, appointment.pk]))

    assert book.status_code == 404
    assert cancel.status_code == 404
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None
    assert Appointment.objects.count() == 1


def test_an_appointment_of_another_client_is_not_cancelled_through_this_one(
    login, coach, person, area
):
    other = build_client(actor=coach, area=area, coach=coach, hetu="010101A123N")
    appointment = _book(coach, other)

    response = login(coach).post(
        reverse("clients:appointment_cancel", args=[person.pk, appointment.pk])
    )

    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None


def test_past_and_cancelled_appointments_are_not_listed(login, coach, person):
    _book(coach, person, place="Tuleva paikka")
    gone = _book(coach, person, place="Peruttu paikka")
    appointment_cancel(actor=coach, appointment=gone, now=timezone.now())
    past = _book(coach, person, days=1, place="Mennyt paikka")
    Appointment.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(days=1))

    page = login(coach).get(reverse("clients:detail", args=[person.pk])).content.decode()

    assert "Tuleva paikka" in page
    assert "Peruttu paikka" not in page
    assert "Mennyt paikka" not in page
