"""The start page's "Feedback answers to follow up" counts a coach's own clients and leads to
exactly those."""

import pytest

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
