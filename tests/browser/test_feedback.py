from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import EmploymentArea
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.feedback import services
from osmari.feedback.models import Invitation, Response
from osmari.placements import services as placement_services
from osmari.placements.tests.builders import trial
from tests.browser.conftest import pass_second_factor, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def links(reference_data):
    """Two participants' links to the midpoint survey of a running period."""
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@feedback.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    make_active_agreement(organisation, coach)
    today = date.today()
    tokens = []
    for code in ("131052-308T", "010170-100R"):
        position = make_position(organisation, coach, title=f"Paikka {code}")
        client = make_jobseeker(coach, area, code=code)
        start = today - timedelta(days=40)
        placement = placement_services.placement_create(
            actor=coach,
            client=client,
            position=position,
            fields=trial(start, start + timedelta(days=80)),
        )
        placement_services.placement_transition(
            actor=coach, placement=placement, to_status="active", on=start, today=today
        )
    services.invitations_schedule(today=today)
    for invitation in Invitation.objects.filter(survey__key="participant_middle").order_by("pk"):
        tokens.append(services.invitation_deliver(invitation=invitation, channel="link"))
    return tokens


def test_a_participant_answers_on_a_phone_in_plain_finnish_and_another_in_swedish(
    live_server, browser, links, screenshot
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{live_server.url}/f/{links[0]}/")
    page.get_by_role("link", name="Selkosuomi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jakso on puolivälissä")
    expect(page.get_by_text("Vastaaminen on vapaaehtoista.")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "feedback-participant-fi-plain-phone")

    # Sending without the required answers names them and keeps what was given.
    page.get_by_role("group", name="Onko sinulla hyvä olla työpaikalla?").get_by_role(
        "radio", name="4", exact=True
    ).check()
    page.get_by_role("button", name="Lähetä vastaukset").click()
    expect(page.get_by_role("alert")).to_contain_text("Vastaa tähän kysymykseen.")
    assert serious_violations(page) == []
    page.get_by_role("group", name="Neuvotaanko sinua työpaikalla tarpeeksi?").get_by_role(
        "radio", name="5", exact=True
    ).check()
    page.get_by_role("group", name="Saako valmentajasi nähdä vastauksesi?").get_by_label(
        "Kyllä"
    ).check()
    page.get_by_role("button", name="Lähetä vastaukset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos!")
    assert serious_violations(page) == []
    response = Response.objects.get()
    assert (response.language, response.share_with_coach) == ("fi_plain", True)

    page.goto(f"{live_server.url}/f/{links[1]}/?lang=sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Periodens mitt")
    assert serious_violations(page) == []
    page.get_by_role("group", name="Hur har du trivts på arbetsplatsen?").get_by_role(
        "radio", name="3", exact=True
    ).check()
    page.get_by_role("group", name="Får du tillräckligt med handledning").get_by_role(
        "radio", name="4", exact=True
    ).check()
    screenshot(page, "feedback-participant-sv-phone")
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack!")
    assert Response.objects.count() == 2
    # Opening the used link again says so kindly.
    page.goto(f"{live_server.url}/f/{links[1]}/?lang=sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Redan besvarad")
    assert serious_violations(page) == []
    context.close()


def test_the_manager_reads_results_and_records_a_change(live_server, page, reference_data):
    from osmari.accounts.tests.builders import PASSWORD

    area = EmploymentArea.objects.get(code="mikkeli")
    manager = make_person("manager@feedback.osmari.fi", Role.MANAGER, area)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(manager.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, manager.email)
    page.goto(f"{live_server.url}/feedback/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Palautteen tulokset")
    assert serious_violations(page) == []
    page.get_by_role(
        "link", name="Te sanoitte, me teimme: palautteen perusteella tehdyt muutokset"
    ).click()
    page.get_by_label("Mitä muutettiin").fill("Aamupalaverit")
    page.get_by_label("Miksi, ja mitä palautteessa sanottiin").fill("Tehtävät olivat epäselviä.")
    page.get_by_label("Muutettu").fill("2026-04-01")
    page.get_by_role("button", name="Kirjaa muutos").click()
    expect(page.get_by_role("heading", name="Aamupalaverit")).to_be_visible()
    assert serious_violations(page) == []
