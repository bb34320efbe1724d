"""The host organisation's own page: the people working at its place, their absences and
the host's part of the reviews, seen by its contacts and nobody else's."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from osmari.clients.services import sensitive_update
from osmari.core.models import AuditEvent
from osmari.employers.services import sharing_consent_give
from osmari.placements import host_services, services
from osmari.placements.models import Absence
from osmari.placements.tests.builders import make_period

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def period(coach, jobseeker, place):
    """Testi Asiakas working at the organisation contact's place since 2.11.2026."""
    placement = make_period(
        coach, jobseeker, place, date(2026, 11, 2), date(2027, 2, 26), objective="Varastotyö"
    )
    services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 11, 2), today=TODAY
    )
    return placement


def _page(http, period, **kwargs):
    return http.get(reverse("placements:host_detail", args=[period.pk]), **kwargs)


def test_the_contact_sees_the_participants_at_their_own_place(login, org_contact, period):
    response = login(org_contact).get(reverse("placements:host_list"), HTTP_ACCEPT_LANGUAGE="fi")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Testi Asiakas" in text
    assert 'data-label="Osallistuja"' in text  # rows stack at phone width
    page = _page(login(org_contact), period).content.decode()
    assert ("Varastotyö" in page and "02.11.2026" in page) or "2.11.2026" in page
    assert AuditEvent.objects.filter(
        action="client.view_host_placement", person_ref=period.client.person_ref
    ).exists()


def test_the_start_page_leads_the_contact_to_their_people(login, org_contact):
    text = login(org_contact).get(reverse("accounts:home")).content.decode()
    assert reverse("placements:host_list") in text


def test_another_organisations_contact_never_sees_the_period(login, other_org_contact, period):
    http = login(other_org_contact)
    assert "Testi" not in http.get(reverse("placements:host_list")).content.decode()
    assert _page(http, period).status_code == 404
    url = reverse("placements:host_absence_add", args=[period.pk])
    response = http.post(url, {"absence-first_on": "2026-11-26", "absence-kind": "unexplained"})
    assert response.status_code == 404
    assert not Absence.objects.exists()


def test_staff_do_not_use_the_host_page(login, coach, period):
    assert login(coach).get(reverse("placements:host_list")).status_code == 403


def test_health_data_never_reaches_the_host(login, coach, org_contact, period):
    sensitive_update(
        actor=coach,
        client=period.client,
        reduced_work_ability=True,
        reduced_work_ability_notes="Selkävaiva",
        integration_plan=False,
    )
    services.placement_transition(
        actor=coach,
        placement=period,
        to_status="interrupted",
        on=date(2026, 11, 20),
        today=TODAY,
        reason="health",
        note="Selkäleikkaus",
    )
    page = _page(login(org_contact), period, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Testi Asiakas" in page
    for health in ("Selkävaiva", "Selkäleikkaus", ">Health<", "(Health)"):
        assert health not in page


def test_the_profile_shows_only_with_the_participants_consent(
    login, coach, org_contact, organisation, period
):
    http = login(org_contact)
    text = _page(http, period, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "has not agreed to share their profile" in text
    assert "Driving licence" not in text
    sharing_consent_give(actor=coach, client=period.client, organisation=organisation)
    text = _page(http, period, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Driving licence" in text


def test_an_absence_is_recorded_audited_and_flagged_for_the_coach(
    login, coach, org_contact, period
):
    http = login(org_contact)
    response = http.post(
        reverse("placements:host_absence_add", args=[period.pk]),
        {
            "absence-first_on": "2026-11-25",
            "absence-last_on": "2026-11-26",
            "absence-kind": "unexplained",
            "absence-note": "Ei vastannut puhelimeen",
        },
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert absence.affects_benefits and absence.days == 2
    event = AuditEvent.objects.get(action="placement.absence")
    assert event.person_ref == period.client.person_ref
    assert event.actor == org_contact
    assert "Ei vastannut" not in str(event.changes)
    coach_page = login(coach).get(period.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    text = coach_page.content.decode()
    assert "may affect the participant's unemployment benefit" in text
    assert reverse("placements:absence_reported", args=[absence.pk]) in text


def test_the_coach_records_that_the_absence_was_reported(login, coach, org_contact, period):
    absence = host_services.absence_record(
        actor=org_contact,
        placement=period,
        first_on=date(2026, 11, 26),
        last_on=date(2026, 11, 26),
        kind="left_early",
        today=TODAY,
    )
    url = reverse("placements:absence_reported", args=[absence.pk])
    http = login(coach)
    http.post(url, {"official_reference": "ILM-123", "official_on": "2026-11-27"})
    absence.refresh_from_db()
    assert absence.notice_reference == "ILM-123" and not absence.to_report
    assert AuditEvent.objects.filter(action="placement.absence_reported").exists()
    assert login(org_contact).post(url, {"official_reference": "X"}).status_code == 403


def test_an_agreed_absence_is_not_flagged(org_contact, period):
    absence = host_services.absence_record(
        actor=org_contact,
        placement=period,
        first_on=date(2026, 12, 7),
        last_on=date(2026, 12, 7),
        kind="agreed",
        today=TODAY,
    )
    assert not absence.affects_benefits


def test_bad_absence_gets_a_clear_message_and_keeps_what_was_typed(login, org_contact, period):
    response = login(org_contact).post(
        reverse("placements:host_absence_add", args=[period.pk]),
        {
            "absence-first_on": "2026-11-26",
            "absence-last_on": "2026-11-20",
            "absence-kind": "unexplained",
            "absence-note": "Soitti myöhään",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "The last day must not be before the first day." in text
    assert "Soitti myöhään" in text and 'value="2026-11-20"' in text
    assert not Absence.objects.exists()


def test_an_absence_without_notice_cannot_be_ahead(login, org_contact, period):
    response = login(org_contact).post(
        reverse("placements:host_absence_add", args=[period.pk]),
        {"absence-first_on": "2026-12-03", "absence-kind": "unexplained"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "can be recorded in advance" in response.content.decode()


def test_the_host_writes_their_part_of_a_recorded_review(login, coach, org_contact, period):
    http = login(org_contact)
    url = reverse("placements:host_review_part", args=[period.pk])
    refused = http.post(url, {"review-stage": "start", "review-view": "Hyvin alkanut"})
    assert refused.status_code == 422
    services.review_record(
        actor=coach,
        placement=period,
        today=TODAY,
        stage="start",
        held_on=date(2026, 11, 5),
        participant_view="",
        instructor_view="",
        notes="",
        next_steps="",
        summary="",
    )
    assert (
        http.post(url, {"review-stage": "start", "review-view": "Hyvin alkanut"}).status_code == 302
    )
    assert period.reviews.get().instructor_view == "Hyvin alkanut"
    assert AuditEvent.objects.filter(action="placement.review_part").exists()
    coach_page = login(coach).get(period.get_absolute_url()).content.decode()
    assert "Hyvin alkanut" in coach_page


def test_the_hosts_view_of_the_period_reaches_the_coach(login, coach, org_contact, period):
    http = login(org_contact)
    url = reverse("placements:host_view", args=[period.pk])
    empty = http.post(url, {"period-view": "  "}, HTTP_ACCEPT_LANGUAGE="fi")
    assert empty.status_code == 422
    assert http.post(url, {"period-view": "Oppii nopeasti"}).status_code == 302
    assert "Oppii nopeasti" in login(coach).get(period.get_absolute_url()).content.decode()
    assert AuditEvent.objects.filter(action="placement.host_view").exists()


def test_a_reported_absence_without_its_date_keeps_the_typed_reference(
    login, coach, org_contact, period
):
    absence = host_services.absence_record(
        actor=org_contact,
        placement=period,
        first_on=date(2026, 11, 26),
        last_on=date(2026, 11, 26),
        kind="unexplained",
        today=TODAY,
    )
    response = login(coach).post(
        reverse("placements:absence_reported", args=[absence.pk]),
        {"official_reference": "ILM-77"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert 'value="ILM-77"' in response.content.decode()
    absence.refresh_from_db()
    assert absence.to_report
