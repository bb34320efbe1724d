import pytest
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.core.models import EmploymentArea
from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def coach_user(reference_data):
    return make_person(
        "coach@browser.osmari.fi", Role.COACH, EmploymentArea.objects.get(code="mikkeli")
    )


@pytest.fixture
def admin_user(reference_data):
    return make_person(
        "admin@browser.osmari.fi", Role.AREA_ADMIN, EmploymentArea.objects.get(code="mikkeli")
    )


def test_coach_logs_in_and_sees_the_start_page_in_finnish_and_english(
    live_server, page, coach_user, screenshot
):
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_violations(page) == []
    log_in(page, live_server.url, coach_user.email)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Tervetuloa")
    expect(page.get_by_role("heading", name="Työvalmentaja", exact=True)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert serious_violations(page) == []
    screenshot(page, "start-coach-fi-desktop")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_role("heading", name="Coach", exact=True)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert serious_violations(page) == []
    screenshot(page, "start-coach-en-desktop")


def test_start_page_fits_a_phone_and_the_skip_link_works(live_server, page, coach_user, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, coach_user.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tervetuloa")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Siirry pääsisältöön")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert serious_violations(page) == []
    screenshot(page, "start-coach-fi-phone")


def test_audit_log_filters_with_htmx_and_is_accessible(live_server, page, admin_user, screenshot):
    log_in(page, live_server.url, admin_user.email)
    page.get_by_role("link", name="Lokitiedot", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokitiedot")
    expect(page.locator("#audit-rows")).to_contain_text("Kirjautui sisään")
    page.get_by_label("Toimenpide").fill("ulos")
    page.get_by_role("button", name="Rajaa").click()
    expect(page.locator("#audit-rows")).to_contain_text("Rajauksia vastaavia tapahtumia ei ole.")
    assert "action=ulos" in page.url
    assert serious_violations(page) == []
    screenshot(page, "audit-admin-fi-desktop")
