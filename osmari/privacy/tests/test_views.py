"""The download from the client page, the command, and corrections at the person's request."""

from __future__ import annotations

import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from osmari.clients.models import Client, JournalEntry
from osmari.core.models import AuditEvent
from osmari.privacy.tests.builders import person_with_everything

pytestmark = [pytest.mark.django_db]

FROZEN = "2026-12-15 10:00 +0200"


@pytest.fixture
def person(area, coach, organisation):
    with time_machine.travel(FROZEN, tick=False):
        return person_with_everything(area=area, coach=coach, organisation=organisation)


def _url(person: Client, fmt: str = "json") -> str:
    return reverse("privacy:person_export", args=[person.pk, fmt])


def test_anonymous_is_sent_to_log_in(login, person):
    response = login(None).get(_url(person))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["coach", "manager"])
def test_the_coach_and_the_manager_download_everything_as_json(request, login, person, persona):
    user = request.getfixturevalue(persona)
    response = login(user).get(_url(person))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="osmari-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["sections"]["person"]["records"][0]["values"]["last_name"] == "Asiakas"
    # The read names the person and why; the file is a disclosure to the user who took it.
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"])
    read = events.get(action="client.view_export")
    assert (read.actor, read.person_ref) == (user, person.person_ref)
    assert "GDPR art. 15" in read.reason
    disclosure = events.get(action="person.export")
    assert disclosure.recipient == f"user:{user.pk}"
    assert disclosure.changes == {"format": [None, "json"]}


def test_the_pdf_is_a_pdf(login, coach, person):
    response = login(coach).get(_url(person, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["org_contact", "analyst", "admin", "no_role_user"])
def test_those_who_may_not_see_the_person_are_refused(request, login, person, persona):
    response = login(request.getfixturevalue(persona)).get(_url(person))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="person.export").exists()


def test_a_coach_of_another_area_gets_not_found(login, coach_other_area, person):
    assert login(coach_other_area).get(_url(person)).status_code == 404


def test_a_format_other_than_json_or_pdf_is_not_found(login, coach, person):
    assert login(coach).get(_url(person, "xlsx")).status_code == 404
    assert not AuditEvent.objects.filter(action="person.export").exists()


@pytest.mark.parametrize(("persona", "shown"), [("coach", True), ("manager", True)])
def test_the_client_page_offers_the_download(request, login, person, persona, shown):
    page = login(request.getfixturevalue(persona)).get(reverse("clients:detail", args=[person.pk]))
    assert (_url(person, "pdf") in page.content.decode()) is shown
    assert (_url(person, "json") in page.content.decode()) is shown


# ---------------------------------------------------------------------------- the command


def test_the_command_writes_json_to_standard_output_and_logs_it(person):
    out = io.StringIO()
    call_command("export_person", str(person.pk), stdout=out)
    data = json.loads(out.getvalue())
    assert data["person_ref"] == person.person_ref
    assert data["language"] == "fi"
    disclosure = AuditEvent.objects.get(action="person.export")
    assert disclosure.actor is None
    assert disclosure.recipient == person.person_ref


def test_the_command_writes_a_pdf_in_the_language_asked_for(person, tmp_path):
    target = tmp_path / "export.pdf"
    call_command(
        "export_person",
        str(person.pk),
        "--format",
        "pdf",
        "--output",
        str(target),
        "--language",
        "sv",
        stderr=io.StringIO(),
    )
    assert target.read_bytes().startswith(b"%PDF")


def test_the_command_writes_a_pdf_to_standard_output(person):
    out = io.BytesIO()
    call_command("export_person", str(person.pk), "--format", "pdf", stdout=out)
    assert out.getvalue().startswith(b"%PDF")


def test_the_command_refuses_an_unknown_id(person):
    with pytest.raises(CommandError, match="No client with the id 999999"):
        call_command("export_person", "999999", stdout=io.StringIO())
    assert not AuditEvent.objects.filter(action="person.export").exists()


# --------------------------------------------------------------- correction at the request


def _edit_data(client: Client, **changes) -> dict:
    data = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "gender": client.gender,
        "email": client.email,
        "phone": client.phone,
        "preferred_language": client.preferred_language,
        "street_address": client.street_address,
        "municipality": client.municipality_id,
        "education_level": "",
        "registered_jobseeker": "on",
        "coach": client.coach_id,
        "postcode": "",
        "languages": "",
    }
    data.update(changes)
    return data


def test_a_correction_at_the_persons_request_is_recorded_and_exported(login, coach, person):
    url = reverse("clients:edit", args=[person.pk])
    response = login(coach).post(
        url,
        _edit_data(
            person,
            last_name="Asiakas-Korjattu",
            preferred_language="sv",
            rectification="on",
            rectification_request="Henkilö itse, puhelimitse",
        ),
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="client.rectify")
    # The log names the fields; a name's values stay out of it, a language's are kept.
    assert event.changes["last_name"] == "changed"
    assert event.changes["preferred_language"] == ["fi", "sv"]
    note = JournalEntry.objects.get(pk=event.changes["journal_entry"][1])
    assert "Henkilö itse, puhelimitse" in note.text
    assert not AuditEvent.objects.filter(action="client.update").exists()
    data = json.loads(login(coach).get(_url(person)).content)
    # Written in the language the person now asked for.
    assert data["language"] == "sv"
    (rectification,) = data["rectifications"]
    assert rectification["requested"] == note.text
    fields = {f["name"]: f for f in rectification["fields"]}
    assert fields["last_name"]["old"] is None
    assert (fields["preferred_language"]["old"], fields["preferred_language"]["new"]) == (
        "fi",
        "sv",
    )
    assert rectification["role"] == "Arbetscoach"


def test_a_correction_says_who_asked_and_how(login, coach, person):
    url = reverse("clients:edit", args=[person.pk])
    response = login(coach).post(url, _edit_data(person, last_name="Korjattu", rectification="on"))
    assert response.status_code == 422
    assert "rectification_request" in response.context["form"].errors
    person.refresh_from_db()
    assert person.last_name == "Asiakas"
    assert not AuditEvent.objects.filter(action__in=["client.rectify", "client.update"]).exists()


def test_an_ordinary_change_is_not_a_correction(login, coach, person):
    url = reverse("clients:edit", args=[person.pk])
    login(coach).post(url, _edit_data(person, phone="0401234567"))
    assert AuditEvent.objects.filter(action="client.update").exists()
    assert not AuditEvent.objects.filter(action="client.rectify").exists()


def test_a_new_client_form_offers_no_correction(login, coach):
    page = login(coach).get(reverse("clients:create"))
    assert "rectification" not in page.content.decode()
