import pytest
from django.urls import reverse

from osmari.accounts.models import Membership, Role, User
from osmari.core.audit import audit_record
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@test.osmari.fi", password="x" * 12)


def test_creating_a_user_with_a_role_in_the_admin_site_is_audited(login, superuser, area):
    client = login(superuser)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.coach@test.osmari.fi",
            "full_name": "Uusi Valmentaja",
            "preferred_language": "fi",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-role": Role.COACH,
            "memberships-0-area": area.pk,
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.coach@test.osmari.fi")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, role=Role.COACH, area=area).exists()
    assert AuditEvent.objects.filter(action="user.create", actor=superuser).exists()
    grant = AuditEvent.objects.get(action="membership.grant", actor=superuser)
    assert grant.area == area


def test_audit_events_cannot_be_changed_or_deleted_in_the_admin_site(login, superuser, coach):
    event = audit_record(actor=coach, action="user.login")
    client = login(superuser)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    client.post(reverse("admin:core_auditevent_change", args=[event.pk]), {"action": "x"})
    event.refresh_from_db()
    assert event.action == "user.login"


def test_reference_data_is_read_only_in_the_admin_site(login, superuser):
    client = login(superuser)
    assert client.get(reverse("admin:core_municipality_add")).status_code == 403
