import pytest
from django.db import IntegrityError, transaction

from osmari.accounts.models import Membership, Role, User

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
