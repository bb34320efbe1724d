from datetime import date

import pytest

from osmari.clients import services as client_services
from osmari.placements import services as placement_services
from osmari.placements.tests.conftest import (
    TODAY,
    make_active_agreement,
    make_jobseeker,
    make_position,
    trial,
)


@pytest.fixture
def running_period(coach, area, organisation):
    """A three-month work trial that started on 1.9.2026, with an instructor who has e-mail."""
    from osmari.employers.services import contact_add

    make_active_agreement(organisation, coach)
    instructor = contact_add(
        actor=coach,
        organisation=organisation,
        name="Olli Ohjaaja",
        role="workplace_instructor",
        email="olli@example.fi",
    )
    position = make_position(organisation, coach, instructor=instructor)
    client = make_jobseeker(coach, area)
    client.email = "testi@example.fi"
    client.save(update_fields=["email"])
    client_services.consent_give(actor=coach, client=client, purpose="feedback_contact")
    placement = placement_services.placement_create(
        actor=coach,
        client=client,
        position=position,
        fields=trial(date(2026, 9, 1), date(2026, 11, 30)),
    )
    placement_services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 9, 1), today=TODAY
    )
    placement.refresh_from_db()
    return placement
