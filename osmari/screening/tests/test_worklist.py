from datetime import date

import pytest
import time_machine
from django.urls import reverse

from osmari.clients import services
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.screening.selectors import WorklistFilter, worklist_for_user, worklist_reasons

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
    assert [c.last_name for c in rows][-1] == "Pian"  # the least urgent last


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
    assert not worklist_for_user(
        user=coach_other_area, today=TODAY, filters=WorklistFilter()
    ).exists()


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
