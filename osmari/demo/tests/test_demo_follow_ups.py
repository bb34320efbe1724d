"""The demo's leavers of half a year ago have six-month follow-ups from each source, and
some still to make on the coach's list."""

import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.models import User
from osmari.clients.models import Enrolment
from osmari.clients.work import follow_ups_due_for_user
from osmari.demo.tests.builders import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_follow_ups_from_each_source_and_some_due(login):
    seed_demo("--scale", "demo")
    sources = set(
        Enrolment.objects.exclude(follow_up_source="").values_list("follow_up_source", flat=True)
    )
    assert sources == {"extract", "call", "person"}
    coach = User.objects.get(email="coach@demo.osmari.fi")
    due = follow_ups_due_for_user(user=coach, today=timezone.localdate())
    assert due.exists()
    page = login(coach).get(reverse("clients:follow_ups_due"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Record the call" in page.content.decode()
