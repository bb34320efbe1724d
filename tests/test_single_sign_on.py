"""Single sign-on against a real OpenID Connect provider on the loopback interface.

The provider (tests/oidc_provider) runs in its own process for the whole test session. A
sign-in goes as in a browser: Osmari sends the person to the provider, they log in on its
login page, the provider sends them back with a code, and Osmari's relying party fetches and
verifies the ID token from the provider over HTTP.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from osmari.accounts import access
from osmari.accounts.models import ExternalIdentity, Invitation, Role, User
from osmari.accounts.services import user_deactivate, user_invite
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.core.models import AuditEvent
from tests.oidc_provider.process import PEOPLE, Provider, provider_sign_in, provider_start

CALLBACK = "http://testserver/oidc/callback/"
PROVIDER_NAME = "Testikunta"


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    started = provider_start(tmp_path_factory.mktemp("oidc-provider"), redirect_uri=CALLBACK)
    yield started
    started.stop()


@pytest.fixture
def sso(provider, settings) -> Provider:
    """Single sign-on on, with the test provider as the area's identity provider."""
    for name, value in provider.osmari_settings().items():
        setattr(settings, name, value)
    settings.OSMARI_SSO_NAME = PROVIDER_NAME
    return provider


def browser() -> Client:
    # In English, whatever the catalogues hold: the messages are read as text.
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def sign_in(client: Client, username: str, next_url: str = ""):
    """Sign in at the provider as `username`, starting from Osmari's button; returns
    Osmari's answer to the provider sending the browser back."""
    start = client.get(reverse("accounts:sso_start"), {"next": next_url} if next_url else {})
    assert start.status_code == 302
    back = urlsplit(provider_sign_in(start["Location"], username))
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def invite(admin, area, email: str, role: Role = Role.COACH) -> tuple[User, str]:
    """An invited person and the secret of their invitation link."""
    user, link = user_invite(
        actor=admin, area=area, email=email, full_name="Aino Virtanen", language="fi", roles=[role]
    )
    assert link is not None
    return user, link.rstrip("/").rsplit("/", 1)[1]


def accept_by_signing_in(client: Client, token: str, username: str):
    opened = client.get(reverse("accounts:sso_invitation", kwargs={"token": token}))
    assert opened.status_code == 302
    assert opened["Location"] == reverse("accounts:sso_start")
    return sign_in(client, username)


def refusal_shown(client: Client, response) -> str:
    """The login page the refused person lands on, as text."""
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def logged_in_as(client: Client) -> User | None:
    user = get_user(client)
    return user if user.is_authenticated else None


def actions(user: User | None = None) -> list[str]:
    events = AuditEvent.objects.order_by("pk")
    if user is not None:
        events = events.filter(object_type="accounts.user", object_id=str(user.pk))
    return list(events.values_list("action", flat=True))


@pytest.mark.django_db
def test_an_invited_person_binds_their_account_on_first_sign_in_and_is_logged_in(sso, admin, area):
    user, token = invite(admin, area, "aino@mikkeli.fi")
    client = browser()
    response = accept_by_signing_in(client, token, "aino")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert logged_in_as(client) == user
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (sso.issuer, sso.subjects["aino"])
    assert identity.last_used_at is not None
    assert Invitation.objects.get(user=user).accepted_at is not None
    assert actions(user)[-3:] == ["user.invitation_accepted", "user.sso_bound", "user.login_sso"]


@pytest.mark.django_db
def test_a_second_sign_in_finds_the_account_by_issuer_and_subject(sso, admin, area):
    user, token = invite(admin, area, "aino@mikkeli.fi")
    accept_by_signing_in(browser(), token, "aino")
    # The provider knows her by another address than Osmari: the subject is what counts.
    assert PEOPLE["aino"] != user.email
    client = browser()
    response = sign_in(client, "aino", next_url=reverse("clients:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:list")
    assert logged_in_as(client) == user
    assert ExternalIdentity.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_an_account_with_the_same_e_mail_address_is_never_matched(sso, area):
    # Eero has an Osmari account under the very address the provider holds for him, yet
    # his account was never bound to his subject by an invitation.
    eero = make_person(PEOPLE["eero"], Role.COACH, area)
    client = browser()
    page = refusal_shown(client, sign_in(client, "eero"))
    assert (
        f"This account at {PROVIDER_NAME} is not linked to Osmari. "
        "Ask your area administrator for an invitation."
    ) in page
    assert logged_in_as(client) is None
    assert not ExternalIdentity.objects.exists()
    refused = AuditEvent.objects.get(action="user.login_sso_refused")
    assert refused.object_id == ""
    assert refused.changes == {
        "issuer": sso.issuer,
        "subject": sso.subjects["eero"],
        "reason": "unknown",
    }
    assert "user.login_sso" not in actions(eero)


@pytest.mark.django_db
def test_a_deactivated_account_is_refused_and_its_open_session_ends(sso, admin, area):
    user, token = invite(admin, area, "aino@mikkeli.fi")
    earlier = browser()
    accept_by_signing_in(earlier, token, "aino")
    assert logged_in_as(earlier) == user
    user_deactivate(actor=admin, user=user, reason="Left the area's service")
    assert logged_in_as(earlier) is None
    client = browser()
    page = refusal_shown(client, sign_in(client, "aino"))
    assert "Your Osmari account is no longer in use." in page
    assert logged_in_as(client) is None
    refused = AuditEvent.objects.get(action="user.login_sso_refused")
    assert (refused.object_id, refused.changes["reason"]) == (str(user.pk), "inactive")


@pytest.mark.django_db
def test_roles_come_from_osmari_never_from_the_provider(sso, admin, area):
    # The provider says Ville is an administrator, in its groups and its roles claims.
    user, token = invite(admin, area, "ville@mikkeli.fi", role=Role.COACH)
    client = browser()
    accept_by_signing_in(client, token, "ville")
    signed_in = logged_in_as(client)
    assert signed_in == user
    assert access.roles(signed_in) == {Role.COACH}
    assert not access.may(signed_in, "audit.view")
    assert not access.may(signed_in, "users.manage")
    assert (signed_in.is_staff, signed_in.is_superuser) == (False, False)
    assert not signed_in.groups.exists()


@pytest.mark.django_db
def test_a_sign_in_through_the_provider_is_followed_by_osmaris_own_second_factor(sso, admin, area):
    # Eero gave a second factor at the provider, and its ID token says so (`amr`): Osmari
    # still asks for its own.
    _user, token = invite(admin, area, "eero@mikkeli.fi")
    client = browser()
    response = accept_by_signing_in(client, token, "eero")
    start = client.get(response["Location"])
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("accounts:second_factor_setup"))


@pytest.mark.django_db
def test_a_subject_bound_to_one_account_is_not_bound_to_another(sso, admin, area):
    first, first_token = invite(admin, area, "aino@mikkeli.fi")
    accept_by_signing_in(browser(), first_token, "aino")
    second, second_token = invite(admin, area, "aino.toinen@mikkeli.fi")
    client = browser()
    page = refusal_shown(client, accept_by_signing_in(client, second_token, "aino"))
    assert f"This account at {PROVIDER_NAME} is already linked to another Osmari account." in page
    assert logged_in_as(client) is None
    assert list(ExternalIdentity.objects.values_list("user", flat=True)) == [first.pk]
    # The second invitation stays open for its own person.
    assert Invitation.objects.get(user=second).accepted_at is None
    refused = AuditEvent.objects.get(action="user.login_sso_refused")
    assert (refused.object_id, refused.changes["reason"]) == (str(second.pk), "taken")


@pytest.mark.django_db
def test_a_used_invitation_link_does_not_start_a_sign_in(sso, admin, area):
    _user, token = invite(admin, area, "aino@mikkeli.fi")
    accept_by_signing_in(browser(), token, "aino")
    client = browser()
    response = client.get(reverse("accounts:sso_invitation", kwargs={"token": token}))
    page = refusal_shown(client, response)
    assert "The invitation has already been used or has expired." in page


@pytest.mark.django_db
def test_an_id_token_from_another_issuer_is_refused(sso, settings, admin, area):
    _user, token = invite(admin, area, "aino@mikkeli.fi")
    # Osmari expects another issuer than the one that signs the token.
    settings.OIDC_OP_ISSUER = "https://login.example.fi/other-tenant/v2.0"
    client = browser()
    page = refusal_shown(client, accept_by_signing_in(client, token, "aino"))
    assert f"Signing in with {PROVIDER_NAME} did not succeed." in page
    assert logged_in_as(client) is None
    assert not ExternalIdentity.objects.exists()


@pytest.mark.django_db
def test_the_invitation_page_offers_to_sign_in_at_the_provider(sso, admin, area):
    _user, token = invite(admin, area, "aino@mikkeli.fi")
    page = browser().get(reverse("accounts:invitation", kwargs={"token": token}))
    assert page.status_code == 200
    assert f"Sign in with {PROVIDER_NAME}" in page.content.decode()
    sso_invitation = reverse("accounts:sso_invitation", kwargs={"token": token})
    assert f'href="{sso_invitation}"' in page.content.decode()


@pytest.mark.django_db
def test_the_login_page_offers_the_provider_beside_the_password(sso):
    page = browser().get(reverse("accounts:login"), {"next": "/clients/"})
    assert f"Sign in with {PROVIDER_NAME}" in page.content.decode()
    assert f'href="{reverse("accounts:sso_start")}?next=/clients/"' in page.content.decode()
    assert 'name="password"' in page.content.decode()


@pytest.mark.django_db
def test_without_single_sign_on_there_is_no_button_the_addresses_answer_404_and_passwords_work(
    admin, area
):
    _user, token = invite(admin, area, "aino@mikkeli.fi")
    client = browser()
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert reverse("accounts:sso_start") not in page.content.decode()
    assert client.get(reverse("accounts:sso_start")).status_code == 404
    assert (
        client.get(reverse("accounts:sso_callback"), {"code": "x", "state": "y"}).status_code == 404
    )
    sso_invitation = reverse("accounts:sso_invitation", kwargs={"token": token})
    assert client.get(sso_invitation).status_code == 404
    coach = make_person("coach@test.osmari.fi", Role.COACH, area)
    response = client.post(
        reverse("accounts:login"), {"username": coach.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert logged_in_as(client) == coach


def test_half_configured_single_sign_on_stops_the_process_with_what_is_missing_named():
    env = {name: value for name, value in os.environ.items() if not name.startswith("OIDC_")}
    env.update({"DATABASE_URL": "", "OSMARI_SSO_NAME": PROVIDER_NAME, "OIDC_RP_CLIENT_ID": "x"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Single sign-on is half configured: set OIDC_RP_CLIENT_SECRET, OIDC_OP_ISSUER" in (
        result.stderr
    )
