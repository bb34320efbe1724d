"""Records that keep in step: a period's events move the service stage, ESF+ dates that a
period contradicts are refused, and the check lists every contradiction left, per coach."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from osmari.accounts.work import WORK_ITEMS, area_work, own_work
from osmari.clients import services as client_services
from osmari.clients.models import Client, Enrolment, StageTransition
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import AuditEvent
from osmari.core.tests.builders import TODAY
from osmari.employers.tests.builders import make_position
from osmari.placements import in_step, records_check, services
from osmari.placements.tests.builders import make_period, period_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are read in English here; the project's own default is Finnish."""
    with translation.override("en"):
        yield


def _start(coach, placement, on):
    return services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=on, today=TODAY
    )


def _end(coach, placement, on, outcome="", to_status="ended", reason=""):
    return services.placement_transition(
        actor=coach,
        placement=placement,
        to_status=to_status,
        on=on,
        today=TODAY,
        outcome=outcome,
        reason=reason,
    )


def _stage(client) -> str:
    client.refresh_from_db()
    return client.stage


def _assessed(coach, client):
    client_services.client_stage_change(actor=coach, client=client, to_stage="assessed")


# ---------------------------------------------------------------- the stage follows


def test_a_planned_period_puts_an_assessed_person_in_service(coach, jobseeker, place):
    _assessed(coach, jobseeker)
    make_period(coach, jobseeker, place, date(2026, 12, 1), date(2027, 2, 28))
    assert _stage(jobseeker) == "in_service"
    move = jobseeker.stage_history.first()
    assert (move.from_stage, move.to_stage) == ("assessed", "in_service")
    assert "planned" in move.reason


def test_a_started_period_places_the_person_walking_the_allowed_moves(coach, jobseeker, place):
    # Identified, never assessed by hand: every move on the way is in the history.
    placement = make_period(coach, jobseeker, place, date(2026, 11, 2), date(2027, 2, 28))
    _start(coach, placement, date(2026, 11, 2))
    assert _stage(jobseeker) == "placed"
    moves = list(
        StageTransition.objects.filter(client=jobseeker)
        .order_by("pk")
        .values_list("from_stage", "to_stage")
    )
    assert moves == [
        ("identified", "assessed"),
        ("assessed", "in_service"),
        ("in_service", "placed"),
    ]
    audited = AuditEvent.objects.filter(action="client.stage_change").count()
    assert audited == 3


@pytest.mark.parametrize(
    ("outcome", "stage", "spell"),
    [
        ("employed_other", "ended", "employed"),
        ("education", "ended", "education"),
        ("job_seeking", "in_service", "unemployed"),
        ("next_service", "in_service", "other_service"),
        ("", "in_service", None),
    ],
)
def test_an_ended_period_leaves_the_stage_its_outcome_implies(
    coach, jobseeker, place, outcome, stage, spell
):
    placement = make_period(coach, jobseeker, place, date(2026, 10, 1), date(2026, 12, 31))
    _start(coach, placement, date(2026, 10, 1))
    _end(coach, placement, date(2026, 11, 20), outcome=outcome)
    assert _stage(jobseeker) == stage
    last = jobseeker.spells.order_by("start_on").last()
    if spell is None:
        assert last.status == "work_trial"
    else:
        assert (last.status, last.start_on) == (spell, date(2026, 11, 21))


def test_an_interruption_with_a_later_outcome_moves_the_stage_again(coach, jobseeker, place):
    placement = make_period(coach, jobseeker, place, date(2026, 10, 1), date(2026, 12, 31))
    _start(coach, placement, date(2026, 10, 1))
    _end(coach, placement, date(2026, 11, 2), to_status="interrupted", reason="did_not_suit")
    assert _stage(jobseeker) == "in_service"
    services.outcome_record(actor=coach, placement=placement, outcome="employed_same", today=TODAY)
    assert _stage(jobseeker) == "ended"


def test_a_next_period_planned_keeps_the_person_in_service(coach, jobseeker, place):
    first = make_period(coach, jobseeker, place, date(2026, 9, 1), date(2026, 10, 31))
    _start(coach, first, date(2026, 9, 1))
    make_period(coach, jobseeker, place, date(2027, 1, 4), date(2027, 3, 31))
    assert _stage(jobseeker) == "placed"
    _end(coach, first, date(2026, 10, 31), outcome="employed_other")
    assert _stage(jobseeker) == "in_service"


def test_a_period_planned_for_someone_whose_service_ended_brings_them_back(coach, jobseeker, place):
    client_services.client_stage_change(actor=coach, client=jobseeker, to_stage="ended")
    make_period(coach, jobseeker, place, date(2026, 12, 1), date(2027, 2, 28))
    assert _stage(jobseeker) == "in_service"
    moves = list(
        StageTransition.objects.filter(client=jobseeker)
        .order_by("pk")
        .values_list("to_stage", flat=True)
    )
    assert moves == ["ended", "identified", "assessed", "in_service"]


def test_a_cancelled_plan_leaves_the_stage(coach, jobseeker, place):
    placement = make_period(coach, jobseeker, place, date(2026, 12, 1), date(2027, 2, 28))
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="cancelled",
        on=TODAY,
        today=TODAY,
        note="",
    )
    assert _stage(jobseeker) == "in_service"


def test_a_refused_start_moves_nothing(coach, jobseeker, place):
    placement = make_period(coach, jobseeker, place, date(2026, 12, 1), date(2027, 2, 28))
    before = StageTransition.objects.count()
    with pytest.raises(ValidationError):
        _start(coach, placement, date(2026, 12, 1))  # in the future
    assert _stage(jobseeker) == "in_service"
    assert StageTransition.objects.count() == before


def test_the_stage_path_never_passes_through_ended():
    moves = {
        "identified": {"assessed", "ended"},
        "assessed": {"in_service", "ended"},
        "in_service": {"placed", "ended"},
        "placed": {"in_service", "ended"},
        "ended": {"identified"},
    }
    assert in_step.stage_path(moves, "ended", "placed") == [
        "identified",
        "assessed",
        "in_service",
        "placed",
    ]
    assert in_step.stage_path(moves, "placed", "ended") == ["ended"]
    assert in_step.stage_path(moves, "placed", "placed") == []
    with pytest.raises(ValueError):
        in_step.stage_path({"a": {"b"}}, "b", "a")


# ---------------------------------------------------------------- ESF+ dates


def _enrol(coach, client, entered_on, left_on=None, **extra):
    values = {"entered_on": entered_on, "status_at_entry": "unemployed", "left_on": left_on}
    if left_on:
        values["situation_on_leaving"] = "employed"
    values.update(extra)
    return client_services.enrolment_save(actor=coach, client=client, **values)


def test_an_exit_date_before_a_running_period_ends_is_refused(coach, jobseeker, place):
    _enrol(coach, jobseeker, date(2026, 9, 1))
    placement = make_period(coach, jobseeker, place, date(2026, 11, 2), date(2027, 1, 31))
    _start(coach, placement, date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        _enrol(coach, jobseeker, date(2026, 9, 1), left_on=date(2026, 10, 15))
    assert "ESF+ exit date 15.10.2026 is before the end of the period" in str(
        refused.value.message_dict["left_on"]
    )
    jobseeker.enrolment.refresh_from_db()
    assert jobseeker.enrolment.left_on is None


def test_an_entry_date_after_a_period_began_is_refused(coach, jobseeker, place):
    placement = make_period(coach, jobseeker, place, date(2026, 11, 2), date(2027, 1, 31))
    _start(coach, placement, date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        _enrol(coach, jobseeker, date(2026, 11, 10))
    assert "entered_on" in refused.value.message_dict
    assert not Enrolment.objects.filter(client=jobseeker).exists()


def test_dates_in_step_with_the_periods_are_saved(coach, jobseeker, place):
    placement = make_period(coach, jobseeker, place, date(2026, 9, 1), date(2026, 10, 31))
    _start(coach, placement, date(2026, 9, 1))
    _end(coach, placement, date(2026, 10, 31), outcome="employed_other")
    enrolment = _enrol(coach, jobseeker, date(2026, 8, 1), left_on=date(2026, 10, 31))
    assert enrolment.left_on == date(2026, 10, 31)


def test_a_stored_contradiction_does_not_block_the_rest_of_the_enrolment(coach, jobseeker, place):
    _enrol(coach, jobseeker, date(2026, 11, 10))
    # A period recorded before the programme dates were checked.
    period_record(jobseeker, place, date(2026, 11, 2), date(2027, 1, 31))
    enrolment = _enrol(coach, jobseeker, date(2026, 11, 10), eura_entry="yes")
    assert enrolment.eura_entry == "yes"


def test_the_enrolment_page_shows_the_refusal_in_finnish(client, coach, jobseeker, place):
    _enrol(coach, jobseeker, date(2026, 9, 1))
    placement = make_period(coach, jobseeker, place, date(2026, 11, 2), date(2027, 1, 31))
    _start(coach, placement, date(2026, 11, 2))
    client.force_login(coach)
    response = client.post(
        reverse("clients:enrolment", args=[jobseeker.pk]),
        {
            "entered_on": "1.9.2026",
            "status_at_entry": "unemployed",
            "eura_entry": "no",
            "left_on": "15.10.2026",
            "situation_on_leaving": "employed",
            "qualification_gained": "unknown",
            "eura_exit": "no",
            "employed_after_6_months": "unknown",
            "improved_after_6_months": "unknown",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 422
    assert "15.10.2026" in response.content.decode()


# ---------------------------------------------------------------- the check


def _scenarios(coach, area, place):
    """Clients in every kind of contradiction, and some whose records are in step."""
    made = {}
    place = make_position(place.organisation, coach, capacity=10)

    def person(name, code):
        client = make_jobseeker(coach, area, code=code)
        Client.objects.filter(pk=client.pk).update(last_name=name)
        client.refresh_from_db()
        made[name] = client
        return client

    in_step_ = person("Kunnossa", "010190-123M")
    period = make_period(coach, in_step_, place, date(2026, 11, 2), date(2027, 1, 31))
    _start(coach, period, date(2026, 11, 2))

    assessed = person("Arvioitu", "020290-1233")
    period_record(assessed, place, date(2026, 11, 2), date(2027, 1, 31))
    Client.objects.filter(pk=assessed.pk).update(stage="assessed")

    placed = person("Sijoitettu", "030390-123J")
    Client.objects.filter(pk=placed.pk).update(stage="placed")

    late_exit = person("Poistunut", "040490-1230")
    period = make_period(coach, late_exit, place, date(2026, 11, 2), date(2027, 1, 31))
    _start(coach, period, date(2026, 11, 2))
    _enrol(coach, late_exit, date(2026, 9, 1))
    late_exit.enrolment.left_on = date(2026, 10, 1)
    late_exit.enrolment.situation_on_leaving = "employed"
    late_exit.enrolment.save()

    late_entry = person("Myöhään", "050590-123E")
    period = make_period(coach, late_entry, place, date(2026, 11, 2), date(2027, 1, 31))
    _start(coach, period, date(2026, 11, 2))
    Enrolment.objects.create(
        client=late_entry, entered_on=date(2026, 11, 9), status_at_entry="unemployed"
    )

    no_spell = person("Jaksoton", "060690-123W")
    period = make_period(coach, no_spell, place, date(2026, 11, 2), date(2027, 1, 31))
    _start(coach, period, date(2026, 11, 2))
    no_spell.spells.filter(status="work_trial").delete()

    ended_fine = person("Päättynyt", "070790-123B")
    period = make_period(coach, ended_fine, place, date(2026, 9, 1), date(2026, 10, 31))
    _start(coach, period, date(2026, 9, 1))
    _end(coach, period, date(2026, 10, 31), outcome="job_seeking")
    _enrol(coach, ended_fine, date(2026, 8, 1), left_on=date(2026, 11, 1))
    return made


def test_the_database_and_the_explanation_find_the_same_clients(coach, area, place):
    made = _scenarios(coach, area, place)
    found = set(records_check.clients_to_check(user=coach).values_list("last_name", flat=True))
    with translation.override("en"):
        explained = {
            client.last_name: records_check.explained(client)
            for client in records_check.prefetched(Client.objects.filter(area=area))
        }
    assert found == {name for name, reasons in explained.items() if reasons}
    assert found == {"Arvioitu", "Sijoitettu", "Poistunut", "Myöhään", "Jaksoton"}
    assert set(made) - found == {"Kunnossa", "Päättynyt"}
    assert "stage is “Assessed”" in explained["Arvioitu"][0]
    assert "no period is under way" in explained["Sijoitettu"][0]
    assert "ESF+ exit date 01.10.2026" in explained["Poistunut"][0]
    assert "ESF+ entry date 09.11.2026" in explained["Myöhään"][0]
    assert "status periods have no period" in explained["Jaksoton"][0]


def test_the_page_lists_the_coachs_own_with_reasons_in_few_queries(client, coach, area, place):
    _scenarios(coach, area, place)
    client.force_login(coach)
    url = reverse("placements:records_check")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sijoitettu" in page and "Kunnossa" not in page
    assert "no period is under way" in page
    few = len(queries)
    more = make_jobseeker(coach, area, code="080890-123T")
    Client.objects.filter(pk=more.pk).update(stage="placed")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) == few


def test_the_start_page_count_and_the_page_agree(client, coach, manager, area, place):
    _scenarios(coach, area, place)
    line = next(x for x in own_work(coach) if "Contradictions" in str(x.label))
    assert line.count == 5
    assert line.url == f"{reverse('placements:records_check')}?coach={coach.pk}"
    client.force_login(coach)
    response = client.get(line.url)
    assert response.context["page"].paginator.count == 5
    by_coach = next(
        x
        for x in area_work(manager, [coach])
        if x.label == WORK_ITEMS["records_contradicting"].label
    )
    assert by_coach.total == 5
    assert by_coach.by_coach[0][1] == 5


def test_a_manager_sees_the_area_and_a_bad_coach_filter_shows_everyone(
    client, coach, manager, area, place
):
    _scenarios(coach, area, place)
    client.force_login(manager)
    response = client.get(reverse("placements:records_check"))
    assert response.context["page"].paginator.count == 5
    response = client.get(reverse("placements:records_check"), {"coach": "x'; drop"})
    assert response.status_code == 200
    assert response.context["coach"] is None


def test_a_coach_of_another_area_sees_none_of_them(client, coach, coach_other_area, area, place):
    _scenarios(coach, area, place)
    client.force_login(coach_other_area)
    response = client.get(reverse("placements:records_check"), {"coach": coach.pk})
    assert response.context["page"].paginator.count == 0


def test_a_period_starting_tomorrow_is_not_yet_a_contradiction(coach, jobseeker, place):
    make_period(coach, jobseeker, place, TODAY + timedelta(days=1), date(2027, 1, 31))
    assert not records_check.clients_to_check(user=coach).exists()


def test_the_clients_page_flags_the_contradictions_in_the_record(client, coach, area, place):
    made = _scenarios(coach, area, place)
    client.force_login(coach)
    page = client.get(
        reverse("clients:detail", args=[made["Sijoitettu"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The record contradicts itself" in page
    assert "no period is under way" in page
    page = client.get(reverse("clients:detail", args=[made["Kunnossa"].pk])).content.decode()
    assert "contradicts itself" not in page
