"""The demo coach's start page has something on every line of their day, and each line's
list shows what it counts."""

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.accounts.work import own_work
from osmari.demo.tests.builders import seed_demo

pytestmark = pytest.mark.django_db


def test_every_line_of_the_demo_coachs_day_has_work(login):
    seed_demo("--scale", "demo")
    coach = User.objects.get(email="coach@demo.osmari.fi")
    lines = own_work(coach)
    assert [(str(line.label), line.count) for line in lines if line.count == 0] == []
    http = login(coach)
    assert http.get(reverse("accounts:home")).status_code == 200
    for line in lines:
        response = http.get(line.url)
        assert response.status_code == 200, line.url
        if "page" in response.context:
            assert response.context["page"].paginator.count == line.count, line.url
