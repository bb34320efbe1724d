from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.tests.work_lists import assert_counts_agree, own_count
from osmari.clients import services
from osmari.clients.models import Client
from osmari.clients.tests.builders import build_client, numbered_hetu, unemployed_since
from osmari.screening.labels import WORKLIST_REASONS
from osmari.screening.models import DOMAINS, NeedsAssessment
from osmari.screening.selectors import WorklistFilter, worklist_for_user, worklist_reasons
from osmari.screening.tests.builders import make_decision
from osmari.screening.urgency import WEIGHTS, by_weight, urgency

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


@pytest.fixture
def caseload(coach, area):
    """Four clients, each with one reason or none."""
    long_term = build_client(
        actor=coach, area=area, hetu="131052-308T", last_name="Pitkä", coach=coach
    )
    unemployed_since(actor=coach, client=long_term, start=date(2025, 6, 1))
    soon = build_client(actor=coach, area=area, hetu="010101A123N", last_name="Pian", coach=coach)
    unemployed_since(actor=coach, client=soon, start=date(2025, 12, 20))
    fresh = build_client(actor=coach, area=area, hetu="150570-2029", last_name="Tuore", coach=coach)
    unemployed_since(actor=coach, client=fresh, start=date(2026, 10, 1))
    for client in (long_term, soon, fresh):
        services.journal_add(actor=coach, client=client, kind="call", occurred_on=TODAY, text="ok")
    overdue = build_client(
        actor=coach, area=area, hetu="020202A002F", last_name="Myöhässä", coach=coach
    )
    services.journal_add(actor=coach, client=overdue, kind="call", occurred_on=TODAY, text="ok")
    services.plan_step_add(
        actor=coach,
        client=overdue,
        kind="employment",
        text="CV",
        owner="asiakas",
        due_on=date(2026, 11, 1),
    )
    return {"long_term": long_term, "soon": soon, "fresh": fresh, "overdue": overdue}


def test_the_worklist_ranks_clients_by_readable_reasons(coach, caseload):
    rows = list(worklist_for_user(user=coach, today=TODAY, filters=WorklistFilter()))
    reasons = {client.last_name: worklist_reasons(client) for client in rows}
    assert reasons == {"Pitkä": ["ltu_reached"], "Myöhässä": ["overdue"], "Pian": ["ltu_soon"]}
    # Overdue steps weigh 3, long-term unemployment within 60 days 2, reached 1.
    assert [(c.last_name, c.urgency) for c in rows] == [("Myöhässä", 3), ("Pian", 2), ("Pitkä", 1)]


def test_a_client_without_service_for_too_long_is_flagged(coach, area, caseload):
    area.worklist_inactive_days = 30
    area.save()
    later = date(2027, 1, 15)
    rows = worklist_for_user(user=coach, today=later, filters=WorklistFilter())
    fresh = next(c for c in rows if c.last_name == "Tuore")
    assert "inactive" in worklist_reasons(fresh)


def test_the_worklist_filters_by_municipality(coach, caseload):
    services.client_update(
        actor=coach,
        client=caseload["long_term"],
        municipality=caseload["long_term"].area.municipalities.get(code="178"),
    )
    rows = worklist_for_user(user=coach, today=TODAY, filters=WorklistFilter(municipality="178"))
    assert [c.last_name for c in rows] == ["Pitkä"]


def test_another_areas_coach_sees_none_of_them(coach_other_area, caseload):
    assert (
        list(worklist_for_user(user=coach_other_area, today=TODAY, filters=WorklistFilter())) == []
    )


@time_machine.travel("2026-11-27 10:00 +0200", tick=False)
def test_the_worklist_page_shows_reasons_with_bounded_queries(
    login, coach, caseload, django_assert_max_num_queries
):
    http = login(coach)
    # The page's reads and one insert: the audit of the people shown.
    with django_assert_max_num_queries(11):
        response = http.get(reverse("screening:worklist"), HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert "Long-term unemployment reached" in text
    assert "A plan step is overdue" in text
    assert "Tuore" not in text


def test_urgency_is_the_sum_of_the_weights_of_the_reasons():
    assert urgency(["ltu_reached", "overdue"]) == WEIGHTS["ltu_reached"] + WEIGHTS["overdue"]
    assert urgency(["overdue", "overdue", "unknown"]) == WEIGHTS["overdue"]
    assert by_weight(["ltu_reached", "period_ending", "overdue"]) == [
        "period_ending",
        "overdue",
        "ltu_reached",
    ]
    # Every reason the worklist can give has a weight and words.
    assert set(WEIGHTS) == set(WORKLIST_REASONS)


def _assessment(coach, client, on):
    NeedsAssessment.objects.create(
        client=client,
        assessed_on=on,
        assessor=coach,
        **{stem: 3 for stem, _label, _special in DOMAINS},
    )


def _assessed(coach, client, on):
    services.client_stage_change(actor=coach, client=client, to_stage="assessed")
    _assessment(coach, client, on)


@time_machine.travel("2026-11-27 10:00 +0200", tick=False)
def test_the_more_urgent_person_comes_first_on_the_page_and_the_row_says_why(
    login, coach, area, caseload
):
    # Long-term unemployed like Pitkä, and also assessed 40 days ago with no proposal yet
    # and a plan step overdue.
    urgent = build_client(
        actor=coach, area=area, hetu="311299-8997", last_name="Kiireellinen", coach=coach
    )
    unemployed_since(actor=coach, client=urgent, start=date(2025, 6, 1))
    services.journal_add(actor=coach, client=urgent, kind="call", occurred_on=TODAY, text="ok")
    _assessed(coach, urgent, TODAY - timedelta(days=40))
    services.plan_step_add(
        actor=coach,
        client=urgent,
        kind="employment",
        text="CV",
        owner="asiakas",
        due_on=date(2026, 11, 20),
    )
    response = login(coach).get(reverse("screening:worklist"), HTTP_ACCEPT_LANGUAGE="en")
    rows = response.context["rows"]
    names = [client.last_name for client, _reasons in rows]
    assert names.index("Kiireellinen") < names.index("Pitkä")
    first, reasons = rows[0]
    assert first.last_name == "Kiireellinen"
    assert first.urgency == urgency(["waiting", "overdue", "ltu_reached"])
    assert [str(r) for r in reasons] == [
        "Waiting for a proposal: assessed or in service for over 30 days, none recorded",
        "A plan step is overdue",
        "Long-term unemployment reached",
    ]
    for client, _reasons in rows:
        assert client.urgency == urgency(worklist_reasons(client))
    # The reasons and their weights are on the page.
    assert "How the order is made" in response.content.decode()


def test_a_reason_filters_the_list_to_its_people(coach, caseload):
    rows = worklist_for_user(user=coach, today=TODAY, filters=WorklistFilter(reason="overdue"))
    assert [c.last_name for c in rows] == ["Myöhässä"]


def test_people_waiting_for_a_proposal_count_and_list_agree(login, coach, manager, area):
    today = timezone.localdate()
    waiting = build_client(
        actor=coach, area=area, hetu="131052-308T", last_name="Odottaa", coach=coach
    )
    _assessed(coach, waiting, today - timedelta(days=31))
    recent = build_client(actor=coach, area=area, hetu="010101A123N", last_name="Uusi", coach=coach)
    _assessed(coach, recent, today - timedelta(days=5))
    proposed = build_client(
        actor=coach, area=area, hetu="150570-2029", last_name="Ehdotettu", coach=coach
    )
    _assessed(coach, proposed, today - timedelta(days=60))
    make_decision(coach, proposed, on=today - timedelta(days=10))
    assert assert_counts_agree(login, "waiting_for_proposal", coach, manager) == 1
    _count, url = own_count(coach, "waiting_for_proposal")
    rows = login(coach).get(url).context["page"].object_list
    assert [c.last_name for c in rows] == ["Odottaa"]


@time_machine.travel("2026-11-27 10:00 +0200", tick=False)
def test_a_person_waits_from_their_first_assessment_or_without_one_from_their_record(
    login, coach, manager, area
):
    """Thirty days from the first assessment, however many came after it and however old
    the record; with none, from the day the record was made; on the thirtieth day itself
    not yet."""
    today = timezone.localdate()
    cutoff_midnight = timezone.make_aware(datetime(2026, 10, 28))  # thirty days before
    made = {}
    for n, name in enumerate(
        ("Uudelleen", "Rajalla", "Myöhemmin", "Vanha", "Keskiyöllä", "Ennen", "Tuore"), start=1
    ):
        made[name] = build_client(
            actor=coach, area=area, hetu=numbered_hetu(n), last_name=name, coach=coach
        )
        services.client_stage_change(actor=coach, client=made[name], to_stage="assessed")
    _assessment(coach, made["Uudelleen"], today - timedelta(days=45))
    _assessment(coach, made["Uudelleen"], today - timedelta(days=3))
    _assessment(coach, made["Rajalla"], today - timedelta(days=30))
    _assessment(coach, made["Myöhemmin"], today - timedelta(days=10))
    for name, created_at in (
        ("Myöhemmin", timezone.now() - timedelta(days=60)),
        ("Vanha", timezone.now() - timedelta(days=31)),
        ("Keskiyöllä", cutoff_midnight),
        ("Ennen", cutoff_midnight - timedelta(minutes=1)),
    ):
        Client.objects.filter(pk=made[name].pk).update(created_at=created_at)
    assert assert_counts_agree(login, "waiting_for_proposal", coach, manager) == 3
    _count, url = own_count(coach, "waiting_for_proposal")
    rows = login(coach).get(url).context["page"].object_list
    assert sorted(c.last_name for c in rows) == ["Ennen", "Uudelleen", "Vanha"]
