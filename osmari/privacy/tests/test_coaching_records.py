"""Client work is part of the client record: in the person's export, and gone with them."""

from __future__ import annotations

import pytest

from osmari.clients import coaching
from osmari.clients.models import ActivityKind, ActivityParticipant, CoachingActivity
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.core.tests.builders import TODAY
from osmari.privacy.export import person_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(coach, area):
    coaching.kinds_ensure(area=area)
    kinds = {k.code: k for k in ActivityKind.objects.filter(area=area)}
    first, second = (
        build_client(actor=coach, area=area, coach=coach, hetu=numbered_hetu(n)) for n in (1, 2)
    )
    individual = coaching.activity_record(
        actor=coach,
        client=first,
        kind=kinds["job_search"],
        occurred_on=TODAY,
        minutes=45,
        note="Hakemus varastoon",
        today=TODAY,
    )
    session = coaching.group_session_record(
        actor=coach,
        area=area,
        kind=kinds["group"],
        occurred_on=TODAY,
        minutes=90,
        note="CV-paja",
        attendance={first: True, second: True},
        today=TODAY,
    )
    return first, second, individual, session


def test_the_persons_export_has_their_activities_and_attendance(work):
    first, _second, individual, _session = work
    export = person_export(client=first, language="en")
    sections = {section.model: section for section in export.sections}
    activities = sections["clients.CoachingActivity"]
    assert [r.id for r in activities.records] == [individual.pk]
    assert "Hakemus varastoon" in str(activities.records[0])
    assert activities.key == "coaching_activities"
    attended = sections["clients.ActivityParticipant"]
    assert attended.key == "coaching_attendance"
    assert len(attended.records) == 2
    # What the person took part in is said in words, the group session's too.
    described = " ".join(str(r) for r in attended.records)
    assert "Group session" in described and "90 min" in described


def test_the_individual_work_goes_with_the_client_and_the_group_session_stays(work):
    first, second, individual, session = work
    first.delete()
    assert not CoachingActivity.objects.filter(pk=individual.pk).exists()
    assert CoachingActivity.objects.filter(pk=session.pk).exists()
    assert list(
        ActivityParticipant.objects.filter(activity=session).values_list("client", flat=True)
    ) == [second.pk]
