"""The demo's participant end survey in a second version, in pilot with two partners whose
answers show beside the version in use."""

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.feedback.models import Survey, VersionStatus
from osmari.feedback.version_selectors import survey_version_changes
from osmari.reporting.models import Programme

pytestmark = pytest.mark.django_db


def test_the_demo_survey_has_a_second_version_in_pilot(login, demo):
    survey = Survey.objects.get(key="participant_end")
    pilot = survey.versions.get(number=2)
    assert pilot.status == VersionStatus.PILOT
    assert pilot.pilots.count() == 2
    assert pilot.prompted_by_change is not None
    assert survey.current_version().number == 1

    manager = login(User.objects.get(email="manager@demo.osmari.fi"))
    page = manager.get(
        reverse("feedback:survey_compare", kwargs={"key": survey.key}),
        {"a": 1, "b": 2},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    comparison = page.context["comparison"]
    assert [q.key for q in comparison.added] == ["safety"]
    assert comparison.responses_after is not None  # enough pilot answers to show
    programme = Programme.objects.get(area__code="mikkeli")
    assert [
        c.number for c in survey_version_changes(programme, pilot.piloted_on, pilot.piloted_on)
    ] == [2]
