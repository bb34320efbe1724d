import pytest
from django.db import IntegrityError, transaction

from osmari.accounts.models import Membership, Role, User
from osmari.employers.models import OrganisationMembership

pytestmark = pytest.mark.django_db


def test_users_log_in_with_an_e_mail_address_stored_in_lower_case():
    user = User.objects.create_user(email="Kaisa.Valmentaja@Example.FI", password="x" * 12)
    assert user.email == "kaisa.valmentaja@example.fi"
    assert User.USERNAME_FIELD == "email"


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import global_settings  # noqa: F401

    from osmari import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_organisation_contact_must_have_an_organisation(area, coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=coach, role=Role.ORG_CONTACT, area=area)


def test_area_staff_cannot_be_tied_to_an_organisation(area, coach, organisation):
    # An area role has nothing to name an organisation with; a contact's membership, held on
    # the organisation's side, always gives the contact's role and only in that organisation.
    assert "organisation" not in {field.name for field in Membership._meta.get_fields()}
    membership = OrganisationMembership.objects.create(user=coach, organisation=organisation)
    assert membership.role == Role.ORG_CONTACT and membership.area == organisation.area
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationMembership.objects.create(user=coach, organisation=organisation)
