"""The area administrator manages the area's users: invitations, roles, deactivation and the
periodic access review. Every change is audited; nothing reaches another area's accounts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from osmari.accounts import access, invitations
from osmari.accounts.models import Invitation, Membership, Role, User
from osmari.accounts.tests.builders import make_person
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _invite(client, **overrides):
    data = {
        "email": "Uusi.Ohjaaja@Test.Osmari.fi",
        "full_name": "Uusi Ohjaaja",
        "language": "fi",
        "roles": ["coach"],
        "expires_on": "",
    }
    data.update(overrides)
    return client.post(reverse("accounts:user_invite"), data)


def _link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)


def test_an_invited_person_takes_the_account_into_use_once(
    login, admin, area, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(login(admin))
    invited = User.objects.get(email="uusi.ohjaaja@test.osmari.fi")
    assert response.status_code == 302
    assert not invited.has_usable_password()
    assert [m.role for m in invited.memberships.all()] == ["coach"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [invited.email]
    assert "Osmari" in mail.outbox[0].subject or "Osmari" in mail.outbox[0].body
    link = _link_in(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash of the secret is stored.
    assert not Invitation.objects.filter(token_hash=token).exists()

    visitor = Client()
    path = link.split("127.0.0.1:8000", 1)[-1]
    page = visitor.get(path)
    assert page.status_code == 200
    assert invited.email in page.content.decode()
    chosen = "kesäkuun-Ohjaus-2026"
    response = visitor.post(path, {"new_password1": chosen, "new_password2": chosen})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password(chosen)

    # The link worked once: opened again, it explains itself and sets nothing.
    again = Client().post(
        path, {"new_password1": "toinen-Salasana-99", "new_password2": "toinen-Salasana-99"}
    )
    assert again.status_code == 404
    assert "no longer works" in again.content.decode() or "ei enää toimi" in again.content.decode()
    invited.refresh_from_db()
    assert invited.check_password(chosen)
    actions = set(
        AuditEvent.objects.filter(object_id=str(invited.pk)).values_list("action", flat=True)
    )
    assert {"user.create", "user.invite", "user.invitation_accepted"} <= actions


def test_an_expired_or_replaced_invitation_no_longer_works(admin, area):
    person = make_person("late@test.osmari.fi", Role.COACH, area)
    person.set_unusable_password()
    person.save()
    first = invitations.invitation_send(actor=admin, user=person, area=area).rstrip("/")
    second = invitations.invitation_send(actor=admin, user=person, area=area).rstrip("/")
    assert invitations.invitation_find(first.rsplit("/", 1)[1]) is None
    token = second.rsplit("/", 1)[1]
    assert invitations.invitation_find(token) is not None
    Invitation.objects.filter(user=person).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert invitations.invitation_find(token) is None
    assert Client().get(reverse("accounts:invitation", args=[token])).status_code == 404


def test_a_weak_password_is_refused_and_the_invitation_still_works(admin, area):
    person = make_person("weak@test.osmari.fi", Role.COACH, area)
    person.set_unusable_password()
    person.save()
    token = (
        invitations.invitation_send(actor=admin, user=person, area=area)
        .rstrip("/")
        .rsplit("/", 1)[1]
    )
    url = reverse("accounts:invitation", args=[token])
    response = Client(headers={"accept-language": "en"}).post(
        url, {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 422
    assert "too short" in response.content.decode()
    assert invitations.invitation_find(token) is not None


def test_an_auditor_needs_an_end_date_and_loses_access_after_it(login, admin, area):
    client = login(admin)
    response = _invite(client, email="auditor@audit.example", roles=["auditor"])
    assert response.status_code == 422
    assert not User.objects.filter(email="auditor@audit.example").exists()
    until = timezone.localdate() + timedelta(days=10)
    response = _invite(
        client, email="auditor@audit.example", roles=["auditor"], expires_on=until.isoformat()
    )
    assert response.status_code == 302
    auditor = User.objects.get(email="auditor@audit.example")
    assert access.may(auditor, "reporting.view", area)
    assert not access.may(auditor, "client.view")
    Membership.objects.filter(user=auditor).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    auditor = User.objects.get(pk=auditor.pk)
    assert not access.may(auditor, "reporting.view", area)


def test_an_existing_account_gets_the_roles_without_a_new_invitation(login, admin, area, coach):
    response = _invite(login(admin), email=coach.email, roles=["analyst"])
    assert response.status_code == 302
    assert set(coach.memberships.values_list("role", flat=True)) == {"coach", "analyst"}
    assert not Invitation.objects.filter(user=coach).exists()


def test_the_administrator_adds_and_removes_roles_and_deactivates_a_leaver(
    login, admin, coach, area
):
    client = login(admin)
    detail = reverse("accounts:user_detail", args=[coach.pk])
    assert client.get(detail).status_code == 200
    client.post(reverse("accounts:user_role_add", args=[coach.pk]), {"role": "manager"})
    manager_role = coach.memberships.get(role="manager")
    client.post(reverse("accounts:user_role_remove", args=[coach.pk, manager_role.pk]))
    assert list(coach.memberships.values_list("role", flat=True)) == ["coach"]

    leaver = login(coach)
    assert leaver.get(reverse("accounts:home")).status_code == 200
    refused = client.post(reverse("accounts:user_deactivate", args=[coach.pk]), {"reason": ""})
    assert refused.status_code == 422
    client.post(reverse("accounts:user_deactivate", args=[coach.pk]), {"reason": "Left on 30.11."})
    coach.refresh_from_db()
    assert not coach.is_active
    # The page says when, and that the account's retention runs from that day.
    page = client.get(detail).text
    assert "Suljettu " + timezone.localdate().strftime("%-d.%-m.%Y") in page
    assert "poistetaan kahden vuoden kuluttua" in page
    # The open session ends at once.
    assert leaver.get(reverse("accounts:home")).status_code == 302
    actions = list(
        AuditEvent.objects.filter(actor=admin).order_by("id").values_list("action", flat=True)
    )
    assert actions[-3:] == ["membership.grant", "membership.revoke", "user.deactivate"]


def test_an_administrator_never_reaches_another_areas_accounts(
    login, admin, coach_other_area, admin_other_area, coach
):
    client = login(admin)
    assert (
        client.get(reverse("accounts:user_detail", args=[coach_other_area.pk])).status_code == 404
    )
    response = client.post(
        reverse("accounts:user_deactivate", args=[coach_other_area.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    coach_other_area.refresh_from_db()
    assert coach_other_area.is_active
    listing = client.get(reverse("accounts:user_list")).content.decode()
    assert coach.email in listing and coach_other_area.email not in listing


def test_a_person_working_in_two_areas_keeps_the_account_the_other_area_needs(
    login, admin, other_area, area
):
    shared = make_person("shared@test.osmari.fi", Role.COACH, area)
    Membership.objects.create(user=shared, role=Role.COACH, area=other_area)
    client = login(admin)
    response = client.post(reverse("accounts:user_deactivate", args=[shared.pk]), {"reason": "x"})
    assert response.status_code == 403
    shared.refresh_from_db()
    assert shared.is_active
    page = client.get(reverse("accounts:user_detail", args=[shared.pk])).content.decode()
    assert str(other_area) not in page


def test_the_access_review_shows_roles_to_confirm_and_records_the_confirmation(
    login, admin, coach, dpo, area
):
    client = login(admin)
    page = client.get(reverse("accounts:access_review")).content.decode()
    assert coach.full_name in page
    response = client.post(
        reverse("accounts:access_review_confirm", args=[coach.pk]), {"area": area.pk}
    )
    assert response.status_code == 302
    assert coach.memberships.get(area=area).confirmed_by == admin
    assert AuditEvent.objects.filter(
        action="user.access_confirmed", object_id=str(coach.pk)
    ).exists()
    # The data protection officer reads the review but cannot confirm or change anything.
    dpo_client = login(dpo)
    assert dpo_client.get(reverse("accounts:access_review")).status_code == 200
    assert (
        dpo_client.post(
            reverse("accounts:access_review_confirm", args=[coach.pk]), {"area": area.pk}
        ).status_code
        == 403
    )


def test_the_user_list_reads_a_fixed_number_of_queries(
    login, admin, area, django_assert_max_num_queries
):
    for number in range(12):
        make_person(f"person{number}@test.osmari.fi", Role.COACH, area)
    client = login(admin)
    client.get(reverse("accounts:user_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("accounts:user_list"))
    assert response.content.decode().count("person") >= 12


def test_a_user_made_in_the_admin_site_is_sent_an_invitation(
    db, django_capture_on_commit_callbacks
):
    superuser = User.objects.create_superuser(
        email="root@test.osmari.fi", password="x-very-long-pass"
    )
    client = Client()
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "made@test.osmari.fi",
                "full_name": "Made In Admin",
                "preferred_language": "sv",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = User.objects.get(email="made@test.osmari.fi")
    assert Invitation.objects.filter(user=made).exists()
    assert mail.outbox and mail.outbox[-1].to == [made.email]


def test_an_organisation_contact_invites_a_colleague_for_their_own_organisation_only(
    login, org_contact, organisation, other_organisation, django_capture_on_commit_callbacks
):
    client = login(org_contact)
    url = reverse("employers:colleagues", args=[organisation.pk])
    data = {"email": "ohjaaja@puutyo.example", "full_name": "Olli Ohjaaja", "language": "fi"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    colleague = User.objects.get(email="ohjaaja@puutyo.example")
    assert [o.pk for o in access.own_organisations(colleague)] == [organisation.pk]
    assert not colleague.memberships.exists()
    assert mail.outbox[-1].to == [colleague.email]
    assert "Olli Ohjaaja" in client.get(url).content.decode()
    elsewhere = reverse("employers:colleagues", args=[other_organisation.pk])
    refused = client.post(elsewhere, {**data, "email": "toinen@example.org"})
    assert refused.status_code in (403, 404)
    assert not User.objects.filter(email="toinen@example.org").exists()


def test_the_administrator_removes_a_lost_second_factor(login, admin, coach):
    from osmari.accounts import second_factor

    login(coach)  # a test login sets up the authenticator, as a first real login does
    assert second_factor.has_second_factor(coach)
    response = login(admin).post(reverse("accounts:user_second_factor_reset", args=[coach.pk]))
    assert response.status_code == 302
    assert not second_factor.has_second_factor(coach)
    assert AuditEvent.objects.filter(action="user.mfa_reset", object_id=str(coach.pk)).exists()
