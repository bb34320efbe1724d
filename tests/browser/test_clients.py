from datetime import date

import pytest
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.clients import services
from osmari.core.models import EmploymentArea
from tests.browser.conftest import pass_second_factor, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def coach_with_client(reference_data):
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@clients.osmari.fi", Role.COACH, area)
    client = services.client_create(
        actor=coach,
        area=area,
        personal_identity_code="131052-308T",
        first_name="Aino",
        last_name="Pitkänen",
        municipality=area.municipalities.get(code="491"),
        coach=coach,
    )
    services.spell_add(
        actor=coach,
        client=client,
        status="unemployed",
        start_on=date(2024, 3, 1),
        end_on=None,
        today=date.today(),
    )
    return coach


def test_worklist_to_client_to_eligibility_in_finnish_and_english(
    live_server, page, coach_with_client, screenshot
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(coach_with_client.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, coach_with_client.email)

    page.get_by_role("link", name="Työjono", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Työjono")
    row = page.get_by_role("row").filter(has_text="Pitkänen, Aino")
    expect(row).to_contain_text("Pitkäaikaistyöttömyys täyttynyt")
    assert serious_violations(page) == []
    screenshot(page, "worklist-coach-fi-desktop")

    row.get_by_role("link", name="Pitkänen, Aino").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oikeus palveluihin ja päätökset")
    expect(page.get_by_text("Henkilö on ilmoittautunut työnhakijaksi.")).to_be_visible()
    expect(page.get_by_text("380/2023").first).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "eligibility-coach-fi-desktop")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eligibility and decisions")
    expect(page.get_by_text("The person is a registered jobseeker.")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "eligibility-coach-en-desktop")

    page.get_by_role("link", name="Aino Pitkänen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aino Pitkänen")
    page.get_by_text("Add a status period").click()
    page.get_by_label("Status").select_option("work_trial")
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("Until").fill("2025-12-01")
    page.locator("#spells").get_by_role("button", name="Add").click()
    expect(page.locator("#spells")).to_contain_text(
        "The end date must not be before the start date."
    )
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, "client-coach-en-phone")
