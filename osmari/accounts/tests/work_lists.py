"""A start page's line of work and the list it links to must agree: the coach's own count
and, for the manager, the area's total and each coach's count."""

from __future__ import annotations

from osmari.accounts import access
from osmari.accounts.work import WORK_ITEMS, area_work, own_work


def listed(http, url: str) -> int:
    """How many rows the list at `url` has, over all its pages."""
    response = http.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def own_count(user, key: str) -> tuple[int, str]:
    label = WORK_ITEMS[key].label
    line = next(line for line in own_work(user) if line.label == label)
    return line.count, line.url


def assert_counts_agree(login, key: str, coach, manager) -> int:
    """The coach's count equals the rows of their link, and so do the manager's total and
    each coach's count; returns the coach's count."""
    count, url = own_count(coach, key)
    assert listed(login(coach), url) == count
    http = login(manager)
    label = WORK_ITEMS[key].label
    coaches = list(access.coaches_in(access.areas_where(manager, "home.manager")))
    line = next(line for line in area_work(manager, coaches) if line.label == label)
    assert listed(http, line.url) == line.total
    for _name, n, coach_url in line.by_coach:
        assert listed(http, coach_url) == n
    return count
