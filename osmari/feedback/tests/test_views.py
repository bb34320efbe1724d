"""The answer pages without login, and the results with small groups hidden."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from osmari.feedback import services
from osmari.feedback.models import (
    Invitation,
    LinkMiss,
    Question,
    Response,
    ServiceChange,
    Survey,
)
from osmari.feedback.tests.builders import make_invitation, make_response
from osmari.feedback.tokens import new_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-10-16 10:00 +0300", tick=False):
        yield


@pytest.fixture
def link(running_period):
    services.invitations_schedule(today=date(2026, 10, 16))
    invitation = Invitation.objects.get(survey__key="participant_middle")
    token = services.invitation_deliver(invitation=invitation, channel="link")
    return reverse("feedback:answer", args=[token])


ANSWERS = {"q_wellbeing": "4", "q_guidance": "5", "q_continue": "yes", "share_with_coach": "no"}


def test_the_form_opens_without_login_in_plain_finnish(client, link):
    page = client.get(f"{link}?lang=fi_plain").content.decode()
    assert "Onko sinulla hyvä olla työpaikalla?" in page
    assert "Vastaaminen on vapaaehtoista." in page
    assert "Saako valmentajasi nähdä vastauksesi?" in page
    assert "Selkosuomi" in page


def test_the_form_in_swedish_and_english(client, link):
    assert "Hur har du trivts på arbetsplatsen?" in client.get(f"{link}?lang=sv").content.decode()
    english = client.get(f"{link}?lang=en").content.decode()
    assert "How have you felt at the workplace?" in english
    assert "Answering is voluntary" in english


def test_answering_twice_stores_one_response(client, link):
    first = client.post(link, {**ANSWERS, "lang": "fi"})
    assert first.status_code == 200
    assert "Kiitos!" in first.content.decode()
    again = client.post(link, {**ANSWERS, "lang": "fi"})
    assert again.status_code == 200
    assert "Vastaukset on jo lähetetty tällä linkillä" in again.content.decode()
    assert Response.objects.count() == 1
    assert client.get(link).status_code == 200  # a used link says so kindly


def test_a_missing_answer_is_named_and_nothing_is_saved(client, link):
    response = client.post(link, {"q_wellbeing": "4", "lang": "fi"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Vastaa tähän kysymykseen." in page
    assert 'value="4" checked' in page  # what was given is kept on the form
    assert not Response.objects.exists()


def test_declining_is_a_choice(client, link):
    response = client.post(link, {"decline": "1", "lang": "fi"})
    assert "Et halunnut vastata" in response.content.decode()
    assert Invitation.objects.get(survey__key="participant_middle").declined_at is not None


def test_an_expired_link_says_so_kindly(client, link):
    with time_machine.travel("2026-12-31 10:00 +0200", tick=False):
        response = client.get(link)
    assert response.status_code == 410
    assert "Linkki on vanhentunut" in response.content.decode()


def test_guessing_links_is_slowed_down(client, settings):
    settings.FEEDBACK_TOKEN_ATTEMPTS = 3
    for _ in range(3):
        assert client.get(reverse("feedback:answer", args=[new_token()[0]])).status_code == 404
    blocked = client.get(reverse("feedback:answer", args=[new_token()[0]]))
    assert blocked.status_code == 429
    assert LinkMiss.objects.get().count == 3


def test_the_coach_sees_shared_answers_beside_the_period(
    client, login, coach, link, running_period
):
    client.post(link, {**ANSWERS, "q_wellbeing": "2", "share_with_coach": "yes", "lang": "fi"})
    page = login(coach).get(reverse("placements:detail", args=[running_period.pk])).content.decode()
    assert "Miten olet viihtynyt työpaikalla?" in page
    assert "Alhainen hyvinvointi" in page  # the follow-up
    assert "Haluan jatkaa" in page  # a chosen option by its label
    tasks = login(coach).get(reverse("feedback:follow_ups")).content.decode()
    assert "Testi Asiakas" in tasks


def test_the_coach_prints_a_sheet_with_a_qr_code(login, coach, running_period):
    services.invitations_schedule(today=date(2026, 10, 16))
    invitation = Invitation.objects.get(survey__key="participant_middle")
    response = login(coach).post(reverse("feedback:sheet", args=[invitation.pk]))
    page = response.content.decode()
    assert "<svg" in page and "/f/" in page
    invitation.refresh_from_db()
    assert invitation.channel == "print"


# ---------------------------------------------------------------- results


def _responses(area, organisation, n, on=date(2026, 5, 5), wellbeing=4):
    for _ in range(n):
        invitation = make_invitation(
            area, organisation=organisation, due_on=on, answered_at=timezone.now()
        )
        make_response(
            area,
            organisation,
            invitation=invitation,
            on=on,
            answers={"wellbeing": wellbeing, "comment": f"Palaute {organisation.name}"},
        )


@pytest.fixture
def answered(area, organisation, other_organisation):
    from osmari.employers.tests.builders import make_organisation

    third = make_organisation(area, "Kolmas Oy", "0112038-9")
    _responses(area, organisation, 12, wellbeing=4)
    _responses(area, other_organisation, 3, wellbeing=1)
    _responses(area, third, 6, wellbeing=5)
    return organisation, other_organisation, third


def test_a_small_group_and_its_complement_are_hidden_on_the_page(login, manager, answered):
    page = (
        login(manager)
        .get(reverse("feedback:results"), {"survey": "participant_end", "year": 2026})
        .content.decode()
    )
    # 3 answers from the small group: hidden, and the next smallest (6) with it.
    assert page.count("piilotettu (pieni ryhmä)") == 2
    assert ">12<" in page and ">21<" in page
    assert ">3<" not in page and ">6<" not in page
    # The shown group's mean, and the mean of all 21 answers: (12·4 + 3·1 + 6·5) / 21.
    assert ">4,0<" in page and ">3,9<" in page


def test_exports_hide_the_same_groups(login, manager, answered):
    http = login(manager)
    query = {"survey": "participant_end", "year": 2026}
    text = http.get(reverse("feedback:results_export", args=["csv"]), query).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    counts = {row[0]: row[1] for row in rows[1:]}
    assert counts["Saimaan Puutyö Oy"] == "12"
    assert counts["Suomen eOppimiskeskus ry"] == counts["Kolmas Oy"] == "alle 5"
    book = load_workbook(
        io.BytesIO(http.get(reverse("feedback:results_export", args=["xlsx"]), query).content)
    )
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert {row[0]: row[1] for row in values[1:]}["Kolmas Oy"] == "alle 5"
    assert not any(v[1] in (3, 6) for v in values[1:])


def test_a_hostile_organisation_name_comes_out_of_the_exports_as_inert_text(
    login, manager, answered
):
    organisation = answered[0]
    organisation.name = '=HYPERLINK("http://x","Avaa")'
    organisation.save()
    http = login(manager)
    query = {"survey": "participant_end", "year": 2026}
    response = http.get(reverse("feedback:results_export", args=["csv"]), query)
    survey = Survey.objects.get(key="participant_end")
    name = f"feedback-{survey.pk}-2026.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:2] == ["'" + organisation.name, "12"]
    book = load_workbook(
        io.BytesIO(http.get(reverse("feedback:results_export", args=["xlsx"]), query).content)
    )
    cell = book.active["A2"]
    assert (cell.value, cell.data_type) == (organisation.name, "s")


def test_free_text_is_for_coaches_and_the_manager(login, manager, analyst, answered):
    query = {"survey": "participant_end", "year": 2026}
    assert (
        "Palaute Kolmas Oy"
        in login(manager).get(reverse("feedback:results"), query).content.decode()
    )
    assert (
        "Palaute Kolmas Oy"
        not in login(analyst).get(reverse("feedback:results"), query).content.decode()
    )


def test_an_organisation_sees_its_own_results_only_when_the_group_is_big_enough(
    login, org_contact, other_org_contact, answered
):
    query = {"survey": "participant_end", "year": 2026}
    own = login(org_contact).get(reverse("feedback:results"), query).content.decode()
    assert ">12<" in own  # Saimaan Puutyö: 12 answers of its own
    assert "Kolmas Oy" not in own and "Palaute Saimaan" not in own
    small = login(other_org_contact).get(reverse("feedback:results"), query).content.decode()
    assert ">3<" not in small and "piilotettu" in small


def test_a_change_made_from_feedback_shows_its_effect(login, manager, coach, area, organisation):
    _responses(area, organisation, 6, on=date(2026, 2, 1), wellbeing=2)
    _responses(area, organisation, 6, on=date(2026, 6, 1), wellbeing=4)
    question = Question.objects.get(version__survey__key="participant_end", key="wellbeing")
    response = login(manager).post(
        reverse("feedback:changes"),
        {
            "title": "Aamupalaverit",
            "description": "Kerrottiin, että päivän tehtävät olivat epäselviä.",
            "changed_on": "2026-04-01",
            "question": question.pk,
        },
    )
    assert response.status_code == 302
    page = login(coach).get(reverse("feedback:changes")).content.decode()
    assert "Aamupalaverit" in page
    assert "2,0" in page and "4,0" in page
    assert login(coach).post(reverse("feedback:changes"), {"title": "x"}).status_code == 404
    assert ServiceChange.objects.count() == 1
