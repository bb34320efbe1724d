from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import EmploymentArea
from osmari.employers.tests.builders import make_contact_person, make_organisation, make_position
from osmari.placements import services
from osmari.placements.models import Absence
from osmari.placements.tests.builders import make_period
from tests.browser.conftest import cells_under_their_names, pass_second_factor, serious_violations

pytestmark = pytest.mark.browser


def test_an_organisation_contact_on_a_phone_follows_their_participant(
    live_server, page, reference_data, screenshot
):
    today = timezone.localdate()
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@host.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    contact = make_contact_person("org@host.osmari.fi", organisation)
    make_active_agreement(organisation, coach)
    place = make_position(organisation, coach)
    start = today - timedelta(days=14)
    period = make_period(
        coach, make_jobseeker(coach, area), place, start, today + timedelta(days=60)
    )
    services.placement_transition(
        actor=coach, placement=period, to_status="active", on=start, today=today
    )
    services.review_record(
        actor=coach,
        placement=period,
        today=today,
        stage="start",
        held_on=start + timedelta(days=2),
        participant_view="",
        instructor_view="",
        notes="",
        next_steps="",
        summary="",
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(contact.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, contact.email)
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="People working with us: periods, absences and reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People working with us")
    # Each period is a card: the place and its organisation beside the name "Place".
    assert cells_under_their_names(page) == []
    assert serious_violations(page) == []
    page.get_by_role("link", name="Testi Asiakas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testi Asiakas")
    assert serious_violations(page) == []

    # The last day before the first: the message says so and the note stays as typed.
    absence = page.locator("#absences form")
    absence.get_by_label("First day").fill(today.isoformat())
    absence.get_by_label("Last day").fill((today - timedelta(days=1)).isoformat())
    absence.get_by_label("Without notice or explanation").check()
    absence.get_by_label("Note").fill("Ei vastannut puhelimeen")
    absence.get_by_role("button", name="Record the absence").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The last day must not be before the first day."
    )
    expect(page.locator("#absences form").get_by_label("Note")).to_have_value(
        "Ei vastannut puhelimeen"
    )
    assert serious_violations(page) == []
    assert not Absence.objects.exists()

    page.locator("#absences form").get_by_label("Last day").fill("")
    page.locator("#absences form").get_by_role("button", name="Record the absence").click()
    expect(page.get_by_role("status")).to_contain_text("The absence is recorded.")
    assert Absence.objects.get().affects_benefits
    assert serious_violations(page) == []

    review = page.locator("#reviews form")
    review.get_by_label("Your view as the workplace instructor").fill("Hyvä alku, oppii nopeasti.")
    review.get_by_role("button", name="Save your part").click()
    expect(page.get_by_role("status")).to_contain_text("Your part of the review is saved.")
    expect(page.locator("#reviews table")).to_contain_text("Hyvä alku, oppii nopeasti.")
    assert serious_violations(page) == []
    screenshot(page, "host-page-phone-en")
