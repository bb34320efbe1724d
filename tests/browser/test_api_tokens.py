"""The area administrator issues a reporting token from the start page, sees the key once,
and a reporting tool's call with it works; the open-data page of a publishing area is
readable. All of it accessible, at desktop and phone width."""

import json
from datetime import date

import pytest
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.core.models import EmploymentArea
from osmari.reporting.open_data import freeze_closed_quarters
from osmari.reporting.tests.builders import make_programme
from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.browser


def test_the_administrator_issues_a_token_that_works_once_shown(
    live_server, page, reference_data, screenshot
):
    area = EmploymentArea.objects.get(code="mikkeli")
    admin = make_person("admin@tokens.osmari.fi", Role.AREA_ADMIN, area)
    log_in(page, live_server.url, admin.email)
    page.get_by_role("link", name="Rajapinta-avaimet: alueen muiden järjestelmien avaimet").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Anna uusi avain").click()
    assert serious_violations(page) == []
    page.get_by_label("Käyttötarkoitus").fill("Power BI -raportit")
    page.get_by_label("Raportointi (vain yhteenlasketut luvut)").check()
    page.get_by_role("button", name="Anna avain").click()
    key = page.locator("#token-key").input_value()
    assert key.startswith("osm_")
    assert serious_violations(page) == []
    screenshot(page, "api-token-issued-fi")

    answer = page.request.get(
        f"{live_server.url}/api/v1/token", headers={"Authorization": f"Bearer {key}"}
    )
    assert answer.status == 200 and answer.json()["kind"] == "reporting"

    page.goto(f"{live_server.url}/api-tokens/")
    expect(page.locator("main")).to_contain_text("Power BI -raportit")
    assert key not in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    assert serious_violations(page) == []
    screenshot(page, "api-token-list-fi-phone")


def test_the_open_data_page_is_readable(live_server, page, reference_data, screenshot):
    area = EmploymentArea.objects.get(code="mikkeli")
    make_programme(area, publishes_open_data=True)
    freeze_closed_quarters(today=date(2026, 12, 1))
    page.goto(f"{live_server.url}/open-data/mikkeli/")
    assert serious_violations(page) == []
    screenshot(page, "open-data-area-fi")
    catalogue = page.request.get(f"{live_server.url}/open-data/mikkeli/catalog.jsonld")
    datasets = json.loads(catalogue.text())
    assert "dcat:dataset" in json.dumps(datasets)
