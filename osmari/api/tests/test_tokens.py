"""Tokens: issued and revoked with a log line, kept only as a digest, ending on their day,
and every call made with one logged; a browser's login reaches nothing under /api/."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from osmari.api.models import ApiToken
from osmari.api.tokens import digest_of, issue_token, revoke_token
from osmari.core.models import AuditEvent

TOKEN_URL = "/api/v1/token"


def test_the_key_is_shown_once_and_only_its_digest_is_kept(area, admin):
    issued = issue_token(actor=admin, area=area, kind="system", name="Asiakasrekisteri")
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.key.startswith("osm_") and len(issued.key) > 40
    assert stored.digest == digest_of(issued.key)
    assert issued.key not in {getattr(stored, f.attname) for f in ApiToken._meta.fields}
    event = AuditEvent.objects.get(action="api.token_issued")
    assert event.actor == admin and issued.key not in str(event.changes)


def test_a_token_answers_what_it_is(api_as):
    response = api_as("reporting").get(TOKEN_URL)
    assert response.status_code == 200
    assert response.json()["kind"] == "reporting"
    assert response.json()["area"] == "mikkeli"
    assert "client.list" not in response.json()["permissions"]


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer osm_not-a-key", "Basic b3NtYXJpOm9zbWFyaQ==", "Bearer " + "x" * 5000],
)
def test_no_or_a_wrong_key_gets_a_problem_401(client, area, header):
    response = client.get(TOKEN_URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_a_revoked_token_is_refused_at_once(api_as, area, admin):
    caller = api_as("system")
    assert caller.get(TOKEN_URL).status_code == 200
    token = ApiToken.objects.get(digest=digest_of(caller.key))
    revoke_token(actor=admin, token=token)
    assert caller.get(TOKEN_URL).status_code == 401
    assert AuditEvent.objects.filter(action="api.token_revoked", actor=admin).count() == 1


def test_a_token_ends_after_its_last_day(area):
    issued = issue_token(actor=None, area=area, kind="reporting", name="BI", days=1)
    from django.test import Client

    caller = Client(HTTP_AUTHORIZATION=f"Bearer {issued.key}")
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        assert caller.get(TOKEN_URL).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2, hours=1), tick=False):
        assert caller.get(TOKEN_URL).status_code == 401


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        ("reporting", {"write": True}, "only reads"),
        ("organisation", {}, "organisation"),
        ("system", {"days": 400}, "1 to 365"),
        ("system", {"name": "  "}, "Say which system"),
        ("root", {}, "kind"),
    ],
)
def test_a_scope_that_does_not_hold_together_is_refused(area, kind, extra, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        issue_token(actor=None, area=area, kind=kind, name=extra.pop("name", "X"), **extra)
    assert message in " ".join(refused.value.messages)
    assert not ApiToken.objects.exists()


def test_an_organisation_token_of_another_areas_organisation_is_refused(other_area, organisation):
    with pytest.raises(ValidationError):
        issue_token(
            actor=None, area=other_area, kind="organisation", organisation=organisation, name="X"
        )


def test_every_call_is_logged_with_the_token_and_the_answer(api_as):
    caller = api_as("reporting")
    caller.get(TOKEN_URL)
    caller.get("/api/v1/no-such-thing")
    calls = list(AuditEvent.objects.filter(action="api.call").order_by("pk"))
    assert [c.changes["status"] for c in calls] == [200, 404]
    assert calls[0].actor is None and calls[0].actor_label.startswith("API: test reporting")
    assert calls[0].reason == TOKEN_URL and calls[0].area.code == "mikkeli"


def test_a_token_ends_with_its_issuer_s_role(area, organisation, org_contact, admin, manager):
    """The key was shown to its issuer alone: a contact who leaves the organisation, or an
    administrator whose account is closed, leaves no working key behind."""
    from django.test import Client

    from osmari.accounts.services import user_deactivate, user_reactivate
    from osmari.employers.models import OrganisationMembership

    hr = issue_token(
        actor=org_contact, area=area, kind="organisation", organisation=organisation, name="HR"
    )
    system = issue_token(actor=admin, area=area, kind="system", name="Asiakasrekisteri")
    hr_caller = Client(HTTP_AUTHORIZATION=f"Bearer {hr.key}")
    system_caller = Client(HTTP_AUTHORIZATION=f"Bearer {system.key}")
    assert hr_caller.get(TOKEN_URL).status_code == system_caller.get(TOKEN_URL).status_code == 200

    OrganisationMembership.objects.filter(user=org_contact, organisation=organisation).delete()
    assert hr_caller.get(TOKEN_URL).status_code == 401
    user_deactivate(actor=manager, user=admin, reason="Left the area")
    assert system_caller.get(TOKEN_URL).status_code == 401
    # Both refusals are in the area's log, under the tokens.
    refused = AuditEvent.objects.filter(action="api.call_refused", area=area)
    assert {e.object_id for e in refused} == {str(hr.token.pk), str(system.token.pk)}
    # Back in the role, the token works again until its own day.
    user_reactivate(actor=manager, user=admin)
    assert system_caller.get(TOKEN_URL).status_code == 200


def test_an_administrator_of_two_areas_issues_for_each_and_loses_one(area, other_area, admin):
    from django.test import Client

    from osmari.accounts.models import Membership, Role
    from osmari.accounts.services import membership_grant, membership_revoke

    membership_grant(actor=None, user=admin, role=Role.AREA_ADMIN, area=other_area)
    here = issue_token(actor=admin, area=area, kind="system", name="Täällä")
    there = issue_token(actor=admin, area=other_area, kind="system", name="Tuolla")
    membership_revoke(actor=None, membership=Membership.objects.get(user=admin, area=other_area))
    assert Client(HTTP_AUTHORIZATION=f"Bearer {here.key}").get(TOKEN_URL).status_code == 200
    assert Client(HTTP_AUTHORIZATION=f"Bearer {there.key}").get(TOKEN_URL).status_code == 401


def test_a_token_whose_issuer_s_account_is_gone_is_refused(area, admin):
    """The account row removed outright (not the usual pseudonymising): the address it was
    issued under remains, and the token is not taken for an operator's."""
    from django.test import Client

    issued = issue_token(actor=admin, area=area, kind="reporting", name="BI")
    ApiToken.objects.filter(pk=issued.token.pk).update(issued_by=None)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {issued.key}").get(TOKEN_URL).status_code == 401
    operator = issue_token(actor=None, area=area, kind="reporting", name="Ops")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {operator.key}").get(TOKEN_URL).status_code == 200


def test_a_token_ends_when_its_issuer_s_role_expires(area, admin):
    from django.test import Client

    from osmari.accounts.models import Membership

    until = timezone.localdate() + timedelta(days=5)
    Membership.objects.filter(user=admin).update(expires_on=until)
    issued = issue_token(actor=admin, area=area, kind="reporting", name="BI", days=30)
    caller = Client(HTTP_AUTHORIZATION=f"Bearer {issued.key}")
    with time_machine.travel(timezone.now() + timedelta(days=5), tick=False):
        assert caller.get(TOKEN_URL).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7), tick=False):
        assert caller.get(TOKEN_URL).status_code == 401


def _refused() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="api.call_refused").order_by("pk"))


def test_a_revoked_token_still_calling_is_logged_to_its_area(api_as, area, admin):
    """An administrator sees that a system goes on calling with a token that was revoked:
    the call is logged under the token, with its first characters, never the key."""
    caller = api_as("system")
    token = ApiToken.objects.get(digest=digest_of(caller.key))
    revoke_token(actor=admin, token=token)
    caller.get(TOKEN_URL, REMOTE_ADDR="198.51.100.7")
    [event] = _refused()
    assert event.area == area and event.object_id == str(token.pk)
    assert event.changes == {"method": "GET", "status": 401, "key": token.prefix}
    assert event.reason == TOKEN_URL and event.ip_address == "198.51.100.7"
    assert caller.key not in str(event.changes) + event.object_repr
    assert not AuditEvent.objects.filter(action="api.call").exists()


@pytest.mark.parametrize(
    ("header", "logged_key"),
    [
        ("", "none"),
        ("Bearer osm_made-up-key-0123456789", "osm_made-u"),
        ("Bearer my-password-by-mistake", "sent, not ours"),
        ("Basic b3NtYXJpOm9zbWFyaQ==", "none"),
    ],
)
def test_a_call_without_a_valid_token_is_logged_without_the_key(client, area, header, logged_key):
    response = client.get(TOKEN_URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    [event] = _refused()
    assert event.area is None and event.actor is None
    assert event.changes == {"method": "GET", "status": 401, "key": logged_key}
    assert "password" not in str(event.changes) and "made-up-key" not in str(event.changes)


def test_too_large_a_body_without_a_token_is_logged(client, area, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = client.post(TOKEN_URL, data="x" * 1001, content_type="application/json")
    assert response.status_code == 413
    assert [e.changes["status"] for e in _refused()] == [413]


def test_too_large_a_body_with_a_token_is_counted_and_logged_as_its_call(api_as, settings):
    settings.API_MAX_BODY_BYTES = 1000
    caller = api_as("system", write=True)
    caller.post(TOKEN_URL, data="x" * 1001, content_type="application/json")
    [call] = AuditEvent.objects.filter(action="api.call")
    assert call.changes["status"] == 413
    assert ApiToken.objects.get(digest=digest_of(caller.key)).window_calls == 1


def test_a_flood_of_refused_calls_does_not_flood_the_log(client, area, settings):
    settings.API_REFUSED_LOGGED_PER_MINUTE = 3
    for _ in range(5):
        assert client.get(TOKEN_URL, REMOTE_ADDR="203.0.113.9").status_code == 401
    assert len(_refused()) == 3
    # Another address is logged on its own count.
    client.get(TOKEN_URL, REMOTE_ADDR="203.0.113.10")
    assert len(_refused()) == 4
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        client.get(TOKEN_URL, REMOTE_ADDR="203.0.113.9")
    assert len(_refused()) == 5


def test_refused_calls_from_ever_new_addresses_are_capped_too(client, area, settings):
    settings.API_REFUSED_LOGGED_PER_MINUTE = 2
    for n in range(30):
        client.get(TOKEN_URL, REMOTE_ADDR=f"2001:db8::{n + 1:x}")
    assert len(_refused()) == 20  # ten times the per-address cap


def test_the_public_description_is_not_logged_as_refused(client, db):
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert _refused() == []


def test_a_logged_in_browser_reaches_nothing_under_the_api(login, manager):
    response = login(manager).get(TOKEN_URL)
    assert response.status_code == 401


def test_the_rate_limit_answers_429_with_retry_after(api_as, settings):
    settings.API_CALLS_PER_MINUTE = 3
    caller = api_as("reporting")
    with time_machine.travel(timezone.now().replace(second=10), tick=False):
        answers = [caller.get(TOKEN_URL).status_code for _ in range(4)]
        refused = caller.get(TOKEN_URL)
    assert answers == [200, 200, 200, 429]
    assert refused["Retry-After"] == "50"
    assert refused.json()["status"] == 429
    with time_machine.travel(timezone.now().replace(second=5) + timedelta(minutes=1), tick=False):
        assert caller.get(TOKEN_URL).status_code == 200


def test_a_body_over_the_limit_is_refused_before_it_is_read(api_as, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = api_as("system", write=True).post(
        TOKEN_URL, data="x" * 1001, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["type"].endswith("too-large")


def test_problems_speak_the_callers_language(client, area):
    finnish = client.get(TOKEN_URL, HTTP_ACCEPT_LANGUAGE="fi")
    english = client.get(TOKEN_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["title"] == "A valid API token is needed."
    assert finnish.json()["title"] != english.json()["title"]


def test_the_command_prints_the_key_on_its_own_line(area, organisation):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "issue_api_token",
        "--area",
        "mikkeli",
        "--kind",
        "organisation",
        "--organisation",
        str(organisation.pk),
        "--write",
        stdout=out,
        stderr=err,
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("osm_")
    token = ApiToken.objects.get(digest=digest_of(lines[0]))
    assert token.organisation == organisation and token.write
    assert AuditEvent.objects.get(action="api.token_issued").changes["operator"]


def test_the_command_refuses_an_unknown_area(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("issue_api_token", "--area", "atlantis", "--kind", "system")


def test_the_description_is_public_and_lists_every_operation(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/token" in schema["paths"]
    problem = schema["paths"]["/api/v1/token"]["get"]["responses"]["401"]
    assert "application/problem+json" in problem["content"]
