from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import EmploymentArea
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.placements.tests.builders import make_period
from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


def test_a_participant_signs_in_on_a_phone_with_the_link_and_reads_their_period(
    live_server, page, reference_data, screenshot
):
    today = timezone.localdate()
    area = EmploymentArea.objects.get(code="mikkeli")
    coach = make_person("coach@me.osmari.fi", Role.COACH, area)
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    make_active_agreement(organisation, coach)
    place = make_position(organisation, coach)
    person = make_jobseeker(coach, area)
    make_period(coach, person, place, today + timedelta(days=7), today + timedelta(days=60))
    out = StringIO()
    call_command("participant_link", str(person.pk), stdout=out, stderr=StringIO())
    path = urlsplit(out.getvalue().strip()).path

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu omaan Osmariin")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Kirjaudu", exact=True).click()

    expect(page.get_by_role("heading", level=2, name="Työjaksoni")).to_be_visible()
    expect(page.get_by_text("Saimaan Puutyö Oy").first).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "participant-start-fi-phone")

    # The link worked once: opened again, it says so and signs no one in.
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Linkki ei toimi")
    page.goto(f"{live_server.url}/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Näin kirjaudut")
