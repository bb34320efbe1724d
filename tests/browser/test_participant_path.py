"""A participant's own Osmari in a real browser, on a phone: signing in through the test
identity broker, their period and a decision, a consent withdrawn, the ESF+ form, their data;
and what their coach then sees. Also by keyboard alone, and at 200 % zoom."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from jwcrypto import jwk
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.consents import consent_give
from osmari.clients.models import Enrolment, Plan, PlanStep
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import EmploymentArea
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.placements.tests.builders import make_period
from osmari.reporting.models import Programme
from osmari.screening.tests.builders import make_decision
from tests.browser.conftest import log_in, serious_violations
from tests.ftn_provider import FtnProvider, rsa_key

pytestmark = pytest.mark.browser

IDENTITY_CODE = "131052-308T"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def path_of_a_participant(reference_data):
    """Testi Asiakas of Mikkeli: a work trial starting next week, a plan step, a decision
    with its reasons, a consent to be contacted for feedback, and an ESF+ enrolment whose
    start form is not filled in yet."""
    today = timezone.localdate()
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@path.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    make_active_agreement(organisation, coach)
    place = make_position(organisation, coach)
    person = make_jobseeker(coach, area, code=IDENTITY_CODE)
    make_period(coach, person, place, today + timedelta(days=7), today + timedelta(days=60))
    plan = Plan.objects.create(client=person, kind="employment", summary="Kohti puutöitä")
    PlanStep.objects.create(
        plan=plan, text="Hae työturvallisuuskortti", owner="asiakas", due_on=today
    )
    make_decision(coach, person, reason="Työkokeilu sopii tähän vaiheeseen.", on=today)
    consent_give(actor=coach, client=person, purpose="feedback_contact")
    Enrolment.objects.create(
        client=person, entered_on=date(2026, 11, 2), status_at_entry="long_term"
    )
    Programme.objects.create(
        area=area,
        name="Polkuja töihin",
        project_code="S30571",
        starts_on=date(2025, 8, 1),
        ends_on=date(2028, 7, 31),
    )
    return person, coach


@pytest.fixture
def broker(live_server, settings, tmp_path):
    """The test identity broker, registered with this live server's address."""
    keys = jwk.JWKSet()
    keys.add(rsa_key("sig"))
    keys.add(rsa_key("enc"))
    keys_file = tmp_path / "osmari-ftn.jwks.json"
    keys_file.write_text(keys.export(private_keys=True))
    provider = FtnProvider(
        client_id="osmari-browser",
        client_jwks=json.loads(keys.export(private_keys=False)),
        redirect_uri=f"{live_server.url}{reverse('participants:ftn_callback')}",
    )
    provider.start()
    settings.OSMARI_FTN_ISSUER = provider.issuer
    settings.OSMARI_FTN_CLIENT_ID = "osmari-browser"
    settings.OSMARI_FTN_KEYS_FILE = str(keys_file)
    yield provider
    provider.stop()


def _checked(page, screenshot, name: str) -> None:
    assert serious_violations(page) == []
    screenshot(page, name)


def test_a_participant_follows_their_path_on_a_phone_and_the_coach_sees_what_they_did(
    live_server, page, browser, broker, path_of_a_participant, screenshot
):
    person, coach = path_of_a_participant
    broker.authorize_as(IDENTITY_CODE)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Näin kirjaudut")
    page.get_by_role("link", name="Kirjaudu pankkitunnuksilla tai mobiilivarmenteella").click()

    # Back from the broker, signed in strongly: the start page in plain Finnish.
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Testi")
    expect(page.get_by_text("Saimaan Puutyö Oy").first).to_be_visible()
    expect(page.get_by_text("Seuraava arviointi: noin").first).to_be_visible()
    expect(page.get_by_role("heading", name="Täytä lomake")).to_be_visible()
    _checked(page, screenshot, "participant-path-start-fi-phone")

    page.get_by_role("link", name="Päätökseni").click()
    expect(page.get_by_text("Työkokeilu sopii tähän vaiheeseen.")).to_be_visible()
    expect(page.get_by_text("Henkilö on ilmoittautunut työnhakijaksi.").first).to_be_visible()
    _checked(page, screenshot, "participant-path-decisions-fi-phone")
    page.get_by_role("link", name="Takaisin omalle sivulle").click()

    page.get_by_role("link", name="Suostumukseni").click()
    page.get_by_role("button", name="Peru tämä suostumus").click()
    expect(page.get_by_text("Suostumuksesi on peruttu.")).to_be_visible()
    _checked(page, screenshot, "participant-path-consents-fi-phone")
    page.get_by_role("link", name="Takaisin omalle sivulle").click()

    page.get_by_role("link", name="Katso, miten täytät lomakkeen").click()
    expect(page.get_by_role("link", name="eura2021.fi/osallistuja")).to_be_visible()
    expect(page.get_by_text("Kirjoita hankkeen koodi S30571.")).to_be_visible()
    _checked(page, screenshot, "participant-path-esf-fi-phone")
    page.get_by_role("button", name="Olen täyttänyt tämän lomakkeen").click()
    expect(page.get_by_text("Olet täyttänyt lomakkeen. Kiitos!")).to_be_visible()
    page.get_by_role("link", name="Takaisin omalle sivulle").click()
    expect(page.get_by_role("heading", name="Täytä lomake")).to_have_count(0)

    page.get_by_role("link", name="Tietoni").click()
    _checked(page, screenshot, "participant-path-data-fi-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa PDF-tiedostona").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    # The coach, in their own browser, sees the withdrawal and the form done.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    coach_page = context.new_page()
    log_in(coach_page, live_server.url, coach.email)
    coach_page.goto(f"{live_server.url}{reverse('clients:detail', args=[person.pk])}")
    expect(coach_page.locator("#consents").get_by_text("Peruttu")).to_be_visible()
    expect(coach_page.locator("#consents")).to_contain_text("henkilö itse omilla sivuillaan")
    coach_page.goto(f"{live_server.url}{reverse('clients:eura_pending')}")
    expect(coach_page.get_by_text("Testi Asiakas")).to_have_count(0)
    coach_page.goto(f"{live_server.url}{reverse('participant_messages:list')}")
    expect(coach_page.get_by_text("EURA 2021 -lomake täytetty")).to_be_visible()
    assert serious_violations(coach_page) == []
    context.close()


def _sign_in_with_a_link(page, live_server, person) -> None:
    out = StringIO()
    call_command("participant_link", str(person.pk), stdout=out, stderr=StringIO())
    page.goto(f"{live_server.url}{urlsplit(out.getvalue().strip()).path}")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Testi")


def test_a_participant_uses_their_pages_by_keyboard_alone(live_server, page, path_of_a_participant):
    person, _coach = path_of_a_participant
    _sign_in_with_a_link(page, live_server, person)

    # From the top of the page, the skip link first, then on to the step's button.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Siirry pääsisältöön")
    done = page.get_by_role("button", name="Merkitse tehdyksi")
    for _ in range(40):
        page.keyboard.press("Tab")
        if done.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the step's button cannot be reached by keyboard")
    outline = done.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none", "the focused button shows no focus"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Hienoa! Valmentajasi näkee, että askel on tehty.")).to_be_visible()
    assert PlanStep.objects.get(plan__client=person).done_on == timezone.localdate()

    # Writing to the coach: the form is filled and sent without a mouse.
    page.goto(f"{live_server.url}{reverse('participants:write')}")
    page.get_by_label("Viestisi").focus()
    page.keyboard.type("Puhelinnumeroni vaihtui.")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Lähetä")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Viestisi on lähetetty.")).to_be_visible()


@pytest.mark.parametrize(
    "name", ["participants:start", "participants:consents", "participants:write"]
)
def test_the_participant_s_pages_read_at_200_percent_zoom(
    live_server, page, path_of_a_participant, name, screenshot
):
    """WCAG 1.4.4 and 1.4.10: at 200 % zoom of a 1280 pixel wide window (640 CSS pixels),
    nothing needs scrolling sideways and the main actions stay on the screen."""
    person, _coach = path_of_a_participant
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in_with_a_link(page, live_server, person)
    page.set_viewport_size({"width": 640, "height": 450})
    page.goto(f"{live_server.url}{reverse(name)}")

    sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert sideways <= 0, f"{sideways} px must be scrolled sideways"
    for button in page.locator("main button").all():
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 640
    assert serious_violations(page) == []
    screenshot(page, f"participant-zoom-200-{name.split(':')[1]}")
