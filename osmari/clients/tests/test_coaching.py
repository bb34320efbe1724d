"""Recording client work: individual activities, group sessions with attendance, the area's
kinds, and the hours they add up to."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients import coaching
from osmari.clients import coaching_selectors as selectors
from osmari.clients.models import ActivityKind, Client, CoachingActivity
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.core.models import AuditEvent
from osmari.core.tests.builders import TODAY

pytestmark = pytest.mark.django_db


def kind(area, code: str) -> ActivityKind:
    coaching.kinds_ensure(area=area)
    return ActivityKind.objects.get(area=area, code=code)


@pytest.fixture
def own(coach, area) -> list[Client]:
    return [
        build_client(actor=coach, area=area, coach=coach, hetu=numbered_hetu(n), last_name=name)
        for n, name in enumerate(["Aalto", "Berg", "Castrén"])
    ]


@pytest.fixture
def colleague(area):
    return make_person("colleague@test.osmari.fi", Role.COACH, area)


def record(coach, client, *, minutes=60, on=TODAY, code="individual", note=""):
    return coaching.activity_record(
        actor=coach,
        client=client,
        kind=kind(client.area, code),
        occurred_on=on,
        minutes=minutes,
        note=note,
        today=TODAY,
    )


def test_an_area_gets_the_standard_kinds_once(area):
    coaching.kinds_ensure(area=area)
    coaching.kinds_ensure(area=area)
    codes = list(selectors.kinds_of_area(area).values_list("code", flat=True))
    assert codes == ["individual", "group", "job_search", "study_guidance", "workplace_visit"]
    assert ActivityKind.objects.get(area=area, code="group").is_group


def test_an_activity_is_recorded_audited_and_counts_as_service(coach, own):
    client = own[0]
    activity = record(coach, client, minutes=45, on=TODAY - timedelta(days=2), note="CV")
    assert activity.client == client and activity.coach == coach
    event = AuditEvent.objects.get(action="coaching.record")
    assert event.person_ref == client.person_ref
    assert event.changes["minutes"] == [None, 45]
    # The note is about the person: the log says it exists, never what it says.
    assert "CV" not in str(event.changes)
    assert Client.objects.get(pk=client.pk).last_service_on == TODAY - timedelta(days=2)


@pytest.mark.parametrize(
    ("minutes", "on", "field"),
    [
        (0, TODAY, "minutes"),
        (481, TODAY, "minutes"),
        (60, TODAY + timedelta(days=1), "occurred_on"),
        (60, date(1, 1, 1), "occurred_on"),
    ],
)
def test_a_duration_out_of_range_or_a_future_date_is_refused(coach, own, minutes, on, field):
    with pytest.raises(ValidationError) as refused:
        record(coach, own[0], minutes=minutes, on=on)
    assert field in refused.value.message_dict
    assert not CoachingActivity.objects.exists()
    assert not AuditEvent.objects.filter(action="coaching.record").exists()


def test_a_retired_kind_is_refused_yet_stays_on_old_records(coach, manager, own, area):
    old = record(coach, own[0], code="job_search")
    coaching.kind_retire(actor=manager, kind=old.kind, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        record(coach, own[0], code="job_search")
    assert "kind" in refused.value.message_dict
    old.refresh_from_db()
    assert old.kind.code == "job_search"
    assert "job_search" not in selectors.kinds_of_area(area).values_list("code", flat=True)
    assert AuditEvent.objects.filter(action="coaching.kind_retire").exists()


def test_a_coach_cannot_record_for_a_client_outside_their_scope(coach, coach_other_area, own):
    with pytest.raises(PermissionDenied):
        record(coach_other_area, own[0])
    assert not CoachingActivity.objects.exists()


def test_with_own_caseload_only_a_colleague_cannot_record_for_the_coachs_client(
    area, colleague, own
):
    area.coaches_see_own_caseload_only = True
    area.save()
    with pytest.raises(PermissionDenied):
        record(colleague, own[0])


def test_a_group_session_records_attendance_and_audits_each_participant(coach, own, area):
    session = coaching.group_session_record(
        actor=coach,
        area=area,
        kind=kind(area, "group"),
        occurred_on=TODAY,
        minutes=90,
        note="Työnhaku verkossa",
        attendance={own[0]: True, own[1]: False},
        today=TODAY,
    )
    attendance = dict(session.participants.values_list("client_id", "attendance"))
    assert attendance == {own[0].pk: "present", own[1].pk: "absent"}
    refs = set(
        AuditEvent.objects.filter(action="coaching.record").values_list("person_ref", flat=True)
    )
    assert refs == {own[0].person_ref, own[1].person_ref}
    # Only someone present was served.
    assert Client.objects.get(pk=own[1].pk).last_service_on is None


def test_a_group_session_needs_a_participant_and_a_group_kind(coach, area):
    with pytest.raises(ValidationError) as refused:
        coaching.group_session_record(
            actor=coach,
            area=area,
            kind=kind(area, "individual"),
            occurred_on=TODAY,
            minutes=60,
            attendance={},
            today=TODAY,
        )
    assert set(refused.value.message_dict) == {"participants", "kind"}


def test_a_group_session_with_someone_outside_the_scope_is_refused(
    coach, area, own, other_area, coach_other_area
):
    stranger = build_client(actor=coach_other_area, area=other_area, coach=coach_other_area)
    with pytest.raises(PermissionDenied):
        coaching.group_session_record(
            actor=coach,
            area=area,
            kind=kind(area, "group"),
            occurred_on=TODAY,
            minutes=60,
            attendance={own[0]: True, stranger: True},
            today=TODAY,
        )
    assert not CoachingActivity.objects.exists()


def test_a_kind_name_is_used_once_on_the_list(manager, area):
    coaching.kinds_ensure(area=area)
    added = coaching.kind_add(actor=manager, area=area, name_fi="Digituki", is_group=False)
    assert added.code == "digituki" and str(added) == "Digituki"
    with pytest.raises(ValidationError):
        coaching.kind_add(actor=manager, area=area, name_fi="digituki")
    assert AuditEvent.objects.filter(action="coaching.kind_add").count() == 1


# ---------------------------------------------------------------- hours


def test_a_persons_hours_count_what_they_were_present_at(coach, own, area):
    record(coach, own[0], minutes=45)
    record(coach, own[0], minutes=50, code="job_search")
    for present in (True, False):
        coaching.group_session_record(
            actor=coach,
            area=area,
            kind=kind(area, "group"),
            occurred_on=TODAY,
            minutes=120,
            attendance={own[0]: present, own[1]: True},
            today=TODAY,
        )
    work = selectors.client_work(own[0])
    assert work.minutes == 45 + 50 + 120
    assert str(work.hours) == "3.6"
    assert {(k.kind.code, k.times, k.minutes) for k in work.by_kind} == {
        ("individual", 1, 45),
        ("job_search", 1, 50),
        ("group", 1, 120),
    }
    assert len(work.recent) == 4
    assert selectors.client_work(own[1]).minutes == 240


def test_hours_by_coach_and_month_count_a_group_session_once(coach, colleague, own, manager, area):
    record(coach, own[0], minutes=30, on=date(2026, 10, 5))
    record(coach, own[1], minutes=90, on=date(2026, 11, 2))
    coaching.group_session_record(
        actor=coach,
        area=area,
        kind=kind(area, "group"),
        occurred_on=date(2026, 11, 3),
        minutes=60,
        attendance={own[0]: True, own[1]: True, own[2]: True},
        today=TODAY,
    )
    theirs = build_client(actor=colleague, area=area, coach=colleague, hetu=numbered_hetu(9))
    record(colleague, theirs, minutes=15, on=date(2026, 11, 4))

    mine = selectors.hours_by_coach(user=coach, year=2026)
    assert [line.label for line in mine.lines] == [coach]
    assert mine.table.rows[0].by_month == {date(2026, 10, 1): 30, date(2026, 11, 1): 150}
    assert mine.people_by_month == {date(2026, 10, 1): 1, date(2026, 11, 1): 3}

    area_wide = selectors.hours_by_coach(user=manager, year=2026)
    assert area_wide.table.total == 30 + 150 + 15
    assert {line.label for line in area_wide.lines} == {coach, colleague}
    assert str(area_wide.total) == "3.3"


def test_work_by_kind_counts_people_present_and_each_activity_once(coach, own, area):
    record(coach, own[0], minutes=60, on=date(2026, 11, 2))
    record(coach, own[0], minutes=30, on=date(2026, 11, 9))
    record(coach, own[1], minutes=30, on=date(2026, 9, 9))  # before the period
    coaching.group_session_record(
        actor=coach,
        area=area,
        kind=kind(area, "group"),
        occurred_on=date(2026, 11, 3),
        minutes=120,
        attendance={own[0]: True, own[1]: True, own[2]: False},
        today=TODAY,
    )
    rows, everyone = selectors.work_by_kind(
        area=area, start=date(2026, 10, 1), end=date(2026, 11, 30)
    )
    assert [(r.kind.code, r.people, r.activities, r.minutes) for r in rows] == [
        ("individual", 1, 2, 90),
        ("group", 2, 1, 120),
    ]
    assert everyone == 2
