"""Finding people: the client list filters, sorts and keeps the filters in its address; a
user with roles in several areas chooses the area they work in."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from osmari.accounts.models import Role
from osmari.accounts.services import membership_grant
from osmari.clients.models import Client, Enrolment
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.screening.tests.builders import make_decision

pytestmark = [pytest.mark.django_db]

LIST = reverse("clients:list")


@pytest.fixture
def caseload(area, coach, manager):
    """Four clients of the area: two of the coach's, one of another coach, one without."""
    other_coach = membership_grant(
        actor=None,
        user=type(coach).objects.create_user(
            email="coach2@test.osmari.fi", password="x", full_name="Toinen Valmentaja"
        ),
        role=Role.COACH,
        area=area,
    ).user
    mikkeli = area.municipalities.get(code="491")
    people = {
        "aalto": build_client(
            actor=coach,
            area=area,
            hetu=numbered_hetu(1),
            first_name="Anna",
            last_name="Aalto",
            coach=coach,
            municipality=mikkeli,
        ),
        "bergman": build_client(
            actor=coach,
            area=area,
            hetu=numbered_hetu(2),
            first_name="Bo",
            last_name="Bergman",
            coach=coach,
        ),
        "cederlund": build_client(
            actor=coach,
            area=area,
            hetu=numbered_hetu(3),
            first_name="Carl",
            last_name="Cederlund",
            coach=other_coach,
            municipality=mikkeli,
        ),
        "dahl": build_client(
            actor=coach,
            area=area,
            hetu=numbered_hetu(4),
            first_name="Dora",
            last_name="Dahl",
        ),
    }
    Client.objects.filter(pk=people["bergman"].pk).update(stage="assessed")
    Enrolment.objects.create(client=people["aalto"], entered_on=date(2026, 1, 5))
    Enrolment.objects.create(
        client=people["cederlund"], entered_on=date(2026, 1, 5), left_on=date(2026, 6, 1)
    )
    make_decision(coach, people["bergman"], proposal="wage_subsidy", on=date(2026, 10, 1))
    make_decision(coach, people["aalto"], proposal="not_now", on=date(2026, 9, 1))
    # The latest proposal counts, not an earlier one.
    make_decision(coach, people["aalto"], proposal="work_trial", on=date(2026, 11, 1))
    return people


def names(response) -> list[str]:
    import re

    return re.findall(r'href="/clients/\d+/">([^,<]+),', response.text)


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, ["Aalto", "Bergman", "Cederlund", "Dahl"]),
        ({"mine": "on"}, ["Aalto", "Bergman"]),
        ({"stage": "assessed"}, ["Bergman"]),
        ({"municipality": "491"}, ["Aalto", "Cederlund"]),
        ({"programme": "in"}, ["Aalto"]),
        ({"programme": "left"}, ["Cederlund"]),
        ({"programme": "none"}, ["Bergman", "Dahl"]),
        ({"latest_proposal": "work_trial"}, ["Aalto"]),
        ({"latest_proposal": "none"}, ["Cederlund", "Dahl"]),
        ({"sort": "-name"}, ["Dahl", "Cederlund", "Bergman", "Aalto"]),
        ({"mine": "on", "latest_proposal": "wage_subsidy"}, ["Bergman"]),
    ],
)
def test_the_coach_narrows_the_list_by_each_filter(login, coach, caseload, query, expected):
    response = login(coach).get(LIST, query)
    assert response.status_code == 200
    assert names(response) == expected


def test_the_filters_stay_in_the_address_of_every_page(login, coach, area):
    for n in range(30):
        build_client(actor=coach, area=area, hetu=numbered_hetu(10 + n), coach=coach)
    response = login(coach).get(LIST, {"mine": "on", "sort": "-name"})
    assert 'href="?mine=on&amp;sort=-name&amp;page=2"' in response.text
    # The form shows what was chosen.
    assert 'name="mine" id="id_mine" checked' in response.text


def test_a_coach_filter_and_the_latest_proposal_column(login, manager, caseload):
    coach_id = caseload["cederlund"].coach_id
    response = login(manager).get(LIST, {"coach": coach_id})
    assert names(response) == ["Cederlund"]
    page = login(manager).get(LIST, {"mine": "", "sort": "name"}).text
    assert "Viimeisin ehdotus" in page and "Työkokeilu" in page


def test_a_value_not_on_offer_is_named_and_the_rest_still_filter(login, coach, caseload):
    response = login(coach).get(LIST, {"stage": "nonsense", "mine": "on"})
    assert response.status_code == 200
    assert "Valitse oikea vaihtoehto" in response.text
    assert names(response) == ["Aalto", "Bergman"]


def test_a_user_with_roles_in_two_areas_chooses_where_new_clients_go(
    login, coach, area, other_area
):
    membership_grant(actor=None, user=coach, role=Role.COACH, area=other_area)
    http = login(coach)
    home = http.get(reverse("accounts:home")).text
    assert 'name="area"' in home and str(other_area) in home
    response = http.post(reverse("accounts:area_switch"), {"area": other_area.pk, "next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    http.post(
        reverse("clients:create"),
        {
            "personal_identity_code": numbered_hetu(99),
            "first_name": "Uusi",
            "last_name": "Alueella",
            "gender": "female",
            "preferred_language": "fi",
            "postcode": "53100",
        },
    )
    assert Client.objects.get(last_name="Alueella").area == other_area


def test_an_area_without_a_role_is_not_taken(login, coach, area, other_area):
    http = login(coach)
    http.post(reverse("accounts:area_switch"), {"area": other_area.pk})
    assert "osmari_working_area" not in http.session
