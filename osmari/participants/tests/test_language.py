"""A participant chooses the language of their own pages; it is kept on their record and
their next sign-in opens in it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client as Browser
from django.urls import reverse

from osmari.clients.models import Client
from osmari.core.models import AuditEvent
from osmari.participants import links
from osmari.participants.services import own_language_choose
from osmari.participants.tests.sessions import signed_in

pytestmark = pytest.mark.django_db

START = reverse("participants:start")
LANGUAGE = reverse("participants:language")
COOKIE = settings.LANGUAGE_COOKIE_NAME


def _link(client) -> str:
    return urlsplit(links.sign_in_link_make(actor=None, client=client)).path


def test_the_participants_pages_switch_language_through_their_own_address(aino):
    page = signed_in(aino).get(START).content.decode()
    assert f'action="{LANGUAGE}"' in page
    for code in ("fi", "sv", "en"):
        assert f'name="language" value="{code}"' in page


def test_a_participant_choosing_swedish_has_it_kept_and_signs_in_to_swedish_next_time(aino):
    browser = signed_in(aino)
    response = browser.post(LANGUAGE, {"language": "sv", "next": START})
    assert response.status_code == 302
    assert response["Location"] == START
    assert response.cookies[COOKIE].value == "sv"
    aino.refresh_from_db()
    assert aino.preferred_language == "sv"
    event = AuditEvent.objects.get(action="client.update", person_ref=aino.person_ref)
    # The participant's own change: no staff account made it.
    assert event.actor is None
    assert event.changes["preferred_language"] == ["fi", "sv"]

    # Another browser, with no language cookie, opens the next sign-in in Swedish.
    fresh = Browser()
    signing_in = fresh.post(_link(aino))
    assert signing_in.status_code == 302
    assert signing_in.cookies[COOKIE].value == "sv"
    assert '<html lang="sv">' in fresh.get(START).content.decode()


def test_a_sign_in_overrides_what_the_browser_showed_before(aino):
    aino.preferred_language = "en"
    aino.save()
    browser = Browser()
    browser.cookies[COOKIE] = "sv"
    browser.post(_link(aino))
    assert '<html lang="en">' in browser.get(START).content.decode()


def test_plain_finnish_stays_when_the_participant_chooses_finnish(aino):
    aino.preferred_language = "fi_plain"
    aino.save()
    browser = signed_in(aino)
    browser.post(LANGUAGE, {"language": "fi", "next": START})
    aino.refresh_from_db()
    assert aino.preferred_language == "fi_plain"
    assert not AuditEvent.objects.filter(action="client.update", actor=None).exists()
    # And their sign-in opens the Finnish pages.
    assert Browser().post(_link(aino)).cookies[COOKIE].value == "fi"


def test_a_language_the_service_does_not_speak_changes_nothing(aino):
    browser = signed_in(aino)
    response = browser.post(LANGUAGE, {"language": "de", "next": START})
    assert response.status_code == 302
    aino.refresh_from_db()
    assert aino.preferred_language == "fi"


def test_someone_not_signed_in_only_gets_the_cookie(aino, login, coach):
    events = AuditEvent.objects.count()
    response = Browser().post(LANGUAGE, {"language": "sv", "next": START})
    assert response.cookies[COOKIE].value == "sv"
    # A staff login is not a participant, whatever key its session might carry.
    staff = login(coach)
    assert staff.post(LANGUAGE, {"language": "en", "next": "/"}).cookies[COOKIE].value == "en"
    aino.refresh_from_db()
    assert aino.preferred_language == "fi"
    assert AuditEvent.objects.count() == events


def test_a_get_changes_nothing(aino):
    browser = signed_in(aino)
    response = browser.get(LANGUAGE, {"language": "sv", "next": START})
    assert response.status_code == 405
    assert COOKIE not in response.cookies
    aino.refresh_from_db()
    assert aino.preferred_language == "fi"


def test_the_language_follows_the_link_page_for_someone_signing_in(aino):
    # On the link's own page, before signing in, the switcher still works.
    path = _link(aino)
    browser = Browser()
    page = browser.get(path).content.decode()
    assert f'action="{LANGUAGE}"' in page
    assert browser.post(LANGUAGE, {"language": "en", "next": path})["Location"] == path


def test_a_language_choice_keeps_a_coachs_change_made_meanwhile(aino):
    stale = Client.objects.get(pk=aino.pk)
    Client.objects.filter(pk=aino.pk).update(email="uusi@example.fi")

    own_language_choose(client=stale, language="sv")

    aino.refresh_from_db()
    assert (aino.email, aino.preferred_language) == ("uusi@example.fi", "sv")
    event = AuditEvent.objects.filter(action="client.update").latest("pk")
    assert event.changes == {"preferred_language": ["fi", "sv"], "by": [None, "participant"]}
