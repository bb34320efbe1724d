"""The demo's fairness page has people in every step for the manager, and numbers the analyst
may see where the groups are large enough."""

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.reporting.models import Programme

pytestmark = pytest.mark.django_db

GROUPINGS = ("gender", "age_band", "language", "municipality")


def test_every_step_of_the_fairness_page_has_people_on_the_demo(login, demo):
    programme = Programme.objects.get(area__code="mikkeli")
    url = reverse("reporting:fairness", args=[programme.pk])
    manager = login(User.objects.get(email="manager@demo.osmari.fi"))
    for by in GROUPINGS:
        response = manager.get(url, {"by": by})
        assert response.status_code == 200
        for step in response.context["steps"]:
            people = sum(row.of for row in step["rows"])
            # Few of the demo's leavers had a period with a host: the last step is small.
            assert people >= (1 if step["step"] == "work_or_education" else 5), (by, step)
            assert any(row.rate for row in step["rows"]), (by, step["step"])
    analyst = login(User.objects.get(email="analyst@demo.osmari.fi"))
    response = analyst.get(url, {"by": "gender"})
    assert response.status_code == 200
    identified = response.context["steps"][0]["rows"]
    assert any(row.rate for row in identified)
