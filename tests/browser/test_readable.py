"""The audit log and the password change, read at desktop and phone width: names in words,
nothing wider than the screen, and nothing the accessibility engine objects to."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea, Occupation
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.matching.proposals import proposal_make
from osmari.placements.tests.builders import make_period
from tests.browser.conftest import cells_under_their_names, log_in, serious_violations

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}

# Actions of core and of apps that name their own (accounts, extracts, privacy).
FINNISH_NAMES = {
    "client.view": "Katsoi asiakkaan tietoja",
    "decision.record": "Kirjasi ehdotuksen",
    "user.mfa_setup": "Otti todennussovelluksen käyttöön",
    "extract.import": "Toi rekisteriotteen",
    "retention.approve": "Hyväksyi hävitettävien tietojen luettelon",
}


@pytest.fixture
def admin_user(reference_data):
    area = EmploymentArea.objects.get(code="mikkeli")
    admin = make_person("admin@readable.osmari.fi", Role.AREA_ADMIN, area)
    coach = make_person("coach.with.a.rather.long.address@readable.osmari.fi", Role.COACH, area)
    for n, action in enumerate(FINNISH_NAMES):
        audit_record(
            actor=coach,
            action=action,
            area=area,
            obj=area,
            reason="planning the next period together with the host organisation",
            recipient=f"user:{n}",
        )
    return admin


def _wider_than_the_screen(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", WIDTHS)
def test_the_password_change_page_is_accessible_with_and_without_errors(
    live_server, page, admin_user, screenshot, size
):
    page.set_viewport_size(WIDTHS[size])
    log_in(page, live_server.url, admin_user.email)
    page.get_by_role("link", name="Vaihda salasana").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vaihda salasana")
    assert _wider_than_the_screen(page) <= 0
    assert serious_violations(page) == []
    screenshot(page, f"password-change-fi-{size}")

    page.get_by_role("button", name="Vaihda salasana").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, f"password-change-errors-fi-{size}")


@pytest.mark.parametrize("size", WIDTHS)
def test_the_audit_log_names_actions_in_words_and_is_accessible(
    live_server, page, admin_user, screenshot, size
):
    page.set_viewport_size(WIDTHS[size])
    log_in(page, live_server.url, admin_user.email)
    page.get_by_role("link", name="Lokitiedot", exact=True).click()
    rows = page.locator("#audit-rows")
    for action, name in FINNISH_NAMES.items():
        expect(rows).to_contain_text(name)
        expect(rows).not_to_contain_text(action)
    assert _wider_than_the_screen(page) <= 0
    if size == "phone":
        assert cells_under_their_names(page) == []
    assert serious_violations(page) == []
    screenshot(page, f"audit-log-fi-{size}")

    # Filtered through htmx by the words shown, the rows stay as accessible.
    page.get_by_label("Toimenpide").fill("rekisteriotteen")
    page.get_by_role("button", name="Rajaa").click()
    expect(rows).not_to_contain_text("Kirjasi ehdotuksen")
    expect(rows).to_contain_text("Toi rekisteriotteen")
    assert serious_violations(page) == []


def test_a_table_wider_than_the_screen_can_be_scrolled_by_keyboard(live_server, page, admin_user):
    # Between a phone and a desktop the log's columns do not fit: the table scrolls in a
    # region that takes focus, so that a keyboard reaches its last columns too.
    page.set_viewport_size({"width": 700, "height": 900})
    log_in(page, live_server.url, admin_user.email)
    page.goto(f"{live_server.url}/audit/")
    region = page.get_by_role("region", name="Lokitapahtumat")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    page.keyboard.press("Tab")
    while not region.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert serious_violations(page) == []


@pytest.fixture
def coach_with_a_period(reference_data):
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@readable.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö ja Rakennuspalvelut Oy", "2077474-0")
    make_active_agreement(organisation, coach)
    warehouse = Occupation.objects.filter(isco_group__code="9333").order_by("pk").first()
    position = make_position(
        organisation, coach, title="Varastotyöntekijä", occupation=warehouse, capacity=3
    )
    for code in ("010190-2026", "020285-303L"):
        make_jobseeker(coach, area, code=code).occupations.add(warehouse)
    start = date.today() + timedelta(days=7)
    make_period(coach, make_jobseeker(coach, area), position, start, start + timedelta(days=60))
    # The regional assignment as the background job leaves it for the page to show.
    proposal_make(user=coach, area=area, municipality="")
    return coach


def test_the_lists_of_periods_and_proposed_pairs_fit_a_phone(
    live_server, page, coach_with_a_period, screenshot
):
    page.set_viewport_size(WIDTHS["phone"])
    log_in(page, live_server.url, coach_with_a_period.email)
    for path, name in (("/placements/", "periods"), ("/matching/assignment/", "assignment")):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main table").first).to_contain_text("Varastotyöntekijä")
        # Each row is a card that names its cells' columns; nothing scrolls sideways.
        assert _wider_than_the_screen(page) <= 0
        assert cells_under_their_names(page) == []
        wrap = page.locator(".table-wrap").first
        assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth")
        assert serious_violations(page) == []
        screenshot(page, f"{name}-coach-fi-phone")
