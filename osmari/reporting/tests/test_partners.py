"""Host organisations against the programme's target: letters of intent, agreements in
force and periods hosted, by municipality and by sector."""

from datetime import date

import pytest
from django.urls import reverse

from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.models import Enrolment
from osmari.clients.tests.builders import build_client
from osmari.core.models import Industry
from osmari.employers.services import letter_of_intent_record
from osmari.employers.tests.builders import (
    make_organisation,
    make_position,
    numbered_business_id,
)
from osmari.placements.tests.builders import period_record
from osmari.reporting.partners import partner_progress

pytestmark = pytest.mark.django_db

START, END = date(2025, 8, 1), date(2026, 11, 30)


def _letter(coach, organisation, signed_on):
    letter_of_intent_record(
        actor=coach,
        organisation=organisation,
        signed_on=signed_on,
        signatory="Hanna Puustinen",
        today=date(2026, 12, 1),
    )


@pytest.fixture
def partners(area, coach, organisation, other_organisation):
    """Saimaan Puutyö (Mikkeli, manufacturing): letter, agreement and a participant's period.
    eOppimiskeskus: a letter signed after the span only. Kanto (another municipality): an
    agreement only."""
    organisation.industry = Industry.objects.get(code="16")
    organisation.save()
    _letter(coach, organisation, date(2025, 9, 1))
    make_active_agreement(organisation, coach)
    client = build_client(actor=coach, area=area, coach=coach)
    Enrolment.objects.create(client=client, entered_on=date(2026, 1, 10))
    period_record(client, make_position(organisation, coach), date(2026, 2, 1), date(2026, 3, 1))
    _letter(coach, other_organisation, date(2026, 12, 1))
    other_place = area.municipalities.exclude(pk=organisation.municipality_id).order_by("code")[0]
    kanto = make_organisation(
        area, "Kanto Rakennus Oy", numbered_business_id(5), municipality=other_place
    )
    make_active_agreement(kanto, coach)
    return organisation, other_organisation, kanto, other_place


def test_the_three_are_counted_against_the_target_by_municipality_and_sector(programme, partners):
    organisation, _later, kanto, other_place = partners
    progress = partner_progress(programme, START, END)
    assert progress.target == 30
    total = progress.total
    assert (total.letter, total.agreement, total.period, total.all_three) == (1, 2, 1, 1)
    by_municipality = {row.label: row for row in progress.by_municipality}
    home = by_municipality[str(organisation.municipality)]
    assert (home.letter, home.agreement, home.period, home.all_three) == (1, 1, 1, 1)
    other = by_municipality[str(other_place)]
    assert (other.letter, other.agreement, other.period, other.all_three) == (0, 1, 0, 0)
    sectors = {row.label[0]: row for row in progress.by_sector}
    assert sectors["C"].all_three == 1  # wood products are manufacturing
    assert [p.name for p in progress.partners] == [kanto.name, organisation.name]
    # The later letter counts once the span reaches it.
    assert partner_progress(programme, START, date(2026, 12, 31)).total.letter == 2


def test_the_manager_sees_the_organisations_and_an_analyst_only_the_counts(
    login, manager, analyst, programme, partners
):
    url = reverse("reporting:partners", args=[programme.pk])
    query = {"start": "2025-08-01", "end": "2026-11-30"}
    page = login(manager).get(url, query, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Saimaan Puutyö Oy" in text
    assert "1 / 30" in text and "2 / 30" in text
    counts = login(analyst).get(url, query, HTTP_ACCEPT_LANGUAGE="en")
    assert counts.status_code == 200
    assert "Saimaan Puutyö Oy" not in counts.content.decode()
    assert "2 / 30" in counts.content.decode()
