from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.models import User
from osmari.accounts.tests.authenticator import give_authenticator
from osmari.accounts.tests.builders import PASSWORD
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SPRAYER = "10.9.8.7"


def _login(client, email, password, address=SPRAYER, language="fi"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _reset(client, email, address=SPRAYER):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.fixture
def few_failures_allowed(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    settings.LOGIN_ADDRESS_WINDOW_MINUTES = 15


def test_password_spraying_from_one_address_is_stopped_before_the_password_is_checked(
    client, coach, manager, analyst, few_failures_allowed
):
    # One guess at each of many accounts: never enough for the lockout per account.
    for email in (manager.email, analyst.email, "nobody@test.osmari.fi", "noone@test.osmari.fi"):
        assert _login(client, email, "Kesä2026!").status_code == 422
    response = _login(client, coach.email, PASSWORD, language="en")
    assert response.status_code == 429
    assert "too many failed logins from your network address. Wait 15 minutes" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    # Refused before the password: no new failure is counted, for the account or the address.
    assert AuditEvent.objects.filter(action="user.login_failed").count() == 4
    assert not AccessAttempt.objects.filter(username=coach.email).exists()
    refused = AuditEvent.objects.get(action="user.login_refused")
    assert (refused.ip_address, refused.object_id) == (SPRAYER, str(coach.pk))


def test_the_refusal_is_in_finnish_and_other_addresses_still_log_in(
    client, coach, manager, few_failures_allowed
):
    for _ in range(4):
        _login(client, manager.email, "wrong password")
    response = _login(client, coach.email, PASSWORD)
    assert response.status_code == 429
    assert "Verkko-osoitteestasi on tehty liian monta epäonnistunutta" in response.content.decode()
    assert _login(client, coach.email, PASSWORD, address="10.1.1.1").status_code == 302


def test_the_address_may_try_again_once_the_window_has_passed(
    client, coach, manager, few_failures_allowed
):
    start = timezone.now()
    with time_machine.travel(start):
        for _ in range(4):
            _login(client, f"someone{_}@test.osmari.fi", "wrong password")
        assert _login(client, coach.email, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16)):
        assert _login(client, coach.email, PASSWORD).status_code == 302


def test_the_lockout_per_account_still_comes_first(client, coach, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, coach.email, "wrong password", address="10.2.2.2")
    assert _login(client, coach.email, PASSWORD, address="10.2.2.2").status_code == 429
    # Far below the address limit: another account from the same address is not refused.
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def test_reset_links_are_limited_per_address_with_the_same_answer(client, db, coach, settings):
    settings.PASSWORD_RESET_HOURLY_LIMIT = 3
    others = [
        User.objects.create_user(email=f"user{n}@test.osmari.fi", password=PASSWORD)
        for n in range(3)
    ]
    answers = [_reset(client, user.email) for user in others]
    assert len(mail.outbox) == 3
    refused = _reset(client, coach.email)
    assert len(mail.outbox) == 3
    # The same page as for every other request: nothing says that this one was refused.
    assert {answer["Location"] for answer in answers} == {refused["Location"]}
    event = AuditEvent.objects.get(action="user.password_reset_refused")
    assert (event.ip_address, event.object_id) == (SPRAYER, str(coach.pk))
    # Another address asks for the same account, and the link goes out.
    _reset(client, coach.email, address="10.3.3.3")
    assert len(mail.outbox) == 4


def test_reset_links_are_limited_per_account_from_any_address(client, coach, settings):
    settings.PASSWORD_RESET_HOURLY_LIMIT = 2
    for n in range(4):
        _reset(client, coach.email, address=f"10.4.4.{n}")
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="user.password_reset_refused").count() == 2
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        _reset(client, coach.email, address="10.4.4.9")
    assert len(mail.outbox) == 3


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db, settings):
    settings.PASSWORD_RESET_HOURLY_LIMIT = 1
    first = _reset(client, "nobody@test.osmari.fi")
    second = _reset(client, "noone@test.osmari.fi")
    assert first["Location"] == second["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_failures_go_to_the_area_administrator_of_the_account_and_all_to_the_superuser(
    client, login, admin, admin_other_area, coach, coach_other_area, area, other_area
):
    coach_other_area.full_name = "Valmentaja Toiselta Alueelta"
    coach_other_area.save()
    give_authenticator(coach)
    _login(client, coach.email, "wrong password")
    _login(client, coach_other_area.email, "wrong password")
    _login(client, "nobody@test.osmari.fi", "wrong password")
    _reset(client, coach.email)
    _login(client, coach.email, PASSWORD, address="10.5.5.5")
    client.post(reverse("accounts:second_factor_verify"), {"code": "000000"})

    def shown_to(user, action):
        page = login(user).get(reverse("accounts:audit_list"), {"action": action})
        return page.content.decode()

    own, other = (
        shown_to(admin, "user.login_failed"),
        shown_to(admin_other_area, "user.login_failed"),
    )
    assert coach.full_name in own and coach_other_area.full_name not in own
    assert coach_other_area.full_name in other and coach.full_name not in other
    assert own.partition("<tbody>")[2].partition("</tbody>")[0].count("<tr>") == 1
    for action in ("user.password_reset_requested", "user.mfa_failed"):
        assert coach.full_name in shown_to(admin, action)
        assert coach.full_name not in shown_to(admin_other_area, action)

    superuser = User.objects.create_superuser(email="root@test.osmari.fi", password=PASSWORD)
    changelist = login(superuser).get(
        reverse("admin:core_auditevent_changelist"), {"action": "user.login_failed"}
    )
    assert changelist.context["cl"].result_count == 3
    unknown = AuditEvent.objects.get(action="user.login_failed", area=None)
    assert (unknown.reason, unknown.object_id) == ("no such account", "")


def test_no_password_is_ever_recorded(client, coach):
    secret = "my very secret passphrase"
    _login(client, coach.email, secret)
    _login(client, secret, secret)
    _login(client, coach.email, PASSWORD)
    for event in AuditEvent.objects.all():
        assert secret not in f"{event.reason} {event.changes} {event.object_repr}"
    for attempt in AccessAttempt.objects.all():
        assert secret not in attempt.post_data
