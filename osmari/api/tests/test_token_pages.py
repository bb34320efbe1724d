"""The pages where tokens are issued and revoked: an area's administrator for the area's
systems and reporting, an organisation's contact for their own organisation. The key is shown
once, in the answer that issued it; a token outside the user's scope is not found."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from osmari.api.models import ApiToken
from osmari.api.tokens import digest_of, issue_token
from osmari.core.models import AuditEvent
from osmari.employers.services import organisation_membership_grant
from osmari.employers.tests.builders import make_contact_person, make_organisation

pytestmark = pytest.mark.django_db

LIST = reverse("api_tokens:list")
ISSUE = reverse("api_tokens:issue")
TOKEN_URL = "/api/v1/token"


def _issue(http, **overrides):
    data = {"name": "Asiakasrekisteri", "kind": "system", "days": "90"}
    data.update(overrides)
    return http.post(ISSUE, {k: v for k, v in data.items() if v is not None})


def _key_of(response) -> str:
    return response.context["issued"].key


def _calls_with(key: str):
    return Client().get(TOKEN_URL, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_an_admin_issues_a_system_token_whose_key_works_once_shown(login, admin, area):
    http = login(admin)
    assert http.get(ISSUE).status_code == 200
    response = _issue(http, write="on")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = _key_of(response)
    assert key in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.kind, token.area, token.organisation, token.write) == (
        "system",
        area,
        None,
        True,
    )
    assert token.digest == digest_of(key) and token.issued_by == admin
    answer = _calls_with(key)
    assert answer.status_code == 200
    assert answer.json()["kind"] == "system"
    assert AuditEvent.objects.filter(action="api.token_issued", actor=admin).count() == 1
    # Never through the session: the next page carries no message with the key.
    listing = http.get(LIST)
    page = listing.content.decode()
    assert key not in page and token.prefix in page
    assert "Asiakasrekisteri" in page


def test_a_contact_issues_their_own_organisations_token_and_no_other(
    login, org_contact, organisation, other_organisation
):
    http = login(org_contact)
    form = http.get(ISSUE)
    assert form.status_code == 200
    assert [value for value, _label in form.context["form"].fields["kind"].choices] == [
        "organisation"
    ]

    response = _issue(http, kind="organisation", organisation=organisation.pk)
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert (token.kind, token.organisation, token.area) == (
        "organisation",
        organisation,
        organisation.area,
    )
    assert _calls_with(_key_of(response)).status_code == 200

    refused = _issue(http, kind="organisation", organisation=other_organisation.pk)
    assert refused.status_code == 422
    assert "organisation" in refused.context["form"].errors
    # Nor an area's token, which only the administrator issues.
    system = _issue(http, kind="system")
    assert system.status_code == 422
    assert "kind" in system.context["form"].errors
    assert ApiToken.objects.count() == 1


def test_a_contact_of_two_organisations_chooses_which(login, area, organisation):
    second = make_organisation(area, "Mikkelin Kone Oy", "0114162-2")
    contact = make_contact_person("org@test.osmari.fi", organisation)
    organisation_membership_grant(actor=None, user=contact, organisation=second)
    http = login(contact)
    form = http.get(ISSUE).context["form"]
    assert set(form.fields["organisation"].queryset) == {organisation, second}
    assert _issue(http, kind="organisation", organisation=second.pk).status_code == 200
    assert ApiToken.objects.get().organisation == second


@pytest.mark.parametrize("persona", ["coach", "manager", "analyst", "dpo", "no_role_user"])
def test_other_roles_are_refused(request, login, persona):
    http = login(request.getfixturevalue(persona))
    assert http.get(LIST).status_code == 403
    assert http.get(ISSUE).status_code == 403
    assert _issue(http).status_code == 403
    assert not ApiToken.objects.exists()


def test_an_anonymous_user_is_sent_to_log_in(client):
    for response in (client.get(LIST), client.get(ISSUE), _issue(client)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not ApiToken.objects.exists()


def test_an_admin_revokes_after_confirming_and_the_key_is_refused(login, admin, area):
    issued = issue_token(actor=admin, area=area, kind="reporting", name="Raportointi")
    assert _calls_with(issued.key).status_code == 200
    http = login(admin)
    confirm = http.get(reverse("api_tokens:revoke_confirm", args=[issued.token.pk]))
    assert confirm.status_code == 200
    assert "Raportointi" in confirm.content.decode()
    # A GET of the revoking address changes nothing.
    assert http.get(reverse("api_tokens:revoke", args=[issued.token.pk])).status_code == 405

    response = http.post(reverse("api_tokens:revoke", args=[issued.token.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    assert _calls_with(issued.key).status_code == 401
    assert AuditEvent.objects.filter(action="api.token_revoked", actor=admin).count() == 1
    rows = http.get(LIST).context["rows"]
    assert [row.status for row in rows] == ["revoked"]


def test_an_admin_sees_and_revokes_the_organisations_tokens_of_the_area(
    login, admin, org_contact, organisation
):
    issued = issue_token(
        actor=org_contact,
        area=organisation.area,
        kind="organisation",
        organisation=organisation,
        name="Toiminnanohjaus",
    )
    http = login(admin)
    assert [row.token for row in http.get(LIST).context["rows"]] == [issued.token]
    http.post(reverse("api_tokens:revoke", args=[issued.token.pk]))
    assert _calls_with(issued.key).status_code == 401


def test_the_list_says_a_token_ended_with_its_issuer_s_role_and_it_can_still_be_revoked(
    login, admin, org_contact, organisation
):
    from osmari.employers.models import OrganisationMembership

    issued = issue_token(
        actor=org_contact,
        area=organisation.area,
        kind="organisation",
        organisation=organisation,
        name="Toiminnanohjaus",
    )
    OrganisationMembership.objects.filter(user=org_contact).delete()
    http = login(admin)
    response = http.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    [row] = response.context["rows"]
    assert row.status == "lapsed"
    assert "Ended with its issuer's role" in response.content.decode()
    assert _calls_with(issued.key).status_code == 401
    http.post(reverse("api_tokens:revoke", args=[issued.token.pk]))
    assert http.get(LIST).context["rows"][0].status == "revoked"


def test_a_contact_cannot_revoke_another_organisations_token(
    login, org_contact, other_org_contact, other_organisation
):
    issued = issue_token(
        actor=other_org_contact,
        area=other_organisation.area,
        kind="organisation",
        organisation=other_organisation,
        name="Toisen järjestelmä",
    )
    http = login(org_contact)
    assert http.get(reverse("api_tokens:revoke_confirm", args=[issued.token.pk])).status_code == 404
    assert http.post(reverse("api_tokens:revoke", args=[issued.token.pk])).status_code == 404
    assert _calls_with(issued.key).status_code == 200
    assert http.get(LIST).context["rows"] == []


def test_a_contact_cannot_revoke_the_areas_tokens_nor_an_admin_another_areas(
    login, org_contact, admin_other_area, area, admin
):
    issued = issue_token(actor=admin, area=area, kind="system", name="Asiakasrekisteri")
    for user in (org_contact, admin_other_area):
        http = login(user)
        assert http.post(reverse("api_tokens:revoke", args=[issued.token.pk])).status_code == 404
        assert http.get(LIST).context["rows"] == []
    assert _calls_with(issued.key).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"days": "0"}, "days"),
        ({"days": "400"}, "days"),
        ({"days": "kolme"}, "days"),
        ({"kind": "reporting", "write": "on"}, "write"),
        ({"kind": "organisation"}, "kind"),
        ({"kind": "everything"}, "kind"),
    ],
)
def test_bad_input_shows_the_form_again_and_saves_nothing(login, admin, overrides, field):
    response = _issue(login(admin), **overrides)
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors
    page = response.content.decode()
    assert "error-summary" in page and str(form.errors[field][0]) in page
    assert "issued" not in response.context
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api.token_issued").exists()


def test_the_list_reads_a_bounded_number_of_queries(
    login, admin, area, organisation, django_assert_max_num_queries
):
    for number in range(10):
        issue_token(actor=admin, area=area, kind="system", name=f"Järjestelmä {number}")
        issue_token(
            actor=None,
            area=area,
            kind="organisation",
            organisation=organisation,
            name=f"Organisaatio {number}",
        )
    http = login(admin)
    http.get(LIST)  # the session's first reads
    with django_assert_max_num_queries(8):
        response = http.get(LIST)
    rows = response.context["rows"]
    assert len(rows) == 20
    # Newest first.
    assert rows[0].token.name == "Organisaatio 9"
    assert [row.token.issued_at for row in rows] == sorted(
        (row.token.issued_at for row in rows), reverse=True
    )


def test_the_start_pages_link_to_the_tokens(login, admin, org_contact, coach):
    assert LIST in login(admin).get(reverse("accounts:home")).content.decode()
    assert LIST in login(org_contact).get(reverse("accounts:home")).content.decode()
    assert LIST not in login(coach).get(reverse("accounts:home")).content.decode()
