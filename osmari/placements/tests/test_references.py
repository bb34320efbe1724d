"""A period keeps the reference of its agreement or decision, and the notice that ended it,
as made in the national system; a period past planning without one is listed."""

import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients import services as client_services
from osmari.clients.tests.builders import build_client, make_jobseeker
from osmari.core.models import AuditEvent
from osmari.core.tests.builders import TODAY
from osmari.employers.tests.builders import make_position
from osmari.placements import services
from osmari.placements.models import Placement
from osmari.placements.tests.builders import trial

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


def _plan(coach, client, place, **extra) -> Placement:
    return services.placement_create(
        actor=coach,
        client=client,
        position=place,
        fields=trial(date(2026, 11, 2), date(2027, 1, 31)),
        **extra,
    )


def _start(coach, placement, **extra) -> Placement:
    return services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="active",
        on=date(2026, 11, 2),
        today=TODAY,
        **extra,
    )


def _form(position, **extra):
    data = {
        "position": position.pk,
        "kind": "work_trial",
        "start_on": "2026-12-01",
        "end_on": "2027-03-31",
        "days_per_week": "4",
        "hours_per_day": "6",
    }
    data.update(extra)
    return data


# ---------------------------------------------------------------- services


def test_a_period_is_planned_with_its_reference_trimmed_and_audited(coach, jobseeker, place):
    placement = _plan(
        coach,
        jobseeker,
        place,
        official_reference="  TK-2026/0042  ",
        official_on=date(2026, 10, 30),
    )
    placement.refresh_from_db()
    assert placement.official_reference == "TK-2026/0042"
    assert placement.official_on == date(2026, 10, 30)
    event = AuditEvent.objects.get(action="placement.create")
    assert event.changes["official_reference"] == "changed"  # the value stays on the period


@pytest.mark.parametrize(
    "reference, on",
    [
        ("TK<script>", None),
        ("TK_2026", None),
        ("TK\t2026", None),
        ("A" * 41, None),
        ("TK-1", date(1899, 12, 31)),
        ("", date(2026, 10, 30)),
    ],
)
def test_a_bad_reference_is_refused_and_nothing_is_saved(coach, jobseeker, place, reference, on):
    with pytest.raises(ValidationError):
        _plan(coach, jobseeker, place, official_reference=reference, official_on=on)
    assert not Placement.objects.exists()


def test_the_start_links_the_period_and_the_end_keeps_the_notice(coach, jobseeker, place):
    placement = _start(
        coach,
        _plan(coach, jobseeker, place),
        official_reference="TK 2026 17",
        official_on=date(2026, 10, 28),
    )
    assert (placement.official_reference, placement.official_on) == (
        "TK 2026 17",
        date(2026, 10, 28),
    )
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="interrupted",
        on=date(2026, 11, 20),
        today=TODAY,
        reason="found_job",
        official_reference="KESK-88",
        official_on=date(2026, 11, 21),
    )
    placement.refresh_from_db()
    # The notice belongs to the history, the agreement's reference stays on the period.
    assert placement.official_reference == "TK 2026 17"
    notice = placement.history.get(to_status="interrupted")
    assert (notice.official_reference, notice.official_on) == ("KESK-88", date(2026, 11, 21))
    event = AuditEvent.objects.filter(action="placement.transition").latest("pk")
    assert event.changes["notice_reference"] == "changed"


def test_a_start_without_a_reference_keeps_the_one_given_when_planned(coach, jobseeker, place):
    placement = _start(coach, _plan(coach, jobseeker, place, official_reference="TK-1"))
    assert placement.official_reference == "TK-1"


def test_a_bad_notice_reference_leaves_the_period_running(coach, jobseeker, place):
    placement = _start(coach, _plan(coach, jobseeker, place))
    with pytest.raises(ValidationError) as refused:
        services.placement_transition(
            actor=coach,
            placement=placement,
            to_status="ended",
            on=date(2026, 11, 20),
            today=TODAY,
            official_reference="<b>",
        )
    assert "official_reference" in refused.value.message_dict
    placement.refresh_from_db()
    assert placement.status == "active"


def test_the_reference_is_set_and_corrected_with_an_audit_event(coach, jobseeker, place):
    placement = _start(coach, _plan(coach, jobseeker, place))
    services.placement_reference_set(
        actor=coach, placement=placement, official_reference="TK-9", official_on=None
    )
    services.placement_reference_set(
        actor=coach, placement=placement, official_reference="TK-10", official_on=date(2026, 11, 1)
    )
    placement.refresh_from_db()
    assert placement.official_reference == "TK-10"
    events = AuditEvent.objects.filter(action="placement.reference").order_by("pk")
    assert [e.changes["official_reference"] for e in events] == ["changed", "changed"]


# ---------------------------------------------------------------- pages


def test_the_create_form_asks_for_the_national_systems_identifier(login, coach, jobseeker, place):
    http = login(coach)
    url = reverse("placements:create", args=[jobseeker.pk])
    page = http.get(url).content.decode()
    assert (
        gettext(
            "Reference of the work-trial agreement / wage-subsidy decision in the national client "
            "information system"
        )
        in page
    )
    response = http.post(url, _form(place, official_reference="TK-5", official_on="2026-11-20"))
    assert response.status_code == 302
    assert Placement.objects.get().official_reference == "TK-5"


def test_a_bad_reference_on_the_create_form_gets_a_message_and_keeps_the_input(
    login, coach, jobseeker, place
):
    response = login(coach).post(
        reverse("placements:create", args=[jobseeker.pk]),
        _form(place, official_reference="TK=5;", objective="Varasto"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        gettext("Use only letters, digits, hyphens (-), slashes (/), full stops (.) and spaces.")
        in page
    )
    assert "Varasto" in page
    assert not Placement.objects.exists()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_started_period_without_reference_says_it_is_not_linked(
    login, coach, jobseeker, place, lang
):
    placement = _start(coach, _plan(coach, jobseeker, place))
    http = login(coach)
    http.cookies["django_language"] = lang
    page = http.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    with translation.override(lang):
        expected = translation.gettext(
            "This period is not yet linked to its official record: the reference of the "
            "work-trial agreement or wage-subsidy decision in the national client information "
            "system is missing."
        )
    assert expected in page
    services.placement_reference_set(
        actor=coach, placement=placement, official_reference="TK-77", official_on=None
    )
    page = http.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert expected not in page
    assert "TK-77" in page


def test_the_start_form_takes_the_reference(login, coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place)
    http = login(coach)
    response = http.post(
        reverse("placements:transition", args=[placement.pk]),
        {"to_status": "active", "on": "2026-11-02", "official_reference": "TK-3"},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.official_reference) == ("active", "TK-3")


def test_the_history_shows_the_notice(login, coach, jobseeker, place):
    placement = _start(coach, _plan(coach, jobseeker, place), official_reference="TK-1")
    http = login(coach)
    response = http.post(
        reverse("placements:transition", args=[placement.pk]),
        {
            "to_status": "ended",
            "on": "2026-11-20",
            "official_reference": "LOPPU-4",
            "official_on": "2026-11-21",
        },
    )
    assert response.status_code == 302
    page = http.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert "LOPPU-4" in page


def test_the_reference_form_refuses_a_date_alone_and_keeps_the_saved_one(
    login, coach, jobseeker, place
):
    placement = _start(coach, _plan(coach, jobseeker, place), official_reference="TK-1")
    response = login(coach).post(
        reverse("placements:reference", args=[placement.pk]),
        {"official_reference": "", "official_on": "2026-11-01"},
    )
    assert response.status_code == 422
    assert gettext("Give the reference with its date.") in response.content.decode()
    placement.refresh_from_db()
    assert placement.official_reference == "TK-1"


def test_another_areas_coach_cannot_set_the_reference(
    login, coach, coach_other_area, jobseeker, place
):
    placement = _start(coach, _plan(coach, jobseeker, place))
    response = login(coach_other_area).post(
        reverse("placements:reference", args=[placement.pk]), {"official_reference": "X-1"}
    )
    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.official_reference == ""


# ---------------------------------------------------------------- the list of missing ones


@pytest.fixture
def periods(coach, area, organisation, jobseeker, place):
    """Of the coach's clients: a running period without a reference, one with, a planned one
    and a cancelled one; and a colleague's client's ended period without one."""
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    second_place = make_position(organisation, coach, title="Keittiöapulainen")
    third_place = make_position(organisation, coach, title="Siivooja")
    fourth_place = make_position(organisation, coach, title="Kirjastoapulainen")
    missing = _start(coach, _plan(coach, jobseeker, place))
    other = make_jobseeker(coach, area, code="010101A123N")
    linked = services.placement_create(
        actor=coach,
        client=other,
        position=second_place,
        fields=trial(date(2026, 11, 2), date(2027, 1, 31)),
    )
    linked = _start(coach, linked, official_reference="TK-1")
    third = make_jobseeker(coach, area, code="150570-2029")
    planned = services.placement_create(
        actor=coach,
        client=third,
        position=third_place,
        fields=trial(date(2026, 12, 1), date(2027, 1, 31)),
    )
    fourth = make_jobseeker(coach, area, code="311299-8997")
    cancelled = services.placement_create(
        actor=coach,
        client=fourth,
        position=fourth_place,
        fields=trial(date(2026, 12, 1), date(2027, 1, 31)),
    )
    services.placement_transition(
        actor=coach, placement=cancelled, to_status="cancelled", on=TODAY, today=TODAY
    )
    colleagues_client = build_client(
        actor=colleague, area=area, hetu="020202A002F", coach=colleague, last_name="Kollegan"
    )
    client_services.spell_add(
        actor=colleague,
        client=colleagues_client,
        status="unemployed",
        start_on=date(2023, 1, 1),
        end_on=None,
        today=TODAY,
    )
    colleagues = services.placement_create(
        actor=colleague,
        client=colleagues_client,
        position=make_position(organisation, coach, title="Pihatyöntekijä"),
        fields=trial(date(2026, 11, 2), date(2027, 1, 31)),
    )
    colleagues = _start(colleague, colleagues)
    services.placement_transition(
        actor=colleague,
        placement=colleagues,
        to_status="ended",
        on=date(2026, 11, 20),
        today=TODAY,
    )
    return {
        "missing": missing,
        "linked": linked,
        "planned": planned,
        "cancelled": cancelled,
        "colleagues": colleagues,
        "colleague": colleague,
    }


def _listed(http, query):
    page = http.get(f"{reverse('placements:list')}?{query}")
    assert page.status_code == 200
    return page, {p.pk for p in page.context["page"].object_list}


def test_a_coach_sees_their_own_periods_without_reference_by_default(login, coach, periods):
    _page, shown = _listed(login(coach), "reference=missing")
    assert shown == {periods["missing"].pk}


def test_a_coach_may_widen_the_list_to_the_area(login, coach, periods):
    _page, shown = _listed(login(coach), "reference=missing&coach=")
    assert shown == {periods["missing"].pk, periods["colleagues"].pk}


def test_a_manager_sees_the_area_and_filters_by_coach(login, manager, periods):
    http = login(manager)
    _page, shown = _listed(http, "reference=missing")
    assert shown == {periods["missing"].pk, periods["colleagues"].pk}
    _page, shown = _listed(http, f"reference=missing&coach={periods['colleague'].pk}")
    assert shown == {periods["colleagues"].pk}


def test_a_coach_of_another_area_sees_none(login, coach_other_area, periods):
    _page, shown = _listed(login(coach_other_area), "reference=missing&coach=")
    assert shown == set()


def _work_line(page: str, label: str) -> str:
    """The start page's line of work with this label: its count and link."""
    found = re.search(
        r'<a href="([^"]+)"><span class="work-list__count">(\d+)</span> ' + re.escape(label), page
    )
    assert found, label
    return f"{found.group(2)} {found.group(1)}"


def test_the_start_page_counts_them(login, coach, manager, coach_other_area, periods):
    label = str(gettext("Periods without their reference in the national system"))
    page = login(coach).get(reverse("accounts:home")).content.decode()
    assert _work_line(page, label) == (
        f"1 {reverse('placements:list')}?reference=missing&amp;coach={coach.pk}"
    )
    page = login(manager).get(reverse("accounts:home")).content.decode()
    assert '?reference=missing&amp;coach=">2</a>' in page
    page = login(coach_other_area).get(reverse("accounts:home")).content.decode()
    assert _work_line(page, label).startswith("0 ")
