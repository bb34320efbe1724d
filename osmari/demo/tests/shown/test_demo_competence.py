"""The demo's training matrix shows municipal coaches, someone late against a goal, and its
dissemination is counted by kind and audience."""

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.demo.tests.builders import SHOWN_DEMO, seed_demo
from osmari.reporting.competence import State
from osmari.reporting.competence_models import AreaTraining
from osmari.reporting.models import Programme

pytestmark = pytest.mark.django_db


def test_the_demo_shows_who_is_trained_in_what_and_what_was_communicated(login, demo):
    programme = Programme.objects.get(area__code="mikkeli")
    manager = login(User.objects.get(email="manager@demo.osmari.fi"))
    page = manager.get(reverse("reporting:training_matrix", args=[programme.pk]))
    assert page.status_code == 200
    matrix = page.context["matrix"]
    names = [row.name for row in matrix.rows]
    assert "Minna Kuntavalmentaja" in names
    states = {cell.state for row in matrix.rows for cell in row.cells}
    assert {State.TRAINED, State.OVERDUE} <= states
    assert all(topic.goal for topic in matrix.topics if topic.value != "other")
    page = manager.get(reverse("reporting:dissemination", args=[programme.pk]))
    assert page.status_code == 200
    summary = page.context["summary"]
    assert summary.total >= 5
    assert all(line.count for line in summary.by_audience if line.value != "jobseekers")
    # Seeding again completes, never doubles.
    trained = AreaTraining.objects.count()
    seed_demo(*SHOWN_DEMO)
    assert AreaTraining.objects.count() == trained
