import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from osmari.accounts.middleware import OPEN_BEFORE_SECOND_FACTOR
from osmari.accounts.models import User
from osmari.accounts.second_factor import recovery_codes_regenerate, second_factor_reset
from osmari.accounts.tests.authenticator import (
    KNOWN_KEY,
    code_at,
    give_authenticator,
    key_from_typed_secret,
)
from osmari.accounts.tests.builders import PASSWORD
from osmari.core.checks import check_production_settings
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:second_factor_verify")
SETUP = reverse("accounts:second_factor_setup")
HOME = reverse("accounts:home")


def _password(client, user, language="fi"):
    return client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _code(client, code, language="fi", next_url=""):
    return client.post(
        VERIFY, {"code": code, "next": next_url}, HTTP_ACCEPT_LANGUAGE=language, follow=False
    )


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@test.osmari.fi", password=PASSWORD)


@pytest.mark.parametrize(
    "persona", ["coach", "manager", "analyst", "admin", "org_contact", "no_role_user", "superuser"]
)
def test_every_role_is_led_to_set_up_a_second_factor_before_anything_else(client, request, persona):
    user = request.getfixturevalue(persona)
    response = _password(client, user)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    # Whatever the user opens next, the set-up comes first, and then the page asked for.
    for url in [HOME, reverse("accounts:password_change"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{SETUP}?next={url.replace('/', '%2F')}"


def test_setting_up_the_app_verifies_the_session_and_shows_ten_recovery_codes_once(client, coach):
    _password(client, coach)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    secret = re.search(r'id="authenticator-secret">([A-Z2-7 ]+)<', html).group(1)
    key = key_from_typed_secret(secret)
    # The secret waits in the session until the app shows a right code.
    assert not TOTPDevice.objects.filter(user=coach).exists()

    response = client.post(SETUP, {"code": code_at(key), "next": HOME})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10 == len(set(codes))
    assert "no-store" in response["Cache-Control"]
    assert TOTPDevice.objects.get(user=coach).confirmed
    assert client.get(HOME).status_code == 200
    assert {"user.mfa_setup", "user.recovery_codes"} <= set(
        AuditEvent.objects.filter(actor=coach).values_list("action", flat=True)
    )
    # The codes are not shown again: the user's own page counts them.
    own_page = client.get(reverse("accounts:second_factor")).content.decode()
    assert "10 käyttämätöntä varakoodia" in own_page
    assert codes[0] not in own_page


@pytest.mark.parametrize(
    "language, message",
    [
        ("fi", "Koodi ei täsmää"),
        ("en", "The code does not match. Check that the app shows Osmari"),
    ],
)
def test_a_wrong_set_up_code_is_refused_and_nothing_is_stored(client, coach, language, message):
    _password(client, coach)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert client.get(HOME).status_code == 302


def test_a_user_with_an_app_gives_its_code_after_the_password(client, coach):
    give_authenticator(coach)
    response = _password(client, coach)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert client.get(HOME)["Location"].startswith(VERIFY)
    response = _code(client, code_at(), next_url="/clients/")
    assert response.status_code == 302
    assert response["Location"] == "/clients/"
    assert client.get(HOME).status_code == 200
    event = AuditEvent.objects.get(action="user.mfa_verified")
    assert (event.actor, event.changes) == (coach, {"method": "totp"})


def test_the_same_code_does_not_log_in_twice(coach):
    give_authenticator(coach)
    code = code_at()
    first, second = Client(), Client()
    for client in (first, second):
        _password(client, coach)
    assert _code(first, code).status_code == 302
    assert _code(second, code).status_code == 422


@pytest.mark.parametrize(
    "language, message",
    [
        ("fi", "Koodi ei ole oikein."),
        ("en", "The code is not right. Type the code your authenticator app shows now"),
    ],
)
def test_a_wrong_code_is_refused_in_the_users_language_and_recorded(
    client, coach, area, language, message
):
    give_authenticator(coach)
    _password(client, coach)
    response = _code(client, "123456" if code_at() != "123456" else "654321", language)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert client.get(HOME).status_code == 302
    failure = AuditEvent.objects.get(action="user.mfa_failed")
    assert (failure.area, failure.object_id) == (area, str(coach.pk))


def test_wrong_codes_in_a_row_make_the_app_wait_longer_each_time(client, coach):
    give_authenticator(coach)
    _password(client, coach)
    start = timezone.now()
    # django-otp waits 1, 2, 4… seconds after each wrong code in a row.
    for seconds, wrong in ((0, "000001"), (1.5, "000002"), (4, "000003")):
        with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
            assert _code(client, wrong).status_code == 422
    with time_machine.travel(start + timedelta(seconds=4), tick=False):
        # Even the right code is refused now, and the page says how long to wait.
        response = _code(client, code_at(), language="en")
        assert response.status_code == 429
        assert "Too many wrong codes in a row. Wait 4 seconds" in response.content.decode()
    with time_machine.travel(start + timedelta(seconds=9), tick=False):
        assert _code(client, code_at()).status_code == 302
    assert AuditEvent.objects.filter(action="user.mfa_failed", changes__throttled=True).exists()


def test_a_recovery_code_logs_in_once_and_is_refused_the_second_time(client, coach):
    give_authenticator(coach)
    codes = recovery_codes_regenerate(actor=coach, user=coach)
    _password(client, coach)
    response = _code(client, codes[0].upper()[:4] + " " + codes[0][4:], language="en")
    assert response.status_code == 302
    page = client.get(HOME).content.decode()
    assert "You have 9 recovery codes left." in page
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post(reverse("accounts:logout"))

    _password(client, coach)
    response = _code(client, codes[0], language="en")
    assert response.status_code == 422
    assert "The code is not right." in response.content.decode()
    assert client.get(HOME).status_code == 302
    # Another code works, once the wait after the wrong one has passed.
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        assert _code(client, codes[1]).status_code == 302


def test_changing_the_app_asks_for_the_old_one_first(client, coach):
    give_authenticator(coach)
    _password(client, coach)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_a_new_app_replaces_the_old_one_and_keeps_the_recovery_codes(login, coach):
    give_authenticator(coach)
    codes = recovery_codes_regenerate(actor=coach, user=coach)
    client = login(coach)
    page = client.get(SETUP)
    assert "Vaihda todennussovelluksesi" in page.content.decode()
    key = key_from_typed_secret(
        re.search(r'id="authenticator-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    )
    response = client.post(SETUP, {"code": code_at(key)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor")
    assert list(TOTPDevice.objects.filter(user=coach).values_list("key", flat=True)) == [key]
    assert StaticToken.objects.filter(device__user=coach).count() == len(codes)
    assert AuditEvent.objects.get(action="user.mfa_setup", actor=coach).changes == {
        "replaced": True
    }


def test_new_recovery_codes_replace_the_old_ones(login, coach):
    old = recovery_codes_regenerate(actor=coach, user=coach)
    response = login(coach).post(reverse("accounts:recovery_codes"))
    assert response.status_code == 200
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    left = set(StaticToken.objects.filter(device__user=coach).values_list("token", flat=True))
    assert left == set(new)
    assert not left & set(old)
    assert AuditEvent.objects.filter(action="user.recovery_codes", actor=coach).count() == 2


def test_resetting_a_second_factor_ends_the_users_sessions_and_is_audited_for_the_area(
    login, admin, coach, area, client
):
    give_authenticator(coach)
    recovery_codes_regenerate(actor=coach, user=coach)
    coach_client = login(coach)
    other_session = login(admin)
    assert coach_client.get(HOME).status_code == 200
    sessions_before = Session.objects.count()

    second_factor_reset(actor=admin, user=coach)

    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert not StaticToken.objects.filter(device__user=coach).exists()
    assert coach_client.get(HOME)["Location"].startswith(reverse("accounts:login"))
    assert other_session.get(HOME).status_code == 200
    assert Session.objects.count() == sessions_before - 1
    event = AuditEvent.objects.get(action="user.mfa_reset")
    assert (event.actor, event.area, event.object_id) == (admin, area, str(coach.pk))
    # At the next login the coach sets up a new app.
    assert _password(client, coach)["Location"].startswith(SETUP)
    rows = other_session.get(reverse("accounts:audit_list"), {"action": "user.mfa_reset"})
    assert "Poisti käyttäjän kaksivaiheisen tunnistautumisen" in rows.content.decode()


def test_the_admin_site_logs_in_through_osmaris_login_and_its_second_factor(
    client, superuser, login, admin
):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('accounts:login')}?next=/admin/"
    # A password alone does not open it.
    _password(client, superuser)
    response = client.get("/admin/")
    assert response["Location"].startswith(SETUP)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 302
    assert login(superuser).get("/admin/").status_code == 200
    # An area administrator is no technical administrator: no loop back to the login.
    assert login(admin).get(reverse("admin:login")).status_code == 403


def test_the_admin_site_lists_second_factors_without_their_secrets(login, superuser, coach):
    give_authenticator(coach)
    codes = recovery_codes_regenerate(actor=coach, user=coach)
    http = login(superuser)
    for name in (
        "admin:otp_totp_totpdevice_changelist",
        "admin:otp_static_staticdevice_changelist",
    ):
        page = http.get(reverse(name)).content.decode()
        assert "Coach" in page
        assert KNOWN_KEY not in page
        assert codes[0] not in page
    assert http.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_pages_open_to_everyone_are_open_before_the_second_factor():
    from tests.test_url_matrix import MATRIX, PUBLIC, TOKEN

    public = {name for name, rule in MATRIX.items() if rule.access in (PUBLIC, TOKEN)}
    assert sorted(public - OPEN_BEFORE_SECOND_FACTOR) == []


def test_a_public_page_opens_before_the_second_factor(client, coach):
    _password(client, coach)
    assert client.get(reverse("core:about")).status_code == 200
    assert client.get(reverse("core:health")).status_code in (200, 503)
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_before_the_second_factor_the_page_shows_no_navigation(client, coach):
    give_authenticator(coach)
    _password(client, coach)
    page = client.get(VERIFY).content.decode()
    assert 'class="site-nav"' not in page
    assert reverse("accounts:password_change") not in page
    _code(client, code_at())
    page = client.get(HOME).content.decode()
    assert 'class="site-nav"' in page
    assert reverse("accounts:second_factor") in page


def test_without_the_requirement_a_user_without_an_app_goes_straight_in(client, coach, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    response = _password(client, coach)
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_without_the_requirement_a_user_with_an_app_still_gives_its_code(client, coach, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    give_authenticator(coach)
    assert _password(client, coach)["Location"].startswith(VERIFY)
    assert client.get(HOME).status_code == 302


def test_production_refuses_logins_without_a_second_factor(settings):
    settings.DEPLOYMENT = "production"
    settings.SECOND_FACTOR_REQUIRED = False
    assert "osmari.E010" in {error.id for error in check_production_settings(None)}
    settings.SECOND_FACTOR_REQUIRED = True
    assert "osmari.E010" not in {error.id for error in check_production_settings(None)}


def test_the_code_page_only_goes_on_to_osmaris_own_pages(client, coach):
    give_authenticator(coach)
    _password(client, coach)
    response = _code(client, code_at(), next_url="https://evil.example/")
    assert response["Location"] == HOME


def test_the_admin_site_asks_for_a_second_factor_even_where_logins_need_not(
    client, superuser, settings
):
    settings.SECOND_FACTOR_REQUIRED = False
    _password(client, superuser)
    assert client.get(HOME).status_code == 200
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
