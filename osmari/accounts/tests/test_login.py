import re

import pytest
from django.core import mail
from django.urls import reverse

from osmari.accounts.tests.authenticator import code_at, give_authenticator
from osmari.accounts.tests.builders import PASSWORD
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR="10.1.2.3"
    )


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_coach_logs_in_with_e_mail_and_the_login_is_audited(client, coach, area):
    give_authenticator(coach)
    response = _login(client, "COACH@test.osmari.fi", PASSWORD)
    assert response.status_code == 302
    client.post(reverse("accounts:second_factor_verify"), {"code": code_at()})
    assert client.get(reverse("accounts:home")).status_code == 200
    event = AuditEvent.objects.get(action="user.login")
    assert (event.actor, event.area, event.ip_address) == (coach, area, "10.1.2.3")
    assert event.request_id


def test_a_wrong_password_is_refused_in_finnish_and_audited(client, coach):
    response = _login(client, coach.email, "wrong password")
    assert response.status_code == 422
    assert "Ole hyvä ja syötä kelvollinen sähköpostiosoite" in response.content.decode()
    assert AuditEvent.objects.filter(action="user.login_failed").count() == 1


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, coach, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, coach.email, "wrong password")
    response = _login(client, coach.email, PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("accounts:home")).status_code == 302


def test_logout_is_post_only_and_audited(client, coach):
    _login(client, coach.email, PASSWORD)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.logout", actor=coach).exists()
    assert client.get(reverse("accounts:home")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, coach):
    response = client.post(reverse("accounts:password_reset"), {"email": coach.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    new_password = "a much longer new password 2026"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert _login(client, coach.email, new_password).status_code == 302
    assert AuditEvent.objects.filter(action="user.password_reset", actor=coach).exists()


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.fi"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_needs_the_old_password_and_keeps_it_on_error(login, coach):
    client = login(coach)
    url = reverse("accounts:password_change")
    response = client.post(
        url,
        {
            "old_password": "wrong",
            "new_password1": "x" * 20 + "7q",
            "new_password2": "x" * 20 + "7q",
        },
    )
    assert response.status_code == 422
    coach.refresh_from_db()
    assert coach.check_password(PASSWORD)
    new = "another long passphrase 2026"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.password_changed", actor=coach).exists()


def test_session_cookie_is_http_only_and_expires_with_the_browser(client, coach, settings):
    response = _login(client, coach.email, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize(
    "name, heading",
    [
        ("accounts:password_change", "Vaihda salasana"),
        ("accounts:password_change_done", None),
    ],
)
def test_the_password_pages_are_osmaris_own_in_the_users_language(login, coach, name, heading):
    page = login(coach).get(reverse(name)).content.decode()
    # Django's admin ships pages under the same names; a coach must never land there.
    assert "Django" not in page
    assert 'class="site-header' in page or "Osmari" in page
    if heading:
        assert heading in page


@pytest.mark.parametrize(
    "name",
    ["accounts:password_reset", "accounts:password_reset_done", "accounts:password_reset_complete"],
)
def test_the_password_reset_pages_are_osmaris_own(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "Django" not in page
    assert "Osmari" in page
