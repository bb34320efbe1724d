"""The demo's outcomes page has something in every grouping, for the manager and, with small
groups hidden, for the analyst."""

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.reporting import outcomes
from osmari.reporting.models import Programme

pytestmark = pytest.mark.django_db


def test_every_outcomes_view_shows_something_on_the_demo(login, demo):
    programme = Programme.objects.get(area__code="mikkeli")
    url = reverse("reporting:outcomes", args=[programme.pk])
    manager = login(User.objects.get(email="manager@demo.osmari.fi"))
    for by in outcomes.GROUPINGS:
        response = manager.get(url, {"by": by})
        assert response.status_code == 200
        table = response.context["table"]
        assert table.total["left"].count, by
        # Someone who left is in a group other than "none" (periods, hosts, positions too).
        # Grouped by instrument, a small group of the reduced-work-ability track hides the
        # small groups from the manager too: such a group is there, with its count hidden.
        left = [row.cells["left"].count for row in table.rows if row.key != "none"]
        assert any(left) or (by == "instrument" and None in left), by
    compared = manager.get(
        url, {"by": "instrument", "compare": "groups", "a": "work_trial", "b": "none"}
    )
    assert compared.context["comparison"] is not None
    analyst = login(User.objects.get(email="analyst@demo.osmari.fi"))
    response = analyst.get(url, {"by": "instrument"})
    assert response.status_code == 200
    assert response.context["table"].total["left"].count
    chart = manager.get(reverse("reporting:outcomes_chart", args=[programme.pk]))
    assert chart.status_code == 200
