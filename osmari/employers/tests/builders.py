"""Host organisations and their places for tests; places go through the service, which
keeps a work trial to the law's limits."""

from __future__ import annotations

from datetime import date

from osmari.core.tests.builders import TODAY
from osmari.employers.models import Contact, Organisation, Position
from osmari.employers.services import contact_add, position_save


def make_organisation(area, name: str, business_id: str) -> Organisation:
    """An organisation in the area's first municipality (by code)."""
    return Organisation.objects.create(
        area=area,
        name=name,
        business_id=business_id,
        municipality=area.municipalities.order_by("code").first(),
    )


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
