import re

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.reporting.models import Programme
from osmari.screening.models import NeedsAssessment

pytestmark = pytest.mark.django_db


def test_the_demo_shows_the_distance_travelled_for_a_client_and_for_groups(login, demo):
    coach = User.objects.get(email="coach@demo.osmari.fi")
    assessed = NeedsAssessment.objects.filter(client__coach=coach).values_list(
        "client_id", flat=True
    )
    twice = next(pk for pk in assessed if list(assessed).count(pk) >= 2)
    text = (
        login(coach)
        .get(reverse("screening:eligibility", args=[twice]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Change from the assessment of" in text
    manager = User.objects.get(email="manager@demo.osmari.fi")
    programme = Programme.objects.filter(area__in=manager.memberships.values("area")).first()
    text = (
        login(manager)
        .get(reverse("reporting:distance", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    counted = re.search(r"(\d+) participants of \d+ have two or more needs assessments", text)
    assert counted and int(counted.group(1)) >= 2 * programme.area.min_group_size
    # At least one municipality's group is large enough to show.
    assert text.count("Change per domain:") >= 2
