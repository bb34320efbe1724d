from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.clients.models import Client, Enrolment
from osmari.core.models import EmploymentArea
from osmari.reporting.models import Programme
from tests.browser.conftest import cells_under_their_names, pass_second_factor, serious_violations

pytestmark = pytest.mark.browser


def test_a_manager_follows_the_targets_and_opens_the_list_behind_a_number(
    live_server, page, reference_data, screenshot
):
    area = EmploymentArea.objects.get(code="mikkeli")
    manager = make_person("manager@programme.osmari.fi", Role.MANAGER, area)
    today = timezone.localdate()
    programme = Programme.objects.create(
        area=area,
        name="Polkuja töihin – Mikkelin seutu",
        project_code="S30571",
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=900),
    )
    mikkeli = area.municipalities.get(code="491")
    for n, (first, gender, situation) in enumerate(
        [("Aino", "female", ""), ("Eero", "male", "employed"), ("Kaisa", "female", "")]
    ):
        client = Client.objects.create(
            area=area,
            personal_identity_code=f"BROWSER-{n}",
            first_name=first,
            last_name="Testinen",
            birth_date=date(1980, 1, 1),
            gender=gender,
            municipality=mikkeli,
        )
        Enrolment.objects.create(
            client=client,
            entered_on=programme.starts_on + timedelta(days=10 * n),
            status_at_entry="unemployed",
            left_on=today - timedelta(days=5) if situation else None,
            situation_on_leaving=situation,
        )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(manager.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, manager.email)
    page.get_by_role("link", name="Tavoitteet, ESR+-indikaattorit ja budjetti").click()
    page.get_by_role("link", name="Polkuja töihin – Mikkelin seutu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tavoitteet")
    targets = page.get_by_role("table", name="Tavoitteet")
    expect(targets.get_by_role("row", name="Osallistujat")).to_contain_text("3")
    expect(targets.get_by_role("row", name="Työssä lähtiessä")).to_contain_text("1")
    expect(page.get_by_role("img", name="Pylväskaavio jokaisesta tavoitteesta")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "programme-targets-fi")

    # The number leads to the people behind it.
    targets.get_by_role("link", name="3: keitä he ovat (Osallistujat)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("EECO01")
    names = page.get_by_role("table").get_by_role("rowheader")
    expect(names).to_have_text(["Testinen, Aino", "Testinen, Eero", "Testinen, Kaisa"])
    assert serious_violations(page) == []

    # The indicators, with their gaps, and the same dashboard on a phone in English.
    page.get_by_role("link", name="ESR+-indikaattorit").click()
    expect(page.get_by_role("row", name="EECO03")).to_contain_text("3")  # missing: no spells
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Targets", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Targets")
    expect(page.get_by_text("behind").first).to_be_visible()
    # Each card shows a target's figures, its share and its forecast beside their names.
    assert cells_under_their_names(page) == []
    assert serious_violations(page) == []
    screenshot(page, "programme-targets-en-phone")
