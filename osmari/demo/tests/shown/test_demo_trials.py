"""The demo has one host whose work trials are worth a look, and its page says so."""

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.employers.models import StaffReduction

pytestmark = pytest.mark.django_db


def test_the_demo_flags_one_organisation_and_not_the_others(login, demo):
    flagged = StaffReduction.objects.get().organisation
    manager = login(User.objects.get(email="manager@demo.osmari.fi"))
    response = manager.get(reverse("reporting:trials"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = response.context["rows"]
    worth_a_look = [row["figures"].name for row in rows if row["patterns"]]
    assert worth_a_look == [flagged.name]
    assert len(rows) > 1
    codes = [p.code for p in rows[0]["figures"].patterns]
    assert "successive" in codes and "reduction" in codes
    coach = login(User.objects.get(email="coach@demo.osmari.fi"))
    page = coach.get(reverse("employers:detail", args=[flagged.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "The work trials here are worth a look:" in page.content.decode()
