"""The work plan as the manager keeps it: packages, milestones with evidence, overdue ones on
the start page, hours by package and the budget by package."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.core.models import AuditEvent
from osmari.reporting import budget, workplan
from osmari.reporting.models import (
    Milestone,
    MilestoneStatus,
    MilestoneUpdate,
    WorkingTime,
    WorkPackage,
)
from osmari.reporting.tests.builders import make_staff_member
from osmari.reporting.workplan_selectors import progress

TODAY = date(2026, 7, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def member(programme):
    return make_staff_member(programme)


@pytest.fixture
def tp3(programme):
    return WorkPackage.objects.create(
        programme=programme,
        code="TP3",
        kind=WorkPackage.Kind.AGREEMENTS,
        name="Yhteistyösopimukset",
        goals="30 organisations with a cooperation agreement.",
        planned_salary_costs=Decimal("60000"),
    )


@pytest.fixture
def tp1(programme):
    return WorkPackage.objects.create(
        programme=programme,
        code="TP1",
        kind=WorkPackage.Kind.IDENTIFICATION,
        name="Tunnistaminen",
        goals="Every participant's needs assessed.",
        planned_salary_costs=Decimal("40000"),
    )


# ---------------------------------------------------------------- the rules


def test_a_milestone_is_late_from_the_day_after_its_due_date_until_it_is_done():
    due = date(2026, 6, 30)
    assert workplan.state(due, None, date(2026, 6, 30)) == workplan.State.DUE_SOON
    assert workplan.state(due, None, date(2026, 7, 1)) == workplan.State.OVERDUE
    assert workplan.days_late(due, None, date(2026, 7, 15)) == 15
    assert workplan.state(due, date(2026, 6, 1), TODAY) == workplan.State.DONE
    assert workplan.state(due, date(2026, 7, 3), TODAY) == workplan.State.DONE_LATE
    assert workplan.days_late(due, date(2026, 7, 3), TODAY) == 3
    assert workplan.state(due, None, date(2026, 1, 1)) == workplan.State.PLANNED


def test_evidence_is_a_page_of_osmari_or_an_https_document_or_a_number():
    assert workplan.link_problem("/agreements/12/") is None
    assert workplan.link_problem("https://docs.example.fi/plan.pdf") is None
    for bad in (
        "javascript:alert(1)",
        "//evil.example",
        "http://x.fi/a",
        "agreements",
        "/\\evil.example/login",
        "/\t/evil.example",
        "https://docs.example.fi/a b.pdf",
    ):
        assert workplan.link_problem(bad) == "not_a_link"
    assert workplan.done_needs_evidence("done", "", None)
    assert not workplan.done_needs_evidence("done", "", Decimal(0))
    assert not workplan.done_needs_evidence("in_progress", "", None)


def test_costs_by_package_use_the_unit_cost_and_flat_rate_and_keep_unallocated_hours():
    lines = budget.by_package(
        {1: Decimal("1000"), 2: Decimal("500")},
        [(1, Decimal("10"), Decimal("31.17")), (None, Decimal("2.5"), Decimal("31.17"))],
    )
    assert [line.key for line in lines] == [1, 2, None]
    first, second, unallocated = lines
    assert first.actual.salary == Decimal("311.70")
    assert first.actual.flat_rate == Decimal("124.68")
    assert first.actual.total == Decimal("436.38")
    assert first.planned.total == Decimal("1400")
    assert first.used_percent == Decimal("31.2")
    assert second.actual.total == 0 and second.hours == 0
    assert unallocated.planned.total == 0 and unallocated.used_percent is None
    assert unallocated.actual.salary == Decimal("77.93")  # 77.925 half up


# ---------------------------------------------------------------- the pages


def test_the_manager_plans_a_package_and_a_milestone_and_marks_it_done_with_evidence(
    login, manager, programme, member
):
    client = english(login(manager))
    response = client.post(
        f"/programme/{programme.pk}/workplan/new/",
        {
            "code": "TP3",
            "kind": "agreements",
            "name": "Cooperation agreements",
            "goals": "30 organisations with an agreement.",
            "deliverables": "The agreement template, second version.",
            "planned_salary_costs": "60000",
        },
    )
    assert response.status_code == 302
    package = WorkPackage.objects.get(programme=programme, code="TP3")
    response = client.post(
        f"/programme/workplan/{package.pk}/milestones/new/",
        {"title": "Template v2 piloted", "due_on": "2026-09-30", "owner": member.pk},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(package=package)
    assert milestone.owner == member

    # Done without evidence is refused, and nothing is saved.
    url = f"/programme/milestones/{milestone.pk}/"
    response = client.post(url, {"status": "done", "on": "2026-07-10", "note": "Piloted."})
    assert response.status_code == 422
    assert "A milestone is marked done with evidence" in response.text
    assert not MilestoneUpdate.objects.exists()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PLANNED

    response = client.post(
        url,
        {
            "status": "done",
            "on": "2026-07-10",
            "note": "Piloted with three organisations.",
            "evidence_link": "/agreements/templates/",
            "evidence_number": "3",
            "evidence_number_label": "organisations in the pilot",
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.done_on) == ("done", date(2026, 7, 10))
    assert AuditEvent.objects.filter(action="workplan.milestone_status").exists()

    page = client.get(f"/programme/{programme.pk}/workplan/")
    assert page.status_code == 200
    assert "Template v2 piloted" in page.text
    assert 'href="/agreements/templates/"' in page.text
    assert "3 organisations in the pilot" in page.text
    assert client.get(url).status_code == 200


def test_a_link_that_is_not_a_page_or_a_document_is_refused_with_a_message(
    login, manager, programme, tp3
):
    milestone = Milestone.objects.create(package=tp3, title="Kick-off", due_on=date(2026, 8, 1))
    response = english(login(manager)).post(
        f"/programme/milestones/{milestone.pk}/",
        {
            "status": "in_progress",
            "on": "2026-07-10",
            "note": "Started.",
            "evidence_link": "javascript:alert(1)",
        },
    )
    assert response.status_code == 422
    assert "a page of Osmari" in response.text
    assert not MilestoneUpdate.objects.exists()


def test_an_overdue_milestone_is_on_the_managers_start_page_until_it_is_done(
    login, manager, programme, tp3, member
):
    milestone = Milestone.objects.create(
        package=tp3, title="Twelve agreements signed", due_on=date(2026, 6, 30), owner=member
    )
    Milestone.objects.create(package=tp3, title="Not yet due", due_on=date(2026, 12, 31))
    client = english(login(manager))
    home = client.get("/")
    assert "Overdue milestones" in home.text
    assert "TP3: Twelve agreements signed" in home.text
    assert "15 days late (Helena Kivelä)" in home.text
    assert f"/programme/milestones/{milestone.pk}/" in home.text
    assert "Not yet due" not in home.text
    assert "1 milestone is overdue." in client.get(f"/programme/{programme.pk}/workplan/").text

    client.post(
        f"/programme/milestones/{milestone.pk}/",
        {
            "status": "done",
            "on": "2026-07-14",
            "note": "Signed.",
            "evidence_number": "12",
            "evidence_number_label": "agreements",
        },
    )
    assert "Overdue milestones" not in client.get("/").text


def test_the_start_page_of_another_areas_manager_shows_no_foreign_milestone(
    login, other_area, programme, tp3
):
    Milestone.objects.create(package=tp3, title="Foreign milestone", due_on=date(2026, 6, 1))
    stranger = make_person("manager2@test.osmari.fi", Role.MANAGER, other_area)
    client = login(stranger)
    assert "Foreign milestone" not in client.get("/").text
    assert client.get(f"/programme/{programme.pk}/workplan/").status_code in (403, 404)
    milestone = Milestone.objects.get()
    assert client.get(f"/programme/milestones/{milestone.pk}/").status_code in (403, 404)


def test_an_analyst_reads_the_plan_and_cannot_change_it(login, analyst, programme, tp3):
    milestone = Milestone.objects.create(package=tp3, title="Kick-off", due_on=date(2026, 8, 1))
    client = english(login(analyst))
    page = client.get(f"/programme/{programme.pk}/workplan/")
    assert page.status_code == 200
    assert "Kick-off" in page.text
    assert "Add a milestone" not in page.text
    assert "Update the status" not in client.get(f"/programme/milestones/{milestone.pk}/").text
    response = client.post(
        f"/programme/milestones/{milestone.pk}/",
        {"status": "in_progress", "on": "2026-07-10", "note": "x"},
    )
    assert response.status_code == 403
    assert not MilestoneUpdate.objects.exists()


# ---------------------------------------------------------------- hours by package


def record(client, member, month, hours, package=None):
    data = {"action": "hours", "hours-month": month, "hours-hours": hours}
    if package is not None:
        data["hours-package"] = package.pk
    return client.post(f"/programme/staff/{member.pk}/", data)


def test_hours_by_package_give_the_budget_by_package_and_old_hours_stay_unallocated(
    login, manager, programme, member, tp1, tp3
):
    client = english(login(manager))
    assert record(client, member, "2025-09", "100").status_code == 302  # before the plan
    assert record(client, member, "2026-03", "80", tp3).status_code == 302
    assert record(client, member, "2026-03", "40", tp1).status_code == 302
    assert record(client, member, "2026-03", "60", tp3).status_code == 302  # a correction
    assert WorkingTime.objects.count() == 3
    assert WorkingTime.objects.get(package=tp3).hours == 60

    # A month over its packages holds no more than one record may.
    response = record(client, member, "2026-03", "200")
    assert response.status_code == 422
    assert "A month has at most 250 hours." in response.text
    assert WorkingTime.objects.count() == 3

    page = client.get(f"/programme/{programme.pk}/budget/")
    assert page.status_code == 200
    rows = {
        row.package.code if row.package else None: row.line for row in page.context["package_rows"]
    }
    assert list(rows) == ["TP1", "TP3", None]
    assert rows["TP3"].actual.salary == Decimal("1870.20")  # 60 × 31.17
    assert rows["TP3"].planned.total == Decimal("84000")
    assert rows[None].hours == 100
    assert "By work package" in page.text and "Not allocated" in page.text
    staff_page = client.get(f"/programme/staff/{member.pk}/")
    assert "TP3 Yhteistyösopimukset" in staff_page.text


def test_hours_in_another_programmes_package_are_refused(
    login, manager, area, programme, member, tp3
):
    from osmari.reporting.tests.builders import make_programme

    other = make_programme(area, name="Toinen", starts_on=date(2025, 1, 1))
    foreign = WorkPackage.objects.create(
        programme=other, code="TP1", kind="identification", name="x", goals="x"
    )
    response = record(english(login(manager)), member, "2026-03", "10", foreign)
    assert response.status_code == 422
    assert not WorkingTime.objects.exists()


# ---------------------------------------------------------------- for the progress report


def test_progress_per_package_for_a_period(login, manager, programme, member, tp1, tp3):
    due_in = Milestone.objects.create(package=tp3, title="Due in", due_on=date(2026, 3, 31))
    late = Milestone.objects.create(package=tp3, title="Late", due_on=date(2025, 12, 31))
    Milestone.objects.create(package=tp3, title="Later", due_on=date(2026, 12, 31))
    client = english(login(manager))
    client.post(
        f"/programme/milestones/{due_in.pk}/",
        {
            "status": "done",
            "on": "2026-03-20",
            "note": "Done.",
            "evidence_link": "https://docs.example.fi/tp3.pdf",
        },
    )
    # Done after the period: on its last day it was still overdue.
    client.post(
        f"/programme/milestones/{late.pk}/",
        {
            "status": "done",
            "on": "2026-07-01",
            "note": "Finally.",
            "evidence_number": "1",
            "evidence_number_label": "template",
        },
    )
    record(client, member, "2026-02", "10", tp3)
    record(client, member, "2026-08", "10", tp3)  # after the period

    packages = progress(programme, date(2026, 1, 1), date(2026, 6, 30))
    assert [p.package.code for p in packages] == ["TP1", "TP3"]
    tp3_progress = packages[1]
    states = {row.milestone.title: row.state for row in tp3_progress.milestones}
    assert states == {"Due in": workplan.State.DONE, "Late": workplan.State.OVERDUE}
    shown = {row.milestone.title: row.evidence for row in tp3_progress.milestones}
    assert shown["Due in"].evidence_link == "https://docs.example.fi/tp3.pdf"
    assert shown["Late"] is None
    assert [u.note for u in tp3_progress.updates] == ["Done."]
    assert tp3_progress.hours == 10
    assert tp3_progress.actual.salary == Decimal("311.70")
    assert tp3_progress.planned.total == Decimal("84000")
    assert packages[0].hours == 0 and packages[0].milestones == []


def test_a_number_that_is_not_a_number_or_says_nothing_is_refused_and_nothing_saved(
    login, manager, programme, tp3
):
    milestone = Milestone.objects.create(package=tp3, title="Kick-off", due_on=date(2026, 8, 1))
    client = english(login(manager))
    url = f"/programme/milestones/{milestone.pk}/"
    response = client.post(
        url, {"status": "done", "on": "2026-07-10", "note": "x", "evidence_number": "lots"}
    )
    assert response.status_code == 422
    assert "Enter a number." in response.text
    response = client.post(
        url, {"status": "done", "on": "2026-07-10", "note": "x", "evidence_number": "4"}
    )
    assert response.status_code == 422
    assert "Say what the number counts." in response.text
    response = client.post(url, {"status": "done", "on": "0001-01-01", "note": "x"})
    assert response.status_code == 422
    assert not MilestoneUpdate.objects.exists()
    milestone.refresh_from_db()
    assert milestone.done_on is None
