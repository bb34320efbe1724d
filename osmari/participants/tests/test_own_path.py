"""What a participant does on their own pages: agrees to a consent, marks a step done, tells
that an ESF+ form is filled in, reads their decisions, downloads their data and writes to
their coach; and what the coach then sees."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.participant_session import LINK, STRONG
from osmari.accounts.tests.work_lists import own_count
from osmari.clients.consents import consent_give, current_text
from osmari.clients.models import Consent, Enrolment, PlanStep
from osmari.core.models import AuditEvent
from osmari.participants.models import MessageToCoach
from osmari.participants.services import MESSAGE_MAX_LENGTH, MESSAGES_A_DAY
from osmari.participants.tests.sessions import signed_in
from osmari.screening.tests.builders import make_decision
from tests.test_hostile_input import HOSTILE

pytestmark = pytest.mark.django_db

START = reverse("participants:start")
CONSENTS = reverse("participants:consents")
GIVE = reverse("participants:consent_give")
ESF = reverse("participants:esf_forms")
DECISIONS = reverse("participants:decisions")
WRITE = reverse("participants:write")
MESSAGES = reverse("participant_messages:list")


def _download(fmt: str) -> str:
    return reverse("participants:my_data_download", args=[fmt])


# ---------------------------------------------------------------- consents


def test_a_participant_agrees_to_the_wording_they_were_shown(aino, coach, login):
    browser = signed_in(aino, STRONG)
    text = current_text(aino.area, "follow_up")
    page = browser.get(CONSENTS).content.decode()
    assert text.text_en in page or text.text_fi in page

    response = browser.post(GIVE, {"text": text.pk}, follow=True)

    consent = Consent.objects.get(client=aino, purpose="follow_up")
    assert consent.text == text
    assert consent.given_by is None
    assert consent.withdrawn_at is None
    assert "Kiitos. Suostumuksesi on tallennettu." in response.content.decode()
    event = AuditEvent.objects.get(action="consent.give", person_ref=aino.person_ref)
    assert event.actor is None
    assert event.changes["by"] == [None, "participant"]
    # Agreeing twice (a double tap) records one consent.
    browser.post(GIVE, {"text": text.pk})
    assert Consent.objects.filter(client=aino, purpose="follow_up").count() == 1
    coach_page = login(coach).get(reverse("clients:detail", args=[aino.pk])).content.decode()
    assert "henkilö itse omilla sivuillaan" in coach_page


def test_a_wording_that_is_not_the_current_one_records_nothing(aino, coach):
    browser = signed_in(aino, STRONG)
    old = current_text(aino.area, "follow_up")
    # A consent already held is not offered again, nor can its wording be posted.
    consent_give(actor=coach, client=aino, purpose="follow_up")

    response = browser.post(GIVE, {"text": old.pk}, follow=True)

    assert Consent.objects.filter(client=aino, purpose="follow_up").count() == 1
    assert "Suostumuksen teksti on muuttunut." in response.content.decode()
    for junk in ("", "x", "99999999"):
        browser.post(GIVE, {"text": junk})
    assert Consent.objects.filter(client=aino).count() == 1
    assert browser.get(GIVE).status_code == 405


def test_a_link_session_withdraws_but_gives_no_consent(aino, coach):
    """A link may have reached someone else's inbox: they must not agree for the person to
    let hosts see their profile."""
    browser = signed_in(aino, LINK)
    text = current_text(aino.area, "share_profile")
    page = browser.get(CONSENTS).content.decode()
    assert GIVE not in page
    assert "Jos haluat antaa suostumuksen, kirjaudu" in page

    response = browser.post(GIVE, {"text": text.pk})

    assert response.status_code == 403
    assert not Consent.objects.filter(client=aino).exists()


# ---------------------------------------------------------------- plan steps


def test_a_participant_marks_their_step_done_and_the_coach_is_told(aino, bertta, coach):
    step = PlanStep.objects.get(plan__client=aino)
    berttas = PlanStep.objects.create(
        plan=aino.plans.first().__class__.objects.create(client=bertta, kind="employment"),
        text="Bertan askel",
        owner="Bertta",
        due_on=date(2027, 1, 1),
    )
    browser = signed_in(aino, LINK)
    page = browser.get(START).content.decode()
    assert "Merkitse tehdyksi" in page
    assert "Bertan askel" not in page

    assert browser.get(reverse("participants:step_done", args=[step.pk])).status_code == 405
    step.refresh_from_db()
    assert step.done_on is None

    browser.post(reverse("participants:step_done", args=[step.pk]))
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    message = MessageToCoach.objects.get(client=aino)
    assert message.kind == "step_done"
    assert message.step == step
    assert own_count(coach, "participant_messages")[0] == 1

    response = browser.post(reverse("participants:step_done", args=[berttas.pk]))
    assert response.status_code == 404
    berttas.refresh_from_db()
    assert berttas.done_on is None


# ---------------------------------------------------------------- ESF+ forms


@pytest.fixture
def enrolled(aino):
    return Enrolment.objects.create(
        client=aino, entered_on=date(2026, 11, 2), status_at_entry="long_term"
    )


def test_the_participant_is_asked_for_their_eura_form_and_tells_when_it_is_done(
    aino, enrolled, coach, login
):
    browser = signed_in(aino, LINK)
    assert "Täytä lomake" in browser.get(START).content.decode()
    page = browser.get(ESF).content.decode()
    assert "eura2021.fi/osallistuja" in page
    assert "Kirjoita hankkeen koodi" not in page
    # The end form is not asked for while the programme goes on.
    assert 'value="end"' not in page
    eura_list = reverse("clients:eura_pending")
    assert aino.last_name in login(coach).get(eura_list).content.decode()

    browser.post(ESF, {"form": "start"})

    enrolled.refresh_from_db()
    assert enrolled.eura_entry == "yes"
    assert "Täytä lomake" not in browser.get(START).content.decode()
    assert aino.last_name not in login(coach).get(eura_list).content.decode()
    assert MessageToCoach.objects.get(client=aino).kind == "eura_done"
    event = AuditEvent.objects.get(action="enrolment.save", person_ref=aino.person_ref)
    assert event.changes == {"eura_entry": ["no", "yes"], "by": [None, "participant"]}

    response = browser.post(ESF, {"form": "end"}, follow=True)
    assert "Täytä loppulomake vasta" in response.content.decode()
    enrolled.refresh_from_db()
    assert enrolled.eura_exit == "no"
    assert browser.post(ESF, {"form": "other"}).status_code == 404


def test_a_participant_without_an_enrolment_has_no_eura_forms(aino):
    browser = signed_in(aino, LINK)
    assert browser.get(ESF).status_code == 404
    assert "ESF+" not in browser.get(START).content.decode()


# ---------------------------------------------------------------- decisions


def test_decisions_with_their_reasons_show_only_in_a_strong_session(aino, bertta, coach):
    make_decision(coach, aino, reason="Aloitetaan varastosta.")
    make_decision(coach, bertta, reason="Bertan perustelu.")

    refused = signed_in(aino, LINK).get(DECISIONS)
    assert refused.status_code == 403
    assert "Aloitetaan varastosta." not in refused.content.decode()

    page = signed_in(aino, STRONG).get(DECISIONS).content.decode()
    assert "Aloitetaan varastosta." in page
    assert "Työkokeilu" in page
    assert "Bertan perustelu." not in page
    # Each reason in words, as the explanation the coach prints.
    assert "työnhakija" in page


# ---------------------------------------------------------------- my data


def test_the_participant_downloads_their_data_only_when_strongly_signed_in(aino):
    assert signed_in(aino, LINK).get(_download("pdf")).status_code == 403
    assert not AuditEvent.objects.filter(action="person.export").exists()

    browser = signed_in(aino, STRONG)
    response = browser.get(_download("json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "Aino" in response.content.decode()
    assert "Bertta" not in response.content.decode()
    event = AuditEvent.objects.get(action="person.export")
    assert event.actor is None
    assert event.recipient == aino.person_ref
    assert browser.get(_download("pdf"))["Content-Type"] == "application/pdf"
    assert browser.get(_download("xlsx")).status_code == 404


# ---------------------------------------------------------------- writing to the coach


def test_a_correction_request_reaches_the_coach_who_deals_with_it(
    aino, coach, coach_other_area, login
):
    browser = signed_in(aino, LINK)
    response = browser.post(WRITE, {"kind": "correction", "text": "Puhelinnumeroni on väärin."})
    assert response.status_code == 302
    message = MessageToCoach.objects.get(client=aino)
    assert message.kind == "correction"
    event = AuditEvent.objects.get(action="participant.message")
    # The log says a message was sent, not what it says.
    assert "Puhelinnumero" not in str(event.changes)

    count, url = own_count(coach, "participant_messages")
    assert count == 1
    coach_page = login(coach).get(url).content.decode()
    assert "Puhelinnumeroni on väärin." in coach_page
    assert "Pyyntö korjata henkilötietoja" in coach_page

    handled = reverse("participant_messages:handled", args=[message.pk])
    assert login(coach_other_area).post(handled).status_code == 404
    assert login(coach).get(handled).status_code == 405
    login(coach).post(handled, {"note": "Korjattu."})
    message.refresh_from_db()
    assert message.handled_by == coach
    assert own_count(coach, "participant_messages")[0] == 0
    assert "Valmentajasi hoiti asian" in browser.get(WRITE).content.decode()


def test_what_they_wrote_shows_only_in_a_strong_session_and_its_reading_is_logged(aino):
    MessageToCoach.objects.create(
        area=aino.area, client=aino, kind="correction", text="Diagnoosini on väärin."
    )
    link_page = signed_in(aino, LINK).get(WRITE).content.decode()
    assert "Pyyntö korjata tietoja" in link_page
    assert "Diagnoosini" not in link_page
    assert not AuditEvent.objects.filter(action="client.view_own").exists()

    strong_page = signed_in(aino, STRONG).get(WRITE).content.decode()
    assert "Diagnoosini on väärin." in strong_page
    assert AuditEvent.objects.filter(action="client.view_own", person_ref=aino.person_ref).exists()


def test_an_empty_or_too_long_message_is_refused_and_the_text_kept(aino):
    browser = signed_in(aino, LINK)
    empty = browser.post(WRITE, {"kind": "note", "text": "   "})
    assert empty.status_code == 422
    assert "Kirjoita ensin viestisi." in empty.content.decode()

    long_text = "sana " * (MESSAGE_MAX_LENGTH // 4)
    too_long = browser.post(WRITE, {"kind": "note", "text": long_text})
    assert too_long.status_code == 422
    assert long_text.strip()[:100] in too_long.content.decode()
    assert not MessageToCoach.objects.exists()

    # A kind that is not offered is taken as a note.
    browser.post(WRITE, {"kind": "step_done", "text": "Hei"})
    assert MessageToCoach.objects.get().kind == "note"


def test_a_day_s_messages_are_limited_and_the_text_kept(aino):
    browser = signed_in(aino, LINK)
    for n in range(MESSAGES_A_DAY):
        assert browser.post(WRITE, {"kind": "note", "text": f"Viesti {n}"}).status_code == 302
    refused = browser.post(WRITE, {"kind": "note", "text": "Vielä yksi"})
    assert refused.status_code == 422
    assert "Voit kirjoittaa taas huomenna." in refused.content.decode()
    assert "Vielä yksi" in refused.content.decode()
    assert MessageToCoach.objects.filter(client=aino).count() == MESSAGES_A_DAY


def test_hostile_input_to_every_form_of_theirs_gives_no_server_error(aino, enrolled):
    """Each value of the shared hostile list in every field of the participant's forms: a
    refusal or a plain answer, never a server error, and nothing saved of a value that
    means nothing."""
    browser = signed_in(aino, STRONG)
    browser.raise_request_exception = True
    posts = {
        GIVE: ["text"],
        ESF: ["form"],
        WRITE: ["kind", "text"],
        reverse("participants:language"): ["language", "next"],
    }
    for url, fields in posts.items():
        for offset, _value in enumerate(HOSTILE):
            data = {name: HOSTILE[(offset + i) % len(HOSTILE)] for i, name in enumerate(fields)}
            assert browser.post(url, data).status_code in (200, 302, 403, 404, 422), (url, data)
        for value in HOSTILE:
            assert browser.get(url, {"kind": value}).status_code in (200, 404, 405), (url, value)
    for value in ("csv", "pdf.", "json.exe", "JSON"):
        assert browser.get(_download(value)).status_code == 404
    assert not Consent.objects.filter(client=aino).exists()
    enrolled.refresh_from_db()
    assert enrolled.eura_entry == "no"
    # Only the texts worth reading reached the coach, NUL characters taken out.
    assert all("\x00" not in m.text for m in MessageToCoach.objects.filter(client=aino))


def test_the_client_page_says_how_many_of_the_person_s_messages_wait(aino, bertta, coach, login):
    for client, text in ((aino, "Ainon viesti"), (bertta, "Bertan viesti")):
        MessageToCoach.objects.create(area=client.area, client=client, kind="note", text=text)
    http = login(coach)
    page = http.get(reverse("clients:detail", args=[aino.pk])).content.decode()
    assert "1 viesti henkilöltä odottaa sinua." in page
    one = http.get(f"{MESSAGES}?client={aino.pk}").content.decode()
    assert "Ainon viesti" in one
    assert "Bertan viesti" not in one
