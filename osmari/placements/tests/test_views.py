"""The coach's pages for a period: what a refusal, a confirmation and a change look like."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from osmari.core.models import AuditEvent
from osmari.employers.tests.builders import make_position
from osmari.placements import services
from osmari.placements.models import Placement
from osmari.placements.tests.builders import trial

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


def _form(position, **extra):
    data = {
        "position": position.pk,
        "kind": "work_trial",
        "start_on": "2026-12-01",
        "end_on": "2027-05-31",
        "days_per_week": "4",
        "hours_per_day": "6",
        "objective": "Kokeillaan varastotyötä",
    }
    data.update(extra)
    return data


def test_a_coach_plans_a_period_from_a_suggestion(login, coach, jobseeker, place):
    http = login(coach)
    url = reverse("placements:create", args=[jobseeker.pk])
    page = http.get(f"{url}?position={place.pk}&kind=work_trial&score=0.734").content.decode()
    assert f'value="{place.pk}" id="position-{place.pk}" checked' in page
    assert 'value="0.734"' in page
    response = http.post(url, _form(place, match_score="0.734"))
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert response["Location"] == reverse("placements:detail", args=[placement.pk])
    assert str(placement.match_score) == "0.734"
    event = AuditEvent.objects.get(action="placement.create")
    assert event.changes["match_score"] == [None, "0.734"]


def test_a_refusal_names_each_rule_in_finnish_and_saves_nothing(login, coach, jobseeker, place):
    response = login(coach).post(
        reverse("placements:create", args=[jobseeker.pk]),
        _form(place, end_on="2027-06-01", hours_per_day="9"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Saman järjestäjän luona työkokeilu voi kestää enintään 6 kk" in page
    assert "Työkokeilu on 4–8 tuntia päivässä; 9 ei käy." in page
    assert "(380/2023)" in page
    assert not Placement.objects.exists()


def test_a_refusal_in_english(login, coach, jobseeker, place):
    http = login(coach)
    http.cookies["django_language"] = "en"
    response = http.post(
        reverse("placements:create", args=[jobseeker.pk]), _form(place, end_on="2027-06-01")
    )
    assert "A work trial with the same organiser may last at most 6 months" in (
        response.content.decode()
    )


def test_bad_dates_get_a_message_on_the_field(login, coach, jobseeker, place):
    response = login(coach).post(
        reverse("placements:create", args=[jobseeker.pk]), _form(place, end_on="2026-11-01")
    )
    assert response.status_code == 422
    assert "Loppupäivä ei voi olla ennen alkupäivää." in response.content.decode()
    assert not Placement.objects.exists()


def test_without_an_agreement_the_coach_confirms_on_the_form(login, coach, jobseeker, organisation):
    position = make_position(organisation, coach)
    http = login(coach)
    url = reverse("placements:create", args=[jobseeker.pk])
    response = http.post(url, _form(position))
    assert response.status_code == 422
    assert 'name="confirm_without_agreement"' in response.content.decode()
    assert not Placement.objects.exists()
    response = http.post(url, _form(position, confirm_without_agreement="1"))
    assert response.status_code == 302
    assert Placement.objects.get().without_agreement_confirmed


def test_interrupting_on_the_page(login, coach, jobseeker, place):
    placement = services.placement_create(
        actor=coach,
        client=jobseeker,
        position=place,
        fields=trial(date(2026, 10, 1), date(2027, 1, 31)),
    )
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="active",
        on=date(2026, 10, 1),
        today=date(2026, 11, 27),
    )
    http = login(coach)
    url = reverse("placements:transition", args=[placement.pk])
    response = http.post(url, {"to_status": "interrupted", "on": "2026-11-20"})
    assert response.status_code == 422
    assert "Kerro keskeytyksen syy." in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == "active"
    response = http.post(
        url, {"to_status": "interrupted", "on": "2026-11-20", "reason": "health", "outcome": ""}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.interruption_reason) == ("interrupted", "health")
    page = http.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert "Käynnissä → Keskeytynyt" in page


def test_an_extension_past_the_limit_is_refused_on_the_page(login, coach, jobseeker, place):
    placement = services.placement_create(
        actor=coach,
        client=jobseeker,
        position=place,
        fields=trial(date(2026, 12, 1), date(2027, 2, 28)),
    )
    response = login(coach).post(
        reverse("placements:extend", args=[placement.pk]),
        {"end_on": "2027-06-15", "note": "Lisää aikaa"},
    )
    assert response.status_code == 422
    assert "enintään 6 kk" in response.content.decode()
    placement.refresh_from_db()
    assert placement.end_on == date(2027, 2, 28)


def test_the_end_review_on_the_page(login, coach, jobseeker, place):
    placement = services.placement_create(
        actor=coach,
        client=jobseeker,
        position=place,
        fields=trial(date(2026, 9, 1), date(2026, 11, 20)),
    )
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="active",
        on=date(2026, 9, 1),
        today=date(2026, 11, 27),
    )
    http = login(coach)
    url = reverse("placements:review_add", args=[placement.pk])
    assert http.get(url).status_code == 200
    data = {
        "stage": "end",
        "held_on": "2026-11-20",
        "participant_present": "on",
        "instructor_present": "on",
        "coach_present": "on",
        "summary": "Sopii varastoon.",
        "next_steps": "Trukkikortti",
    }
    assert http.post(url, {**data, "held_on": "2026-12-01"}).status_code == 422
    assert not placement.reviews.filter(stage="end").exists()
    response = http.post(url, data)
    assert response.status_code == 302
    page = http.get(reverse("clients:detail", args=[jobseeker.pk])).content.decode()
    assert "Sopii varastoon." in page
    assert "Trukkikortti" in page


def test_the_list_shows_the_area_s_periods(
    login, coach, manager, coach_other_area, jobseeker, place
):
    services.placement_create(
        actor=coach,
        client=jobseeker,
        position=place,
        fields=trial(date(2026, 12, 1), date(2027, 2, 28)),
    )
    assert "Testi Asiakas" in login(manager).get(reverse("placements:list")).content.decode()
    assert (
        "Testi Asiakas"
        not in login(coach_other_area).get(reverse("placements:list")).content.decode()
    )


@pytest.mark.parametrize(("sent", "kept"), [("0,734", "0.734"), ("nonsense", None), ("7", None)])
def test_a_mangled_score_from_a_link_never_blocks_the_form(
    login, coach, jobseeker, place, sent, kept
):
    response = login(coach).post(
        reverse("placements:create", args=[jobseeker.pk]), _form(place, match_score=sent)
    )
    assert response.status_code == 302
    score = Placement.objects.get().match_score
    assert (str(score) if score is not None else None) == kept


def test_a_manager_is_not_told_that_a_period_ended_for_health(
    login, coach, manager, jobseeker, place
):
    placement = services.placement_create(
        actor=coach,
        client=jobseeker,
        position=place,
        fields=trial(date(2026, 10, 1), date(2027, 1, 31)),
    )
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="active",
        on=date(2026, 10, 1),
        today=date(2026, 11, 27),
    )
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="interrupted",
        on=date(2026, 11, 20),
        today=date(2026, 11, 27),
        reason="health",
        note="Selkä kipeytyi",
    )
    url = reverse("placements:detail", args=[placement.pk])
    assert "Terveys" in login(coach).get(url).content.decode()
    assert "Terveys" not in login(manager).get(url).content.decode()
    # The log keeps that the period was interrupted, not the coach's words about why.
    event = AuditEvent.objects.filter(action__startswith="placement.", reason__gt="")
    assert not event.filter(person_ref=jobseeker.person_ref).exists()
