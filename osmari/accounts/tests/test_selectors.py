"""The audit log an administrator reads: only their areas' events, in the same queries for
twenty events as for two."""

import pytest

from osmari.accounts.selectors import AuditFilter, audit_event_list_for_user
from osmari.core.audit import audit_record

pytestmark = pytest.mark.django_db


def _events(area, actor, n: int) -> None:
    for number in range(n):
        audit_record(actor=actor, action="client.view", area=area, person_ref=f"ref-{number}")


def _read(user, **filters) -> list[tuple[str, str, str]]:
    """What the audit page shows of each row: who, what and in which area."""
    return [
        (event.actor_label, event.action, event.area.name_fi)
        for event in audit_event_list_for_user(
            user=user, permission="audit.view", filters=AuditFilter(**filters)
        )
    ]


def test_the_audit_log_reads_twenty_events_in_the_queries_of_two(
    admin, coach, area, django_assert_max_num_queries, django_assert_num_queries
):
    _events(area, coach, 2)
    _read(admin)  # the administrator's roles are read once and kept for the request
    with django_assert_max_num_queries(1) as two:
        assert len(_read(admin, action="client.view")) == 2
    _events(area, coach, 18)
    with django_assert_num_queries(len(two)):
        assert len(_read(admin, action="client.view")) == 20


def test_an_administrator_reads_only_the_events_of_their_own_area(
    admin, admin_other_area, coach, coach_other_area, area, other_area
):
    _events(area, coach, 2)
    _events(other_area, coach_other_area, 1)
    assert {row[2] for row in _read(admin)} == {area.name_fi}
    assert {row[2] for row in _read(admin_other_area)} == {other_area.name_fi}
    assert len(_read(admin_other_area, action="client.view")) == 1


def test_a_coach_holds_no_area_s_audit_log(coach, area):
    _events(area, coach, 2)
    assert _read(coach) == []
