"""The orientation plan: a PDF made from the period's records, downloaded by the coach and
by the host organisation, and accepted by the host; a period changed afterwards says so."""

import io
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from osmari.core.models import AuditEvent
from osmari.employers.models import Contact
from osmari.employers.tests.builders import make_instructor
from osmari.placements import services
from osmari.placements.models import PlanAcceptance
from osmari.placements.tests.builders import make_period

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def period(coach, jobseeker, place, organisation):
    """A work trial planned to start on 7.12.2026, with its instructor and the
    organisation's contact person."""
    instructor = make_instructor(organisation, coach)
    place.instructor = instructor
    place.tasks = "Tavaran vastaanotto ja keräily"
    place.save()
    Contact.objects.create(
        organisation=organisation, name="Kaisa Kontakti", role="contact_person", phone="0401234567"
    )
    placement = make_period(
        coach,
        jobseeker,
        place,
        date(2026, 12, 7),
        date(2027, 3, 5),
        objective="Oppia trukin käyttö",
    )
    services.placement_reference_set(
        actor=coach, placement=placement, official_reference="TK-2026-1234", official_on=TODAY
    )
    return placement


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_coach_downloads_the_plan_made_from_the_period(login, coach, period):
    response = login(coach).get(
        reverse("placements:plan_pdf", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = _text(response)
    assert response["Content-Disposition"] == (
        f'attachment; filename="perehdyttamissuunnitelma-{period.pk}.pdf"'
    )
    for expected in (
        "Orientation plan",
        "Testi Asiakas",
        "Saimaan Puutyö Oy",
        "Tavaran vastaanotto ja keräily",
        "Oppia trukin käyttö",
        "4 days a week, 6",
        "Olli Ohjaaja",
        "Kaisa Kontakti",
        "0401234567",
        "coach@test.osmari.fi",
        "TK-2026-1234",
        "12/07/2026",
        "03/05/2027",
        "Three-way reviews",
    ):
        assert expected in text, expected
    # It says what it is not: the statutory agreement lives in the national system.
    words = " ".join(text.split())
    assert "It is not the work-" in words and "national client information system (URA)" in words
    assert AuditEvent.objects.filter(action="placement.plan_download", actor=coach).exists()
    assert AuditEvent.objects.filter(
        action="client.view_orientation_plan", person_ref=period.client.person_ref
    ).exists()


def test_a_plan_without_its_reference_says_it_is_not_linked_yet(login, coach, period):
    services.placement_reference_set(
        actor=coach, placement=period, official_reference="", official_on=None
    )
    text = _text(
        login(coach).get(
            reverse("placements:plan_pdf", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    )
    assert "Not linked yet" in text


def test_the_period_page_offers_the_plan(login, coach, period):
    page = login(coach).get(reverse("placements:detail", args=[period.pk])).content.decode()
    assert reverse("placements:plan_pdf", args=[period.pk]) in page
    assert reverse("placements:host_plan_accept", args=[period.pk]) not in page


def test_the_host_downloads_and_accepts_the_plan_on_their_own_page(login, org_contact, period):
    http = login(org_contact)
    page = http.get(
        reverse("placements:host_detail", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert reverse("placements:host_plan_pdf", args=[period.pk]) in page
    assert "has not accepted the plan yet" in page
    assert "Oppia trukin käyttö" in _text(
        http.get(reverse("placements:host_plan_pdf", args=[period.pk]))
    )
    assert AuditEvent.objects.filter(action="placement.plan_download", actor=org_contact).exists()

    response = _accept(http, period, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    acceptance = PlanAcceptance.objects.get(placement=period)
    assert acceptance.accepted_by == org_contact
    assert AuditEvent.objects.filter(
        action="placement.plan_accepted", actor=org_contact, person_ref=period.client.person_ref
    ).exists()
    page = http.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Accepted by the host organisation on 11/27/2026" in page
    assert reverse("placements:host_plan_accept", args=[period.pk]) not in page


def _accept(http, period, **extra):
    """Accept the plan as the host does: from their page, which carries the plan's digest."""
    page = http.get(reverse("placements:host_detail", args=[period.pk])).content.decode()
    read = re.search(r'name="digest" value="([0-9a-f]+)"', page)
    return http.post(
        reverse("placements:host_plan_accept", args=[period.pk]),
        {"digest": read.group(1) if read else ""},
        **extra,
    )


def test_a_plan_changed_while_the_host_read_it_is_not_accepted(login, coach, org_contact, period):
    http = login(org_contact)
    page = http.get(reverse("placements:host_detail", args=[period.pk])).content.decode()
    read = re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)
    assert (
        f"Plan version {read[:12]}"
        in http.get(
            reverse("placements:host_detail", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    )
    services.placement_extend(
        actor=coach, placement=period, end_on=date(2027, 4, 2), note="Lisää aikaa", today=TODAY
    )
    response = http.post(
        reverse("placements:host_plan_accept", args=[period.pk]),
        {"digest": read},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "The plan has changed since you opened it" in response.content.decode()
    assert not PlanAcceptance.objects.filter(placement=period).exists()
    # Read again, it is accepted as it now reads.
    assert _accept(http, period).status_code == 302
    assert PlanAcceptance.objects.filter(placement=period).count() == 1


def test_a_period_changed_after_acceptance_shows_that_the_plan_changed(
    login, coach, org_contact, period
):
    _accept(login(org_contact), period)
    services.placement_extend(
        actor=coach, placement=period, end_on=date(2027, 4, 2), note="Lisää aikaa", today=TODAY
    )
    coach_page = login(coach).get(
        reverse("placements:detail", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The plan has changed since the host organisation accepted it" in (
        coach_page.content.decode()
    )
    host_page = login(org_contact).get(
        reverse("placements:host_detail", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The plan has changed since" in host_page.content.decode()
    # The host accepts the plan as it reads now.
    _accept(login(org_contact), period)
    assert PlanAcceptance.objects.filter(placement=period).count() == 2


def test_a_reference_added_later_does_not_change_the_accepted_plan(
    login, coach, org_contact, period
):
    _accept(login(org_contact), period)
    services.placement_reference_set(
        actor=coach, placement=period, official_reference="TK-2026-9999", official_on=TODAY
    )
    page = (
        login(coach)
        .get(reverse("placements:detail", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Accepted by the host organisation" in page


def test_accepting_the_same_plan_twice_is_refused_with_a_reason(login, org_contact, period):
    http = login(org_contact)
    _accept(http, period)
    response = _accept(http, period, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "already accepted" in response.content.decode()
    assert PlanAcceptance.objects.filter(placement=period).count() == 1


def test_another_organisation_neither_reads_nor_accepts_the_plan(
    login, other_org_contact, coach_other_area, period
):
    http = login(other_org_contact)
    assert http.get(reverse("placements:host_plan_pdf", args=[period.pk])).status_code == 404
    assert _accept(http, period).status_code == 404
    assert not PlanAcceptance.objects.exists()
    assert (
        login(coach_other_area).get(reverse("placements:plan_pdf", args=[period.pk])).status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action="placement.plan_download").exists()


def test_staff_do_not_accept_for_the_host(login, coach, period):
    response = login(coach).post(reverse("placements:host_plan_accept", args=[period.pk]))
    assert response.status_code == 403
    assert not PlanAcceptance.objects.exists()


def _change(http, period, **data):
    values = {"days_per_week": 3, "hours_per_day": "5", "instructor": "", "objective": ""}
    values.update(data)
    return http.post(
        reverse("placements:plan_change", args=[period.pk]), values, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_coach_changes_the_plan_and_the_host_sees_it_changed(
    login, coach, org_contact, period, django_capture_on_commit_callbacks
):
    _accept(login(org_contact), period)
    form = login(coach).get(reverse("placements:plan_change", args=[period.pk]))
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _change(
            login(coach), period, instructor=period.instructor_id, objective="Oppia varastotyö"
        )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.days_per_week, period.objective) == (3, "Oppia varastotyö")
    event = AuditEvent.objects.get(action="placement.plan_change")
    assert event.changes["days_per_week"] == [4, 3]
    assert "Oppia" not in str(event.changes)
    # The host, the contact and the instructor are told that there is news.
    assert AuditEvent.objects.filter(action="placement.notice").exists()
    page = login(org_contact).get(
        reverse("placements:host_detail", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The plan has changed since" in page.content.decode()


def test_a_plan_change_that_breaks_the_law_is_refused_with_the_rule(login, coach, period):
    # Seven days a week is more than a work trial may have.
    response = _change(login(coach), period, days_per_week=7, hours_per_day="12")
    assert response.status_code == 422
    assert "breaks these rules" in response.content.decode()
    period.refresh_from_db()
    assert period.days_per_week == 4


def test_another_organisations_instructor_is_refused(login, coach, period, other_organisation):
    stranger = make_instructor(other_organisation, coach, name="Vieras Ohjaaja")
    response = _change(login(coach), period, instructor=stranger.pk)
    assert response.status_code == 422
    period.refresh_from_db()
    assert period.instructor.name == "Olli Ohjaaja"
