"""The work-trial figures page, the notice on an organisation's page and the record of a
host's layoffs and dismissals, on hand-built periods dated back from today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.core.models import AuditEvent
from osmari.employers.models import StaffReduction
from osmari.employers.services import staff_reduction_add
from osmari.employers.tests.builders import make_organisation, make_position, numbered_business_id
from osmari.placements.tests.builders import period_record

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def hosts(area, coach, organisation, other_organisation):
    """Three trials in a row in one place at the company, the second during a layoff in the
    same place; one trial at the association that led on, one interrupted for health."""
    other_organisation.kind = "association"
    other_organisation.save(update_fields=["kind"])
    place = make_position(organisation, coach, title="Varastotyöntekijä")
    workshop = make_position(other_organisation, coach, title="Kierrätystyöntekijä")
    clients = [
        build_client(actor=coach, area=area, hetu=numbered_hetu(n), coach=coach) for n in range(5)
    ]
    for n, start in enumerate((300, 200, 100)):
        period_record(
            clients[n],
            place,
            days_ago(start),
            days_ago(start - 30),
            ended=days_ago(start - 30),
            outcome="job_seeking",
        )
    period_record(
        clients[3],
        workshop,
        days_ago(250),
        days_ago(220),
        ended=days_ago(220),
        outcome="education",
    )
    interrupted = period_record(
        clients[4],
        workshop,
        days_ago(150),
        days_ago(120),
        ended=days_ago(140),
        status="interrupted",
    )
    interrupted.interruption_reason = "health"
    interrupted.save(update_fields=["interruption_reason"])
    staff_reduction_add(
        actor=coach,
        organisation=organisation,
        kind="layoff",
        first_on=days_ago(210),
        last_on=days_ago(150),
        position=place,
        tasks="Keräily",
    )
    return place


def test_the_page_lists_each_host_with_its_figures_and_what_is_worth_a_look(
    login, manager, hosts, organisation, other_organisation
):
    page = login(manager).get(reverse("reporting:trials"), **EN)
    assert page.status_code == 200
    text = page.content.decode()
    # The company first: worth a look for the three in a row and the layoff.
    assert text.index(organisation.name) < text.index(other_organisation.name)
    assert reverse("employers:detail", args=[organisation.pk]) in text
    assert "3 work trials in a row in the same tasks (Varastotyöntekijä" in text
    assert "with no hire between. Area setting “work trials in a row in the same tasks" in text
    assert "1 work trial ran during a layoff recorded in the same tasks" in text
    # Health is never named as a reason beside an organisation: it counts as another reason.
    assert "Health" not in text
    assert "Other reason: 1" in text
    assert "1 organisation worth a look." in text


def test_small_interruption_counts_are_hidden_from_a_coach(login, coach, hosts):
    text = login(coach).get(reverse("reporting:trials"), **EN).content.decode()
    assert "Other reason: fewer than 5" in text
    assert "Other reason: 1" not in text
    assert "Health" not in text


def test_the_area_setting_changes_what_is_worth_a_look(login, manager, hosts, area):
    area.trial_successive_limit = 4
    area.save(update_fields=["trial_successive_limit"])
    text = login(manager).get(reverse("reporting:trials"), **EN).content.decode()
    assert "in a row in the same tasks (" not in text
    # The layoff still is.
    assert "ran during a layoff recorded" in text


def test_the_page_reads_in_the_same_number_of_queries_however_many_hosts(
    login, manager, hosts, area, coach
):
    http = login(manager)
    http.get(reverse("reporting:trials"))
    with CaptureQueriesContext(connection) as before:
        http.get(reverse("reporting:trials"))
    for n in range(3):
        more = make_organisation(area, f"Lisä {n} Oy", numbered_business_id(n))
        place = make_position(more, coach)
        client = build_client(actor=coach, area=area, hetu=numbered_hetu(10 + n), coach=coach)
        period_record(client, place, days_ago(90), days_ago(60), ended=days_ago(60))
    with CaptureQueriesContext(connection) as after:
        page = http.get(reverse("reporting:trials"))
    assert "Lisä 2 Oy" in page.content.decode()
    assert len(after) == len(before)


def test_the_organisations_page_says_its_trials_are_worth_a_look_to_the_areas_staff(
    login, coach, org_contact, hosts, organisation, other_organisation
):
    text = login(coach).get(reverse("employers:detail", args=[organisation.pk]), **EN)
    text = text.content.decode()
    assert "The work trials here are worth a look:" in text
    assert f"{reverse('reporting:trials')}?area={organisation.area_id}" in text
    assert "Layoffs and dismissals" in text
    quiet = login(coach).get(reverse("employers:detail", args=[other_organisation.pk]), **EN)
    assert "worth a look" not in quiet.content.decode()
    own = login(org_contact).get(reverse("employers:detail", args=[organisation.pk]), **EN)
    own = own.content.decode()
    assert "worth a look" not in own and "Layoffs and dismissals" not in own


def test_a_layoff_ending_before_it_starts_is_refused_and_nothing_is_lost(
    login, employer_services, hosts, organisation
):
    http = login(employer_services)
    url = reverse("employers:reduction_add", args=[organisation.pk])
    data = {
        "kind": "dismissal",
        "first_on": days_ago(10).isoformat(),
        "last_on": days_ago(20).isoformat(),
        "position": hosts.pk,
        "tasks": "Keräily",
        "note": "Kaksi varastotyöntekijää irtisanottu tuotannollisin perustein.",
    }
    with translation.override("en"):
        response = http.post(url, data, **EN)
    assert response.status_code == 422
    text = response.content.decode()
    assert "The last day must not be before the first day." in text
    # What was typed stays in the form; the layoff recorded earlier stays on the record.
    assert "Kaksi varastotyöntekijää" in text
    assert list(StaffReduction.objects.values_list("kind", flat=True)) == ["layoff"]

    response = http.post(url, {**data, "position": ""}, **EN)
    assert response.status_code == 422
    assert "Name the place or the occupation concerned" in response.content.decode()

    response = http.post(url, {**data, "first_on": "0001-01-01", "last_on": ""}, **EN)
    assert response.status_code == 422
    assert "Enter a date between 1.1.1900 and 31.12.2099." in response.content.decode()

    response = http.post(url, {**data, "last_on": ""})
    assert response.status_code == 302
    saved = StaffReduction.objects.get(kind="dismissal")
    assert saved.last_on is None and saved.recorded_by == employer_services
    event = AuditEvent.objects.get(action="organisation.reduction_add", actor=employer_services)
    assert event.object_id == str(organisation.pk) and event.changes["kind"] == [None, "dismissal"]
