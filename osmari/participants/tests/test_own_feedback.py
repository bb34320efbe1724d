"""A participant answers their open feedback surveys on their own page, exactly as through the
link they were sent: the same form, the same anonymity, and the link keeps working."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.participant_session import LINK, STRONG
from osmari.core.models import AuditEvent
from osmari.core.tests.builders import TODAY
from osmari.feedback import services
from osmari.feedback.models import FollowUpTask, Invitation, Response
from osmari.feedback.tests.builders import make_invitation
from osmari.feedback.tokens import new_token
from osmari.participants.tests.sessions import signed_in
from osmari.placements.models import Placement
from tests.test_hostile_input import HOSTILE

pytestmark = pytest.mark.django_db

START = reverse("participants:start")
# An answer that signals a problem: low wellbeing and wanting to stop.
WORRYING = {"q_wellbeing": "1", "q_guidance": "1", "q_continue": "stop", "lang": "fi"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


def _invitation_of(client, survey_key: str = "participant_middle", **fields) -> Invitation:
    period = Placement.objects.filter(client=client).first()
    return make_invitation(client.area, survey_key, placement=period, **fields)


def _answer(invitation: Invitation) -> str:
    return reverse("participants:feedback_answer", args=[invitation.pk])


@pytest.fixture
def mailed(aino):
    """Aino's middle survey, due today, with the token of the link she was e-mailed."""
    token, digest = new_token()
    return _invitation_of(aino, token_hash=digest, channel="email"), token


def test_the_start_page_lists_only_the_participant_s_open_invitations(aino, bertta, mailed):
    invitation, _token = mailed
    answered = _invitation_of(aino, "participant_start", answered_at=timezone.now())
    expired = _invitation_of(
        aino,
        "participant_end",
        due_on=TODAY - timedelta(days=40),
        expires_on=TODAY - timedelta(days=1),
    )
    later = _invitation_of(aino, "participant_end", due_on=TODAY + timedelta(days=3))
    berttas = _invitation_of(bertta)

    page = signed_in(aino, LINK).get(START).content.decode()

    assert 'aria-labelledby="feedback-title"' in page
    assert _answer(invitation) in page
    assert str(invitation.survey) in page
    assert invitation.expires_on.strftime("%-d.%-m.%Y") in page
    for other in (answered, expired, later, berttas):
        assert _answer(other) not in page


def test_without_open_invitations_the_start_page_has_no_survey_section(aino):
    page = signed_in(aino, STRONG).get(START).content.decode()
    assert 'aria-labelledby="feedback-title"' not in page


def test_the_form_is_the_link_s_form_and_posts_back_to_the_own_page(aino, mailed):
    invitation, _token = mailed
    browser = signed_in(aino, LINK)
    page = browser.get(_answer(invitation)).content.decode()
    assert "Miten olet viihtynyt työpaikalla?" in page
    # No action: the form is sent to the address it was opened at.
    assert '<form method="post" novalidate>' in page
    # The participant may choose the form's language, as on the link's form.
    assert "Hur har du trivts på arbetsplatsen?" in (
        browser.get(f"{_answer(invitation)}?lang=sv").content.decode()
    )


def test_an_unshared_answer_is_saved_as_anonymously_as_through_the_link(aino, mailed):
    invitation, _token = mailed
    browser = signed_in(aino, LINK)
    events = AuditEvent.objects.count()

    page = browser.post(_answer(invitation), {**WORRYING, "share_with_coach": "no"})

    assert page.status_code == 200
    assert "Kiitos!" in page.content.decode()
    assert f'href="{START}"' in page.content.decode()
    response = Response.objects.get()
    assert (response.invitation, response.client, response.language) == (None, None, "")
    assert response.submitted_on == TODAY.replace(day=1)
    invitation.refresh_from_db()
    assert timezone.localtime(invitation.answered_at) == timezone.make_aware(
        datetime(TODAY.year, TODAY.month, TODAY.day)
    )
    assert not FollowUpTask.objects.exists()
    # Nothing at all is logged: neither the answer nor a read of the person beside it.
    assert AuditEvent.objects.count() == events


def test_a_shared_answer_is_linked_and_raises_the_coach_s_follow_up(aino, mailed):
    invitation, _token = mailed
    browser = signed_in(aino, STRONG)
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    browser.post(_answer(invitation), {**WORRYING, "lang": "sv", "share_with_coach": "yes"})

    response = Response.objects.get()
    assert (response.invitation, response.client, response.language) == (invitation, aino, "sv")
    assert set(FollowUpTask.objects.values_list("reason", flat=True)) == {
        "low_wellbeing",
        "missing_guidance",
        "wants_to_stop",
    }
    # The answer's own event, as through the link, and nothing else.
    logged = AuditEvent.objects.exclude(pk__in=before).values_list("action", flat=True)
    assert list(logged) == ["feedback.response"]


def test_a_second_answer_saves_nothing_more(aino, mailed):
    invitation, _token = mailed
    browser = signed_in(aino, LINK)
    browser.post(_answer(invitation), {**WORRYING, "share_with_coach": "yes"})
    tasks = FollowUpTask.objects.count()

    again = browser.post(_answer(invitation), {**WORRYING, "share_with_coach": "yes"})

    assert again.status_code == 200
    assert "Vastaukset on jo lähetetty" in again.content.decode()
    assert Response.objects.count() == 1
    assert FollowUpTask.objects.count() == tasks
    # Answered, it is off the start page.
    assert _answer(invitation) not in browser.get(START).content.decode()


def test_another_participant_s_invitation_is_not_found_and_nothing_is_saved(aino, bertta):
    berttas = _invitation_of(bertta)
    browser = signed_in(aino, STRONG)

    assert browser.get(_answer(berttas)).status_code == 404
    posted = browser.post(_answer(berttas), {**WORRYING, "share_with_coach": "yes"})
    declined = browser.post(_answer(berttas), {"decline": "1", "lang": "fi"})

    assert (posted.status_code, declined.status_code) == (404, 404)
    berttas.refresh_from_db()
    assert (berttas.answered_at, berttas.declined_at) == (None, None)
    assert not Response.objects.exists()


def test_an_invitation_not_yet_due_is_not_found(aino):
    later = _invitation_of(aino, due_on=TODAY + timedelta(days=1))
    assert signed_in(aino, STRONG).get(_answer(later)).status_code == 404


def test_declining_works_from_the_own_page(aino, mailed):
    invitation, _token = mailed
    page = signed_in(aino, LINK).post(_answer(invitation), {"decline": "1", "lang": "fi"})
    assert "Et halunnut vastata" in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert not Response.objects.exists()


def test_an_expired_invitation_shows_the_link_s_closed_page(aino):
    invitation = _invitation_of(
        aino, due_on=TODAY - timedelta(days=40), expires_on=TODAY - timedelta(days=1)
    )
    page = signed_in(aino, LINK).get(_answer(invitation))
    assert page.status_code == 410
    assert "Linkki on vanhentunut" in page.content.decode()
    assert page.templates[0].name == "feedback/closed.html"


def test_the_e_mailed_link_still_works_after_the_own_page_is_opened(client, aino, mailed):
    invitation, token = mailed
    before = invitation.token_hash
    browser = signed_in(aino, STRONG)
    browser.get(START)
    browser.get(_answer(invitation))

    invitation.refresh_from_db()
    assert invitation.token_hash == before
    link = reverse("feedback:answer", args=[token])
    assert "Kiitos!" in client.post(link, {**WORRYING, "share_with_coach": "no"}).content.decode()
    # Answered through the link, the own page says so.
    assert "Vastaukset on jo lähetetty" in browser.get(_answer(invitation)).content.decode()


def test_staff_and_anonymous_visitors_get_the_sign_in_help(login, coach, aino, mailed):
    invitation, _token = mailed
    for browser in (login(None), login(coach)):
        for response in (
            browser.get(_answer(invitation)),
            browser.post(_answer(invitation), {**WORRYING, "share_with_coach": "yes"}),
        ):
            assert response.status_code == 403
            assert response.templates[0].name == "participants/sign_in_help.html"
    assert not Response.objects.exists()


def test_hostile_input_is_refused_without_a_server_error(aino, mailed):
    invitation, _token = mailed
    browser = signed_in(aino, STRONG)
    browser.raise_request_exception = True
    fields = ["q_wellbeing", "q_guidance", "q_continue", "share_with_coach", "lang"]
    for offset, _value in enumerate(HOSTILE):
        data = {name: HOSTILE[(offset + i) % len(HOSTILE)] for i, name in enumerate(fields)}
        assert browser.post(_answer(invitation), data).status_code in (200, 422)
        assert browser.get(_answer(invitation), {"lang": data["lang"]}).status_code == 200
    assert not Response.objects.exists()


def test_the_start_page_reads_the_invitations_in_one_query(aino):
    browser = signed_in(aino, STRONG)
    _invitation_of(aino, "participant_start")
    with CaptureQueriesContext(connection) as one:
        browser.get(START)
    _invitation_of(aino, "participant_middle")
    _invitation_of(aino, "participant_end")
    with CaptureQueriesContext(connection) as three:
        page = browser.get(START).content.decode()
    assert page.count('aria-describedby="survey-') == 3
    assert len(three) == len(one)


def test_the_services_take_a_token_or_an_invitation_but_not_both(aino, mailed):
    invitation, token = mailed
    for found_by in ({}, {"token": token, "invitation_pk": invitation.pk}):
        with pytest.raises(TypeError):
            services.invitation_decline(**found_by, today=TODAY)
    invitation.refresh_from_db()
    assert invitation.declined_at is None
