from datetime import date

import pytest

from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients import consents
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.tests.builders import TODAY
from osmari.employers.tests.builders import make_instructor, make_position
from osmari.placements import services as placement_services
from osmari.placements.tests.builders import make_period


@pytest.fixture
def running_period(coach, area, organisation):
    """A three-month work trial that started on 1.9.2026, with an instructor who has e-mail."""
    make_active_agreement(organisation, coach)
    instructor = make_instructor(organisation, coach)
    position = make_position(organisation, coach, instructor=instructor)
    client = make_jobseeker(coach, area)
    client.email = "testi@example.fi"
    client.save(update_fields=["email"])
    consents.consent_give(actor=coach, client=client, purpose="feedback_contact")
    placement = make_period(coach, client, position, date(2026, 9, 1), date(2026, 11, 30))
    placement_services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 9, 1), today=TODAY
    )
    placement.refresh_from_db()
    return placement
