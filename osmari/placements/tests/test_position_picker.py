"""The position picker of a new period: four carpenters' places are told apart by their
organisation and municipality, searched by any of them, each with its free places; the
search works with htmx and without JavaScript."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from osmari.agreements.tests.builders import make_active_agreement
from osmari.employers.tests.builders import make_position
from osmari.placements.models import Placement
from osmari.placements.tests.builders import period_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def carpenters(coach, area, organisation, other_organisation, jobseeker):
    """Puuseppä at Saimaan Puutyö (two places, one taken by a planned period) and at the
    eOppimiskeskus in another municipality (one place, taken by a running period)."""
    municipalities = list(area.municipalities.order_by("code"))
    make_active_agreement(organisation, coach)
    busy = make_position(organisation, coach, title="Puuseppä", capacity=2)
    full = make_position(
        other_organisation, coach, title="Puuseppä", municipality=municipalities[-1]
    )
    period_record(jobseeker, busy, date(2027, 1, 4), date(2027, 3, 26), status="planned")
    period_record(jobseeker, full, date(2026, 11, 2), date(2027, 1, 29))
    # A period already over holds no place.
    period_record(jobseeker, full, date(2026, 1, 5), date(2026, 3, 27), ended=date(2026, 3, 27))
    return busy, full, municipalities[-1]


def _page(http, client, **params):
    return http.get(
        reverse("placements:create", args=[client.pk]), params, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_each_place_shows_its_organisation_municipality_and_free_places(
    login, coach, jobseeker, carpenters
):
    busy, _full, elsewhere = carpenters
    page = _page(login(coach), jobseeker).content.decode()
    assert page.count("<strong>Puuseppä</strong>") == 2
    assert f"Saimaan Puutyö Oy, {busy.municipality}" in page
    assert f"Suomen eOppimiskeskus ry, {elsewhere}" in page
    assert "1 of 2 places free" in page
    assert "Full: 1 place taken" in page
    # Labelled, and the number found is announced.
    assert '<label for="position-q">Search by title, organisation or municipality</label>' in page
    assert 'role="status"' in page and "2 positions found." in page


@pytest.mark.parametrize("query", ["eoppimis", "puuseppä suomen"])
def test_a_search_without_javascript_narrows_the_list_by_organisation(
    login, coach, jobseeker, carpenters, query
):
    busy, full, _elsewhere = carpenters
    page = _page(login(coach), jobseeker, q=query).content.decode()
    assert f'value="{full.pk}"' in page
    assert f'value="{busy.pk}"' not in page
    assert "1 position found." in page


def test_a_search_by_municipality(login, coach, jobseeker, carpenters):
    busy, full, elsewhere = carpenters
    page = _page(login(coach), jobseeker, q=elsewhere.name_fi).content.decode()
    assert f'value="{full.pk}"' in page and f'value="{busy.pk}"' not in page


def test_htmx_replaces_the_list_and_announces_the_count_keeping_the_choice(
    login, coach, jobseeker, carpenters
):
    busy, full, _elsewhere = carpenters
    response = login(coach).get(
        reverse("placements:position_search", args=[jobseeker.pk]),
        {"q": "eOppimis", "position": busy.pk},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert 'hx-swap-oob="innerHTML"' in text and "1 position found." in text
    # The place chosen before stays, checked.
    assert f'value="{busy.pk}" id="position-{busy.pk}" checked' in text
    assert f'value="{full.pk}"' in text


def test_nothing_found_says_what_to_try(login, coach, jobseeker, carpenters):
    page = _page(login(coach), jobseeker, q="Seppä Zzz").content.decode()
    assert "No position matches the search" in page


def test_a_suggestion_keeps_its_place_and_kind_through_a_search(
    login, coach, jobseeker, carpenters
):
    busy, _full, _elsewhere = carpenters
    page = _page(
        login(coach), jobseeker, position=busy.pk, kind="work_trial", q="eOppimis"
    ).content.decode()
    assert f'<input type="hidden" name="position" value="{busy.pk}">' in page
    assert '<input type="hidden" name="kind" value="work_trial">' in page
    assert f'value="{busy.pk}" id="position-{busy.pk}" checked' in page


def test_the_chosen_place_is_planned(login, coach, jobseeker, carpenters):
    busy, _full, _elsewhere = carpenters
    response = login(coach).post(
        reverse("placements:create", args=[jobseeker.pk]),
        {
            "position": busy.pk,
            "kind": "work_trial",
            "start_on": "2027-04-05",
            "end_on": "2027-05-28",
            "days_per_week": 4,
            "hours_per_day": 6,
        },
    )
    assert response.status_code == 302
    assert Placement.objects.filter(position=busy, start_on=date(2027, 4, 5)).exists()


def test_a_missing_choice_is_named_on_the_form(login, coach, jobseeker, carpenters):
    response = login(coach).post(
        reverse("placements:create", args=[jobseeker.pk]),
        {"kind": "work_trial", "start_on": "2026-12-07", "end_on": "2027-01-29"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert 'href="#id_position"' in response.content.decode()
    assert 'id="id_position"' in response.content.decode()


def test_only_the_coaches_of_the_clients_area_search(
    login, coach_other_area, org_contact, jobseeker, carpenters
):
    url = reverse("placements:position_search", args=[jobseeker.pk])
    assert login(coach_other_area).get(url).status_code == 404
    assert login(org_contact).get(url).status_code == 403


@pytest.mark.parametrize("query", ["a\x00b", "%", "_" * 300])
def test_a_strange_search_finds_nothing_or_something_but_never_fails(
    login, coach, jobseeker, carpenters, query
):
    assert _page(login(coach), jobseeker, q=query).status_code == 200
    url = reverse("placements:position_search", args=[jobseeker.pk])
    assert login(coach).get(url, {"q": query, "position": "x"}).status_code == 200
