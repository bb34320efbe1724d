"""Suggestions both ways and the regional assignment, as coaches and organisations see them."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from osmari.clients.models import ClientLanguage, ClientRestriction
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import AuditEvent
from osmari.employers import services as employer_services
from osmari.employers.models import Position
from osmari.employers.tests.builders import make_position
from osmari.matching.tests.builders import build_market, warehouse_occupation
from osmari.placements.models import Placement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def warehouse():
    return warehouse_occupation()


@pytest.fixture
def market(coach, area, organisation, other_organisation, warehouse):
    """Two people and three places: one close fit, one in the wrong language, one full."""
    return build_market(coach, area, organisation, other_organisation, warehouse)


def test_a_coach_sees_the_best_places_with_reasons(login, coach, market):
    http = login(coach)
    response = http.get(reverse("matching:client_suggestions", args=[market["aino"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    first = page.index("1. Varasto")
    assert first < page.index("2. Keittiö")
    assert "Ammatti, josta henkilö on kiinnostunut." in page
    # The Swedish-speaking place is left out, and the reason is counted.
    assert "Työkieli on ruotsi; henkilö ei osaa sitä riittävästi." in page
    url = reverse("placements:create", args=[market["aino"].pk])
    assert f"{url}?position={market['fit'].pk}&amp;kind=work_trial&amp;score=" in page
    assert AuditEvent.objects.filter(action="client.view_suggestions").count() == 1


def test_a_restriction_excludes_the_place_that_conflicts(login, coach, market):
    page = (
        login(coach)
        .get(reverse("matching:client_suggestions", args=[market["bertta"].pk]))
        .content.decode()
    )
    assert "Keittiö – " not in page.split("paikkaa jätettiin pois")[0]
    assert "Työ edellyttää: ”Seisomatyötä”, mikä ei sovi henkilön rajoitteeseen." in page


def test_suggestions_need_a_fixed_number_of_queries(
    login, coach, market, organisation, django_assert_max_num_queries
):
    for n in range(15):
        make_position(organisation, coach, title=f"Paikka {n}", demands=["noise"])
    http = login(coach)
    url = reverse("matching:client_suggestions", args=[market["aino"].pk])
    http.get(url)
    # Two of them read the person's proposals and whom they share their profile with.
    with django_assert_max_num_queries(23):
        response = http.get(url)
    assert response.status_code == 200


def test_a_coach_sees_every_waiting_person_for_a_place(login, coach, market):
    page = (
        login(coach)
        .get(reverse("matching:position_candidates", args=[market["fit"].pk]))
        .content.decode()
    )
    assert "Testi Asiakas" in page
    assert "Ohjaus" in page  # the guidance criterion comes from the needs assessment


def test_an_organisation_sees_only_people_who_agreed_to_share(
    login, coach, org_contact, organisation, market
):
    http = login(org_contact)
    url = reverse("matching:position_candidates", args=[market["fit"].pk])
    page = http.get(url).content.decode()
    assert "Testi A." not in page
    employer_services.sharing_consent_give(
        actor=coach, client=market["aino"], organisation=organisation
    )
    page = http.get(url).content.decode()
    assert "Testi A." in page
    assert "Testi Asiakas" not in page  # surname shortened
    assert "Ohjaus" not in page  # nothing from the needs assessment
    assert market["aino"].personal_identity_code not in page
    # Each person shown is named in the audit log, with the place they were shown for.
    assert AuditEvent.objects.filter(
        action="client.view_candidates", person_ref=market["aino"].person_ref
    ).exists()


def test_another_organisation_cannot_open_the_place(login, other_org_contact, market):
    response = login(other_org_contact).get(
        reverse("matching:position_candidates", args=[market["fit"].pk])
    )
    assert response.status_code == 404


def _assignment(http):
    """Ask for a new proposal, let the worker make it, and read the page."""
    assert http.post(reverse("matching:assignment_request")).status_code == 302
    call_command("run_worker", "--once", "--no-periodic", verbosity=0)
    return http.get(reverse("matching:assignment")).content.decode()


def test_the_regional_assignment_proposes_pairs_within_capacity(login, coach, area, market):
    # A third person who also wants warehouse work: only one of them can have the one place.
    carla = make_jobseeker(coach, area, code="150570-2029")
    carla.occupations.add(*market["aino"].occupations.all())
    page = _assignment(login(coach))
    assert page.count(f"?position={market['fit'].pk}&amp;") == 1
    assert "Sopivat paikat menivät paremmin sopiville" in page
    assert "Yhteensopivuus yhteensä" in page
    assert ">Suunnittele</a>" in page  # the verb, not the noun "plan"


def test_accepting_a_suggestion_makes_a_planned_period(login, coach, market):
    http = login(coach)
    response = http.post(
        reverse("placements:create", args=[market["aino"].pk]),
        {
            "position": market["fit"].pk,
            "kind": "work_trial",
            "start_on": "2026-12-01",
            "end_on": "2027-02-28",
            "days_per_week": "4",
            "hours_per_day": "6",
            "match_score": "0.912",
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.status == "planned"
    # The place is now taken: it is no longer suggested to the next person.
    page = http.get(
        reverse("matching:client_suggestions", args=[market["bertta"].pk])
    ).content.decode()
    assert "Ei vapaata paikkaa." in page


def test_a_person_with_a_planned_period_is_not_waiting(login, coach, market):
    from osmari.placements.services import placement_create
    from osmari.placements.tests.builders import trial

    placement_create(
        actor=coach,
        client=market["aino"],
        position=market["fit"],
        fields=trial(date(2026, 12, 1), date(2027, 2, 28)),
    )
    page = _assignment(login(coach))
    assert f"/clients/{market['aino'].pk}/" not in page


def test_language_levels_are_read_from_the_record(login, coach, market):
    ClientLanguage.objects.create(client=market["aino"], code="sv", level="fluent")
    page = (
        login(coach)
        .get(reverse("matching:client_suggestions", args=[market["aino"].pk]))
        .content.decode()
    )
    assert "Lager" in page.split("jätettiin pois")[0]


def test_the_assignment_needs_a_fixed_number_of_queries(
    login, coach, area, organisation, market, django_assert_max_num_queries
):
    for n, code in enumerate(["150570-2029", "280384-1234", "020202A123C", "111190-1235"]):
        make_jobseeker(coach, area, code=code)
        make_position(organisation, coach, title=f"Paikka {n}")
    http = login(coach)
    url = reverse("matching:assignment")
    _assignment(http)
    with django_assert_max_num_queries(24):
        assert http.get(url).status_code == 200


def test_every_text_follows_the_reader_s_language(login, coach, market):
    http = login(coach)
    url = reverse("matching:client_suggestions", args=[market["aino"].pk])
    assert "Painot: Ammatti 35" in http.get(url).content.decode()
    http.cookies["django_language"] = "en"
    page = http.get(url).content.decode()
    assert "Weights: Occupation 35, Distance 20, Guidance 20, Skills 15, Working time 10." in page
    assert "The working language is Swedish" in page
    http.cookies["django_language"] = "sv"
    assert "Vikter: Yrke 35" in http.get(url).content.decode()


def test_before_a_period_is_agreed_an_organisation_sees_nothing_derived_from_restrictions(
    login, coach, org_contact, organisation, market
):
    bertta = market["bertta"]
    ClientRestriction.objects.create(client=bertta, code="part_time_only")
    employer_services.sharing_consent_give(actor=coach, client=bertta, organisation=organisation)
    url = reverse("matching:position_candidates", args=[market["fit"].pk])
    staff_page = login(coach).get(url).content.decode()
    # The coach sees the distance and the working time judged against the restriction.
    assert "km kotoa" in staff_page or "Kotia tai paikkaa ei tiedetä" in staff_page
    assert "Työaika" in staff_page
    page = login(org_contact).get(url).content.decode()
    assert "Testi B." in page or f"{bertta.first_name} {bertta.last_name[:1]}." in page
    for derived in ("Etäisyys", "km kotoa", "Työaika", "osa-aika", "rajoit", "Ohjaus", "autolla"):
        assert derived not in page, derived


def test_a_manager_without_the_right_to_health_data_sees_no_restriction(login, manager, market):
    bertta = market["bertta"]
    record = login(manager).get(reverse("clients:detail", args=[bertta.pk])).content.decode()
    assert "Työkyvyn rajoitteet" not in record
    assert "Seisomatyö" not in record
    page = (
        login(manager)
        .get(reverse("matching:client_suggestions", args=[bertta.pk]))
        .content.decode()
    )
    assert "rajoitteeseen" not in page


def test_candidates_and_the_assignment_keep_a_coach_to_their_own_caseload(
    login, coach, area, market
):
    from osmari.accounts.models import Role
    from osmari.accounts.tests.builders import make_person

    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    market["bertta"].coach = colleague
    market["bertta"].first_name, market["bertta"].last_name = "Bertta", "Berg"
    market["bertta"].save(update_fields=["coach", "first_name", "last_name"])
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    http = login(coach)
    candidates = http.get(
        reverse("matching:position_candidates", args=[market["fit"].pk])
    ).content.decode()
    assignment = _assignment(http)
    for page in (candidates, assignment):
        assert market["aino"].last_name in page
        assert str(market["bertta"]) not in page
    # The colleague sees their own, and not the coach's.
    theirs = _assignment(login(colleague))
    assert str(market["bertta"]) in theirs and str(market["aino"]) not in theirs


def test_the_closest_excluded_places_are_those_that_would_fit_best(
    login, coach, market, organisation, warehouse
):
    from osmari.matching.scoring import Eligibility, score
    from osmari.matching.selectors import (
        client_rows,
        open_positions,
        position_rows,
        suggestions_for_client,
    )

    # Swedish-speaking places, which exclude Aino, some in her occupation, at 1 to 5 days
    # of work a week: they fit her in different degrees.
    for days in range(1, 6):
        make_position(
            organisation,
            coach,
            title=f"Lager {days}",
            occupation=warehouse if days % 2 else None,
            language="sv",
            days_per_week=days,
        )
    aino = market["aino"]
    row = client_rows([aino], today=date(2026, 11, 27), include_sensitive=True)[0]
    positions = position_rows(open_positions(today=date(2026, 11, 27), area=aino.area))

    found = suggestions_for_client(row, positions, 10, closest=5)

    # As every excluded place scored in full would rank them.
    in_full = sorted(
        (score(row.profile, p.profile, Eligibility(None, None)) for p, _c in found.excluded),
        key=lambda m: (-m.score, m.position_id),
    )
    assert len(found.excluded) > 5
    assert [m.position_id for m in found.closest] == [m.position_id for m in in_full[:5]]
    page = login(coach).get(reverse("matching:client_suggestions", args=[aino.pk])).content.decode()
    # The page lists the same five, best first, each with what leaves it out.
    listed = page.split("Pois jätetyt, vaikka muuten lähellä")[1].split("</ul>")[0]
    titles = Position.objects.in_bulk([m.position_id for m in in_full[:5]])
    places = [listed.index(f"{titles[m.position_id].title} – ") for m in in_full[:5]]
    assert places == sorted(places) and listed.count("<li>") == 5
    assert "Työkieli on ruotsi" in listed
