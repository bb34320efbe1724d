"""A coach e-mails a participant a one-time sign-in link from the client's page, or revokes
the links sent so far."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client as Browser
from django.urls import reverse

from osmari.accounts.participant_session import LINK, STRONG
from osmari.core.models import AuditEvent
from osmari.participants import links
from osmari.participants.models import SignInLinkRevocation
from osmari.participants.tests.sessions import signed_in

pytestmark = pytest.mark.django_db

START = reverse("participants:start")


def _in_english(browser):
    """The coach's pages in English, so that the texts below read as in the source."""
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


def _send(login, user, client, capture):
    with capture(execute=True):
        return login(user).post(reverse("participant_access:link_send", args=[client.pk]))


def _mailed_path(message) -> str:
    (address,) = re.findall(r"https?://\S+", message.body)
    return urlsplit(address).path


@pytest.fixture
def reachable(aino):
    aino.email = "aino@example.fi"
    aino.save()
    return aino


def test_the_coach_sends_one_mail_whose_link_signs_in_once(
    login, coach, reachable, django_capture_on_commit_callbacks
):
    response = _send(login, coach, reachable, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"].endswith("#participant-access")
    (message,) = mail.outbox
    assert message.to == ["aino@example.fi"]
    assert "30" in message.body
    # Signed by the area, not by the coach.
    assert str(reachable.area) in message.body
    assert coach.full_name not in message.body
    assert coach.email not in message.body
    path = _mailed_path(message)

    browser = Browser()
    assert browser.post(path).status_code == 302
    assert browser.get(START).status_code == 200
    assert Browser().post(path).status_code == 410


def test_the_coach_sees_a_confirmation_but_never_the_link(
    login, coach, reachable, django_capture_on_commit_callbacks
):
    browser = login(coach)
    with django_capture_on_commit_callbacks(execute=True):
        page = browser.post(
            reverse("participant_access:link_send", args=[reachable.pk]), follow=True
        )
    (message,) = mail.outbox
    path = _mailed_path(message)
    content = page.content.decode()
    assert "aino@example.fi" in content
    assert path.split("/")[-2] not in content


def test_sending_is_audited_as_a_link_made_and_a_mail_to_the_person(
    login, coach, reachable, django_capture_on_commit_callbacks
):
    _send(login, coach, reachable, django_capture_on_commit_callbacks)
    path = _mailed_path(mail.outbox[0])
    made = AuditEvent.objects.get(action="participant.link_made", person_ref=reachable.person_ref)
    assert made.actor == coach
    mailed = AuditEvent.objects.get(
        action="participant.link_email", person_ref=reachable.person_ref
    )
    assert mailed.actor == coach
    assert mailed.recipient == reachable.person_ref
    token = path.split("/")[-2]
    assert not any(token in str(e.changes) or token in e.reason for e in AuditEvent.objects.all())


def test_the_mail_speaks_the_persons_language(
    login, coach, reachable, django_capture_on_commit_callbacks
):
    reachable.preferred_language = "sv"
    reachable.save()
    _send(login, coach, reachable, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    # Written in Swedish: the area signs with its Swedish name.
    assert reachable.area.name_sv in message.body
    assert reachable.area.name_fi not in message.body


def test_a_person_without_an_address_gets_no_mail_and_the_coach_a_clear_message(
    login, coach, aino, django_capture_on_commit_callbacks
):
    browser = _in_english(login(coach))
    with django_capture_on_commit_callbacks(execute=True):
        page = browser.post(reverse("participant_access:link_send", args=[aino.pk]), follow=True)
    assert mail.outbox == []
    assert "no e-mail address" in page.content.decode()
    assert not AuditEvent.objects.filter(action="participant.link_made").exists()


def test_the_card_offers_sending_only_with_an_address(login, coach, aino):
    browser = _in_english(login(coach))
    page = browser.get(reverse("clients:detail", args=[aino.pk])).content.decode()
    assert reverse("participant_access:links_revoke", args=[aino.pk]) in page
    assert reverse("participant_access:link_send", args=[aino.pk]) not in page
    assert "e-mail address first" in page

    aino.email = "aino@example.fi"
    aino.save()
    page = login(coach).get(reverse("clients:detail", args=[aino.pk])).content.decode()
    assert reverse("participant_access:link_send", args=[aino.pk]) in page


def test_a_coach_of_another_area_gets_404_and_sends_nothing(
    login, coach_other_area, reachable, django_capture_on_commit_callbacks
):
    response = _send(login, coach_other_area, reachable, django_capture_on_commit_callbacks)
    assert response.status_code == 404
    assert mail.outbox == []
    revoke = login(coach_other_area).post(
        reverse("participant_access:links_revoke", args=[reachable.pk])
    )
    assert revoke.status_code == 404
    assert not SignInLinkRevocation.objects.exists()


def test_a_get_changes_nothing(login, coach, reachable, django_capture_on_commit_callbacks):
    browser = login(coach)
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("participant_access:link_send", "participant_access:links_revoke"):
            assert browser.get(reverse(name, args=[reachable.pk])).status_code == 405
    assert mail.outbox == []
    assert not SignInLinkRevocation.objects.exists()
    assert AuditEvent.objects.count() == events


def test_revoking_stops_earlier_links_and_later_ones_work(
    login, coach, reachable, django_capture_on_commit_callbacks
):
    _send(login, coach, reachable, django_capture_on_commit_callbacks)
    earlier = _mailed_path(mail.outbox[0])
    printed = urlsplit(links.sign_in_link_make(actor=None, client=reachable)).path

    response = _in_english(login(coach)).post(
        reverse("participant_access:links_revoke", args=[reachable.pk]), follow=True
    )
    assert response.status_code == 200
    assert "no longer work" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="participant.links_revoked", actor=coach, person_ref=reachable.person_ref
    ).exists()

    for path in (earlier, printed):
        browser = Browser()
        # The same page as a used link: it says no more than that the link no longer works.
        assert browser.get(path).status_code == 410
        assert browser.post(path).status_code == 410
        assert browser.get(START).status_code == 403

    _send(login, coach, reachable, django_capture_on_commit_callbacks)
    later = _mailed_path(mail.outbox[-1])
    browser = Browser()
    assert browser.post(later).status_code == 302
    assert browser.get(START).status_code == 200


def test_revoking_one_persons_links_leaves_anothers(coach, aino, bertta):
    bertta_link = urlsplit(links.sign_in_link_make(actor=None, client=bertta)).path
    links.sign_in_links_revoke(actor=coach, client=aino)
    assert Browser().post(bertta_link).status_code == 302


def test_a_link_from_before_links_carried_their_time_is_revoked_too(coach, aino):
    from django.core import signing

    token = signing.dumps({"c": aino.pk, "n": "old"}, salt=links.SALT)
    path = reverse("participants:link", kwargs={"token": token})
    assert Browser().get(path).status_code == 200
    links.sign_in_links_revoke(actor=coach, client=aino)
    assert Browser().get(path).status_code == 410


def test_revoking_ends_a_session_opened_with_a_link_but_not_a_strong_one(coach, aino):
    by_link, strongly = signed_in(aino, LINK), signed_in(aino, STRONG)
    assert by_link.get(reverse("participants:start")).status_code == 200

    links.sign_in_links_revoke(actor=coach, client=aino)

    assert by_link.get(reverse("participants:start")).status_code == 403
    response = by_link.post(reverse("participants:write"), {"kind": "note", "text": "Hei"})
    assert response.status_code == 403
    assert not aino.messages_to_coach.exists()
    # Proved with a bank's identification, the person is who they say: the session goes on.
    assert strongly.get(reverse("participants:start")).status_code == 200
