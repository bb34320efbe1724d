from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import EmploymentArea, Occupation
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.placements.models import Placement
from tests.browser.conftest import pass_second_factor, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def market(reference_data):
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@matching.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    make_active_agreement(organisation, coach)
    warehouse = Occupation.objects.filter(isco_group__code="9333").order_by("pk").first()
    position = make_position(organisation, coach, title="Varastotyöntekijä", occupation=warehouse)
    client = make_jobseeker(coach, area)
    client.occupations.add(warehouse)
    return coach, client, position


def test_a_coach_plans_a_period_from_the_suggestions(live_server, page, market, screenshot):
    coach, client, position = market
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(coach.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, coach.email)

    page.goto(f"{live_server.url}/clients/{client.pk}/")
    page.get_by_role("link", name="Ehdotetut paikat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ehdotetut paikat")
    suggestion = page.get_by_role("region", name="1. Varastotyöntekijä – Saimaan Puutyö Oy")
    expect(suggestion).to_contain_text("Ammatti, josta henkilö on kiinnostunut.")
    assert serious_violations(page) == []
    screenshot(page, "suggestions-coach-fi-desktop")

    suggestion.get_by_role("link", name="Suunnittele jakso tähän").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suunnittele jakso")
    # The suggested place comes chosen in the picker, named with its organisation.
    chosen = page.get_by_role("radio", name="Varastotyöntekijä – Saimaan Puutyö Oy")
    expect(chosen).to_be_checked()
    expect(chosen).to_have_value(str(position.pk))
    start = date.today() + timedelta(days=7)
    page.get_by_label("Alku").fill(start.isoformat())
    # Seven months with one organiser is more than the law allows: refused, with the rule.
    page.get_by_label("Suunniteltu loppu").fill((start + timedelta(days=213)).isoformat())
    page.get_by_role("button", name="Suunnittele jakso").click()
    expect(page.get_by_role("alert").first).to_contain_text("enintään 6 kk")
    assert serious_violations(page) == []
    screenshot(page, "placement-refused-coach-fi-desktop")
    assert not Placement.objects.exists()

    page.get_by_label("Suunniteltu loppu").fill((start + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Suunnittele jakso").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Työkokeilu: Varastotyöntekijä")
    expect(page.get_by_text("Suunniteltu", exact=True)).to_be_visible()
    assert serious_violations(page) == []
    placement = Placement.objects.get()
    assert placement.match_score is not None

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Work trial: Varastotyöntekijä")
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/matching/clients/{client.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suggested places")
    assert serious_violations(page) == []
    screenshot(page, "suggestions-coach-en-phone")
