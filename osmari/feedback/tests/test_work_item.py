"""The start page's "Feedback answers to follow up" counts a coach's own clients and leads to
exactly those."""

import pytest
from django.urls import reverse

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.accounts.tests.work_lists import own_count
from osmari.employers.tests.builders import make_position
from osmari.feedback.tests.test_selectors import _follow_ups

pytestmark = pytest.mark.django_db


def _names(http, url: str) -> list[str]:
    return sorted(task.client.last_name for task in http.get(url).context["tasks"])


def test_the_follow_up_count_and_its_list_agree(login, coach, area, organisation):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    position = make_position(organisation, coach, capacity=5)
    _follow_ups(coach, area, position, [1])
    _follow_ups(colleague, area, position, [2, 3])

    count, url = own_count(coach, "feedback_follow_ups")
    assert count == 1
    assert _names(login(coach), url) == ["Asiakas1"]

    count, url = own_count(colleague, "feedback_follow_ups")
    assert count == 2
    assert _names(login(colleague), url) == ["Asiakas2", "Asiakas3"]
    # Without the coach filter the list is everyone the user may follow up.
    assert _names(login(coach), url.split("?")[0]) == ["Asiakas1", "Asiakas2", "Asiakas3"]


def _home_in_english(login, user) -> str:
    http = login(user)
    http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return http.get(reverse("accounts:home")).content.decode()


def test_the_managers_table_leaves_out_the_follow_ups_only_coaches_may_read(
    login, coach, manager, area, organisation
):
    _follow_ups(coach, area, make_position(organisation, coach, capacity=5), [1])
    page = _home_in_english(login, manager)
    assert "Periods starting within two weeks" in page
    assert "Feedback answers to follow up" not in page
    assert "Feedback answers to follow up" in _home_in_english(login, coach)
