"""Users for tests, made through the services."""

from __future__ import annotations

from osmari.accounts.models import Role, User
from osmari.accounts.services import membership_grant, user_create

PASSWORD = "correct horse battery staple"


def make_person(
    email: str, role: Role | None = None, area=None, *, expires_on=None, municipality=None
) -> User:
    """A user called after their e-mail address, holding `role` in `area` (or no role).
    An organisation's contact is made by `employers.tests.builders.make_contact_person`."""
    user = user_create(
        actor=None, email=email, full_name=email.split("@")[0].title(), password=PASSWORD
    )
    if role is not None:
        membership_grant(
            actor=None,
            user=user,
            role=role,
            area=area,
            expires_on=expires_on,
            municipality=municipality,
        )
    return user
