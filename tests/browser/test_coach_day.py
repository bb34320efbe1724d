"""A coach's day as the coach lives it: from the start page's count of people waiting for a
proposal, through the ranked worklist and the suggestions, to a planned period and its
orientation plan as a PDF; then the start page counts the period that starts soon."""

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.models import Client
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import EmploymentArea, Occupation
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.placements.models import Placement
from tests.browser.conftest import pass_second_factor, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def caseload(reference_data):
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@day.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    make_active_agreement(organisation, coach)
    warehouse = Occupation.objects.filter(isco_group__code="9333").order_by("pk").first()
    position = make_position(organisation, coach, title="Varastotyöntekijä", occupation=warehouse)
    client = make_jobseeker(coach, area)
    client.occupations.add(warehouse)
    # In service for six weeks with nothing proposed yet: what the start page is to surface.
    Client.objects.filter(pk=client.pk).update(
        stage="in_service", created_at=timezone.now() - timedelta(days=42)
    )
    return coach, client, position


def test_a_coach_goes_from_the_start_page_to_a_planned_period_and_its_plan(
    live_server, page, caseload, screenshot
):
    coach, client, position = caseload
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(coach.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, coach.email)

    work = page.get_by_role("region", name="Työsi")
    waiting = work.get_by_role("link", name=re.compile("Ehdotusta odottavat"))
    expect(waiting).to_contain_text("1")
    expect(work.get_by_role("link", name=re.compile("alkavat kahden viikon"))).to_contain_text("0")
    assert serious_violations(page) == []
    screenshot(page, "coach-day-start-fi-desktop")

    waiting.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Asiakas, Testi"))
    expect(row).to_contain_text("Odottaa ehdotusta")
    assert serious_violations(page) == []
    row.get_by_role("link", name="Asiakas, Testi").click()

    page.get_by_role("link", name="Testi Asiakas").first.click()
    page.get_by_role("link", name="Ehdotetut paikat").click()
    suggestion = page.get_by_role("region", name="1. Varastotyöntekijä – Saimaan Puutyö Oy")
    suggestion.get_by_role("link", name="Suunnittele jakso tähän").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suunnittele jakso")
    start = date.today() + timedelta(days=7)
    page.get_by_label("Alku").fill(start.isoformat())
    page.get_by_label("Suunniteltu loppu").fill((start + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Suunnittele jakso").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Työkokeilu: Varastotyöntekijä")
    placement = Placement.objects.get(client=client, position=position)
    assert placement.status == "planned"

    plan = page.get_by_role("region", name="Perehdyttämissuunnitelma")
    expect(plan).to_contain_text("Järjestäjä ei ole vielä hyväksynyt suunnitelmaa")
    assert serious_violations(page) == []
    screenshot(page, "coach-day-period-fi-desktop")
    with page.expect_download() as download_info:
        plan.get_by_role("link", name="Lataa perehdyttämissuunnitelma (PDF)").click()
    body = download_info.value.path().read_bytes()
    assert body[:5] == b"%PDF-"
    text = " ".join(page_.extract_text() for page_ in PdfReader(BytesIO(body)).pages)
    assert "Varastotyöntekijä" in text
    assert "Saimaan Puutyö Oy" in text
    assert f"{start:%d.%m.%Y}" in text or f"{start.day}.{start.month}.{start.year}" in text

    page.goto(f"{live_server.url}/")
    work = page.get_by_role("region", name="Työsi")
    expect(work.get_by_role("link", name=re.compile("alkavat kahden viikon"))).to_contain_text("1")
    expect(work.get_by_role("link", name=re.compile("Ehdotusta odottavat"))).to_contain_text("0")

    page.get_by_role("button", name="English").click()
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("region", name="Your work")).to_contain_text(
        "Periods starting within two weeks"
    )
    assert serious_violations(page) == []
    screenshot(page, "coach-day-start-en-phone")
