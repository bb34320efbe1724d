import pytest
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.core.models import EmploymentArea
from osmari.employers.tests.builders import make_organisation
from tests.browser.conftest import pass_second_factor, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def coach_and_organisation(reference_data):
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@agreements.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    return coach, organisation


def test_a_coach_creates_an_agreement_from_the_template_and_downloads_its_pdf(
    live_server, page, coach_and_organisation, screenshot, tmp_path
):
    coach, organisation = coach_and_organisation
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(coach.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, coach.email)

    page.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    page.get_by_role("link", name="Uusi yhteistyösopimus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uusi yhteistyösopimus")
    expect(page.get_by_label("Sopijapuolet")).to_have_value(
        "Mikkelin seudun työllisyysalue – Saimaan Puutyö Oy (2077474-0)"
    )
    assert serious_violations(page) == []
    screenshot(page, "agreement-new-coach-fi-desktop")

    page.get_by_label("Voimassa alkaen").fill("2026-12-01")
    page.get_by_label("Tehtäväsisällöt").fill("Puusepäntyöt ja verstaan siivous")
    page.get_by_role("button", name="Tallenna luonnoksena").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Yhteistyösopimus: Saimaan Puutyö Oy"
    )
    expect(page.get_by_text("Puusepäntyöt ja verstaan siivous")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cooperation agreement")
    assert serious_violations(page) == []
    screenshot(page, "agreement-coach-en-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download version 1 (PDF)").click()
    path = tmp_path / "agreement.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
