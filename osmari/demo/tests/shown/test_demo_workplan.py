"""The demo's work plan: five packages sharing the plan, one milestone overdue on the
manager's start page, and the hours since the plan by package."""

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.reporting.models import Programme, WorkingTime
from osmari.reporting.workplan_selectors import package_costs

pytestmark = pytest.mark.django_db


def test_the_demo_plan_has_one_overdue_milestone_and_hours_by_package(login, demo):
    programme = Programme.objects.get(area__code="mikkeli")
    rows, planned_packages, planned_decision = package_costs(programme)
    assert [row.package.code for row in rows if row.package] == ["TP1", "TP2", "TP3", "TP4", "TP5"]
    assert planned_packages == planned_decision
    assert all(row.line.hours > 0 for row in rows)  # unallocated (before the plan) too
    assert WorkingTime.objects.filter(package__isnull=False).exists()

    manager = login(User.objects.get(email="manager@demo.osmari.fi"))
    home = manager.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Overdue milestones" in home
    assert home.count("days late") == 1
    page = manager.get(
        reverse("reporting:workplan", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    assert "1 milestone is overdue." in page.content.decode()
    budget = manager.get(
        reverse("reporting:budget", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "By work package" in budget.content.decode()
