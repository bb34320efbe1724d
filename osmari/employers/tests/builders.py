"""Host organisations and their places for tests; places go through the service, which
keeps a work trial to the law's limits."""

from __future__ import annotations

from datetime import date

from osmari.accounts.models import User
from osmari.accounts.tests.builders import make_person
from osmari.core.tests.builders import TODAY
from osmari.employers.models import Contact, Organisation, Position
from osmari.employers.services import contact_add, organisation_membership_grant, position_save

YTUNNUS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def numbered_business_id(n: int) -> str:
    """The n-th of a series of business IDs (Y-tunnus) with a valid check digit."""
    stem = 3_000_000
    while True:
        remainder = sum(int(d) * w for d, w in zip(str(stem), YTUNNUS_WEIGHTS, strict=True)) % 11
        if remainder != 1:  # no check digit exists for such a stem
            if n == 0:
                return f"{stem}-{0 if remainder == 0 else 11 - remainder}"
            n -= 1
        stem += 1


def make_organisation(area, name: str, business_id: str, **fields) -> Organisation:
    """An organisation in the area's first municipality (by code)."""
    values = {"municipality": area.municipalities.order_by("code").first()}
    values.update(fields)
    return Organisation.objects.create(area=area, name=name, business_id=business_id, **values)


def make_contact_person(email: str, organisation: Organisation) -> User:
    """A user who acts for the organisation as its contact."""
    user = make_person(email)
    organisation_membership_grant(actor=None, user=user, organisation=organisation)
    return user


def make_position(organisation: Organisation, coach, **fields) -> Position:
    """A place for a work trial or a wage subsidy, open since 1.1.2025, one at a time."""
    values = {
        "kind": "both",
        "title": "Varastotyöntekijä",
        "tasks": "Keräily",
        "days_per_week": 4,
        "hours_per_day": 6,
        "capacity": 1,
        "municipality": organisation.municipality,
        "open_from": date(2025, 1, 1),
    }
    values.update(fields)
    return position_save(actor=coach, organisation=organisation, today=TODAY, **values)


def make_instructor(organisation: Organisation, actor, **fields) -> Contact:
    """A workplace instructor with an e-mail address, for invitations that are mailed."""
    values = {
        "name": "Olli Ohjaaja",
        "role": "workplace_instructor",
        "email": "olli@example.fi",
    }
    values.update(fields)
    return contact_add(actor=actor, organisation=organisation, **values)
