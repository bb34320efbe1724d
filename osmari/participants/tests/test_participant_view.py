"""A participant's own view: the one-time sign-in link, their start page, signing out."""

from __future__ import annotations

import time
from datetime import date
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client as Browser
from django.urls import reverse

from osmari.accounts.participant_session import LINK, SESSION_KEY, STRONG
from osmari.core.models import AuditEvent
from osmari.employers.tests.builders import make_position
from osmari.participants.tests.sessions import signed_in
from osmari.placements.tests.builders import period_record

pytestmark = pytest.mark.django_db

START = reverse("participants:start")


def _link(client) -> str:
    out = StringIO()
    call_command("participant_link", str(client.pk), stdout=out, stderr=StringIO())
    link = out.getvalue().strip()
    assert link.startswith("http")
    return urlsplit(link).path


def test_the_link_signs_in_once_and_only_once(aino):
    path = _link(aino)
    browser = Browser()
    # Opening the link (as a mail scanner would) signs nobody in and uses nothing up.
    assert browser.get(path).status_code == 200
    assert browser.get(path).status_code == 200
    assert browser.get(START).status_code == 403

    response = browser.post(path)
    assert response.status_code == 302
    assert response["Location"] == START
    page = browser.get(START)
    assert page.status_code == 200
    assert "Aino" in page.content.decode()
    assert AuditEvent.objects.filter(
        action="participant.sign_in", person_ref=aino.person_ref, changes={"method": LINK}
    ).exists()

    again = Browser()
    assert again.get(path).status_code == 410
    assert again.post(path).status_code == 410
    assert again.get(START).status_code == 403


def test_an_expired_link_is_refused(aino):
    with time_machine.travel(time.time() - 31 * 60, tick=False):
        path = _link(aino)
    browser = Browser()
    assert browser.get(path).status_code == 410
    assert browser.post(path).status_code == 410
    assert browser.get(START).status_code == 403


def test_a_changed_link_is_refused_and_reveals_nothing(aino, bertta):
    path = _link(aino)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("xy" if not token.endswith("xy") else "yx")
    forged_path = reverse("participants:link", kwargs={"token": forged})
    browser = Browser()
    for response in (browser.get(forged_path), browser.post(forged_path)):
        assert response.status_code == 404
        text = response.content.decode()
        assert "Aino" not in text and "Bertta" not in text
    assert browser.get(START).status_code == 403


def test_a_participant_sees_only_their_own_path(aino, bertta):
    page = signed_in(aino, STRONG).get(START).content.decode()
    assert "Varastotyöntekijä" in page
    assert "Olli Ohjaaja" in page and "040 123 4567" in page
    assert "Trukkikortti" in page
    assert "Bertta" not in page and "Kahvilatyöntekijä" not in page
    # The identity code is never on the page.
    assert aino.personal_identity_code not in page
    other = signed_in(bertta, STRONG).get(START).content.decode()
    assert "Kahvilatyöntekijä" in other
    assert "Aino" not in other and "Varastotyöntekijä" not in other and "Trukkikortti" not in other
    assert AuditEvent.objects.filter(action="client.view_own", person_ref=aino.person_ref).exists()


def test_a_link_session_shows_no_decisions(aino):
    assert "PAATOS-4711" in signed_in(aino, STRONG).get(START).content.decode()
    page = signed_in(aino, LINK).get(START).content.decode()
    assert "Varastotyöntekijä" in page
    assert "PAATOS-4711" not in page


def test_signing_out_ends_the_session(aino):
    browser = signed_in(aino, LINK)
    assert browser.get(START).status_code == 200
    assert browser.post(reverse("participants:sign_out")).status_code == 200
    assert browser.get(START).status_code == 403
    assert SESSION_KEY not in browser.session


def test_a_signed_out_visitor_and_staff_get_the_sign_in_help(login, coach, aino):
    for browser in (login(None), login(coach)):
        response = browser.get(START)
        assert response.status_code == 403
        assert response.templates[0].name == "participants/sign_in_help.html"
        assert "Aino" not in response.content.decode()
    # A staff user who posts to sign out stays logged in.
    staff = login(coach)
    assert staff.post(reverse("participants:sign_out")).status_code == 403
    assert "_auth_user_id" in staff.session


def test_an_erased_or_moved_record_ends_the_view(aino, other_area):
    browser = signed_in(aino, STRONG)
    type(aino).objects.filter(pk=aino.pk).update(area=other_area)
    assert browser.get(START).status_code == 403


def test_the_start_page_reads_a_fixed_number_of_queries(
    aino, organisation, coach, django_assert_max_num_queries
):
    position = make_position(organisation, coach, title="Toinen paikka")
    for month in (3, 5, 7):
        period_record(
            aino, position, date(2025, month, 1), date(2025, month, 28), ended=date(2025, month, 28)
        )
    browser = signed_in(aino, STRONG)
    # The same for four periods as for one: the session, the record, the read's audit
    # event, the periods with their reviews, the open feedback invitations, the coming
    # appointments, the ESF+ enrolment, the plans with their steps, and the session's own
    # bookkeeping; a query per period would go past it.
    with django_assert_max_num_queries(13):
        assert browser.get(START).status_code == 200


def test_a_staff_login_after_a_participant_s_in_the_same_browser_carries_nothing_of_theirs(
    aino, coach_other_area
):
    from django.test import RequestFactory

    from osmari.accounts.middleware import row_security_areas

    browser = Browser()
    browser.post(_link(aino))
    assert browser.session[SESSION_KEY]["client"] == aino.pk
    # The same browser, now with a staff member of another area logged in.
    browser.force_login(coach_other_area, backend="django.contrib.auth.backends.ModelBackend")
    assert SESSION_KEY not in browser.session
    assert browser.get(START).status_code == 403

    # Row-level security follows the staff member's own areas, on every page.
    request = RequestFactory().get(START)
    request.user = coach_other_area
    request.session = browser.session
    assert row_security_areas(request) == str(coach_other_area.memberships.get().area_id)


def test_used_link_digests_are_let_go_once_the_link_would_have_expired(aino):
    from osmari.participants.jobs import forget_used_sign_in_links
    from osmari.participants.models import UsedSignInLink

    path = _link(aino)
    with time_machine.travel(time.time() - 31 * 60):
        old = UsedSignInLink.objects.create(digest="0" * 64)
    Browser().post(path)
    assert UsedSignInLink.objects.count() == 2

    assert forget_used_sign_in_links.call() == 1

    assert not UsedSignInLink.objects.filter(pk=old.pk).exists()
    # The link just used stays refused.
    assert Browser().post(path).status_code == 410


def test_the_log_names_who_made_a_link_for_whom_but_never_the_link(aino):
    import getpass

    path = _link(aino)
    made = AuditEvent.objects.get(action="participant.link_made")
    assert made.person_ref == aino.person_ref
    assert made.changes == {"operator": [None, getpass.getuser()]}
    assert path.split("/")[-2] not in str(AuditEvent.objects.values_list())
