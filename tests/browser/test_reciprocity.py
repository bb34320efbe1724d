from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.core.models import EmploymentArea
from osmari.employers.services import contact_add
from osmari.employers.tests.builders import make_contact_person, make_organisation
from osmari.reciprocity import services
from osmari.reciprocity.models import Registration
from tests.browser.conftest import pass_second_factor, serious_violations

pytestmark = pytest.mark.browser


def test_an_organisation_contact_registers_an_instructor_for_a_training(
    live_server, page, reference_data, screenshot
):
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@reciprocity.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    contact = make_contact_person("org@reciprocity.osmari.fi", organisation)
    contact_add(
        actor=coach, organisation=organisation, name="Aino Ohjaaja", role="workplace_instructor"
    )
    benefits = {b.kind: b for b in services.catalogue_standard_create(actor=coach, area=area)}
    starts = timezone.now() + timedelta(days=14)
    services.event_create(
        actor=coach,
        area=area,
        benefit=benefits["instructor_training"],
        title="Työpaikkaohjaajan peruskurssi",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="Kaupungintalo, sali 2",
        capacity=2,
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(contact.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, contact.email)
    page.get_by_role("link", name="Koulutukset ja tapahtumat: ilmoita työpaikkaohjaajasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koulutukset ja tapahtumat")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Työpaikkaohjaajan peruskurssi").click()

    # Neither a person nor a name: the form says what is missing and nothing is saved.
    page.get_by_role("button", name="Ilmoittaudu").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Valitse henkilö tai kirjoita uuden henkilön nimi."
    )
    assert serious_violations(page) == []
    assert not Registration.objects.exists()

    page.get_by_role("combobox", name="Henkilö").select_option(
        label="Aino Ohjaaja (Työpaikkaohjaaja)"
    )
    page.get_by_role("button", name="Ilmoittaudu").click()
    expect(page.get_by_role("status")).to_contain_text("Aino Ohjaaja on ilmoitettu")
    expect(page.get_by_text("Paikkoja jäljellä")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "reciprocity-registered-fi")

    # A new instructor by name takes the last place; then the event is full.
    page.get_by_label("Tai uuden henkilön nimi").fill("Pekka Perehdyttäjä")
    page.get_by_role("button", name="Ilmoittaudu").click()
    expect(page.get_by_text("Tapahtuma on täynnä.")).to_be_visible()
    assert Registration.objects.filter(organisation=organisation).count() == 2
    assert organisation.contacts.filter(name="Pekka Perehdyttäjä").exists()

    # The same page on a phone, in English.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Registered from your organisation")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "reciprocity-registered-en-phone")

    page.goto(f"{live_server.url}/reciprocity/organisations/{organisation.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Responsibility profile")
    assert serious_violations(page) == []
