from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from osmari.accounts import access
from osmari.accounts.models import Role, User
from osmari.accounts.tests.builders import make_person
from osmari.core.models import EmploymentArea

pytestmark = pytest.mark.django_db


def test_a_coach_may_act_in_their_own_area_only(coach, area, other_area):
    assert access.may(coach, "home.coach")
    assert access.may(coach, "home.coach", area)
    assert not access.may(coach, "home.coach", other_area)


def test_an_organisation_contact_reaches_their_own_organisation_only(
    org_contact, organisation, other_organisation
):
    assert access.may(org_contact, "home.org_contact", organisation)
    assert not access.may(org_contact, "home.org_contact", other_organisation)
    # The area itself is not theirs: an organisation role gives no area-wide access.
    assert not access.may(org_contact, "home.org_contact", organisation.area)


def test_roles_do_not_leak_between_permissions(coach, admin):
    assert not access.may(coach, "audit.view")
    assert access.may(admin, "audit.view")


def test_inactive_users_and_anonymous_have_no_permissions(coach):
    coach.is_active = False
    assert not access.may(coach, "home.view")
    assert not access.may(AnonymousUser(), "home.view")


def test_an_unknown_permission_is_a_programming_error(coach):
    with pytest.raises(KeyError, match="Unknown permission"):
        access.may(coach, "client.fly")


def test_memberships_are_read_once_per_request(coach, django_assert_num_queries):
    with django_assert_num_queries(1):
        for _ in range(5):
            access.may(coach, "home.coach")


def test_each_user_is_read_with_their_own_roles_and_day(
    area, other_area, org_contact, organisation
):
    """The statement that reads roles is built once per process: each request's user and
    day must still be its own, so that a role given, taken away or expired counts at once."""
    analyst = make_person(
        "analyst@test.osmari.fi", Role.ANALYST, other_area, expires_on=date(2026, 12, 31)
    )
    with time_machine.travel(date(2026, 12, 31), tick=False):
        assert [(g.role, g.area) for g in access.memberships(analyst)] == [
            (Role.ANALYST, other_area)
        ]
        contact = access.memberships(org_contact)
    assert [(g.role, g.area, g.organisation_id) for g in contact] == [
        (Role.ORG_CONTACT, area, organisation.pk)
    ]
    # The area arrives whole and as the ORM reads it, every value of its own type: its
    # settings decide the worklist, small groups and which hosts' trials are looked at
    # (a share read as a float, not a decimal, tipped a host over its threshold).
    as_read = EmploymentArea.objects.get(pk=area.pk)
    for field in EmploymentArea._meta.concrete_fields:
        got, wanted = getattr(contact[0].area, field.attname), getattr(as_read, field.attname)
        assert (type(got), got) == (type(wanted), wanted), field.name
    with time_machine.travel(date(2027, 1, 1), tick=False):
        assert access.memberships(User.objects.get(pk=analyst.pk)) == []
