from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.core.models import AuditEvent
from osmari.reporting import competence
from osmari.reporting.competence_models import AreaTraining, Dissemination, TopicGoal
from osmari.reporting.competence_selectors import (
    competence_for_period,
    competence_matrix,
    dissemination_for_period,
)
from osmari.reporting.competence_services import area_training_add, topic_goal_save
from osmari.reporting.models import StaffTraining
from osmari.reporting.tests.builders import make_staff_member

DAY = date(2026, 3, 2)


def test_a_cell_says_trained_to_do_late_or_not_required():
    today = date(2026, 9, 1)
    due = date(2026, 6, 30)
    assert competence.cell(required=True, trained_on=DAY, due_on=due, today=today).state == (
        competence.State.TRAINED
    )
    assert competence.cell(required=True, trained_on=None, due_on=due, today=today).state == (
        competence.State.OVERDUE
    )
    assert competence.cell(
        required=True, trained_on=None, due_on=due, today=date(2026, 6, 30)
    ).state == (competence.State.DUE)
    assert competence.cell(required=False, trained_on=None, due_on=due, today=today).state == (
        competence.State.NOT_REQUIRED
    )
    cells = [
        competence.cell(required=True, trained_on=DAY, due_on=due, today=today),
        competence.cell(required=True, trained_on=None, due_on=due, today=today),
        competence.cell(required=False, trained_on=DAY, due_on=due, today=today),
    ]
    progress = competence.progress(cells)
    assert (progress.required, progress.trained, progress.trained_anyone) == (2, 1, 2)
    assert progress.percent == 50 and progress.overdue == 1 and not progress.reached


@pytest.fixture
def municipal_coach(area):
    # A coach of a municipality: a role in the area, not paid from the programme.
    return make_person("kunnan.ohjaaja@test.osmari.fi", Role.COACH, area)


def _row(matrix, name):
    return next(row for row in matrix.rows if row.name == name)


def test_everyone_with_a_role_in_the_area_is_in_the_matrix_against_the_goal(
    programme, manager, coach, municipal_coach
):
    topic_goal_save(
        actor=manager,
        programme=programme,
        topic="identification",
        roles=["coach", "programme_staff"],
        due_on=date(2026, 6, 30),
    )
    area_training_add(
        actor=manager,
        programme=programme,
        person=municipal_coach,
        topic="identification",
        title="Tunnistamisen malli",
        completed_on=DAY,
        hours=Decimal("3"),
    )
    member = make_staff_member(programme)
    StaffTraining.objects.create(
        staff=member, title="Palautemalli", completed_on=DAY, hours=2, topic="feedback"
    )
    matrix = competence_matrix(programme, on=date(2026, 9, 1))
    topics = [topic.value for topic in matrix.topics]
    column = topics.index("identification")
    assert _row(matrix, "Kunnan.Ohjaaja").cells[column].trained_on == DAY
    assert _row(matrix, "Coach").cells[column].state == competence.State.OVERDUE
    assert _row(matrix, "Manager").cells[column].state == competence.State.NOT_REQUIRED
    paid = _row(matrix, "Helena Kivelä")
    assert paid.paid_staff
    assert paid.cells[column].state == competence.State.OVERDUE
    assert paid.cells[topics.index("feedback")].trained_on == DAY
    progress = matrix.topics[column].progress
    assert (progress.required, progress.trained) == (3, 1)


def test_the_manager_records_a_training_and_a_goal_on_the_page(
    login, programme, manager, municipal_coach
):
    url = reverse("reporting:training_matrix", args=[programme.pk])
    client = login(manager)
    response = client.post(
        url,
        {
            "action": "goal",
            "goal-topic": "reciprocity",
            "goal-roles": ["coach"],
            "goal-due_on": "2027-06-30",
        },
    )
    assert response.status_code == 302
    assert TopicGoal.objects.get(programme=programme).roles == ["coach"]
    response = client.post(
        url,
        {
            "action": "training",
            "training-person": municipal_coach.pk,
            "training-topic": "reciprocity",
            "training-title": "Vastavuoroisuusmalli",
            "training-completed_on": "2026-03-02",
            "training-hours": "2",
        },
    )
    assert response.status_code == 302
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kunnan.Ohjaaja" in text and "Vastavuoroisuusmalli" in text
    assert "1 / " in text  # one of those required trained


def test_bad_training_input_is_refused_with_a_message_and_nothing_saved(
    login, programme, manager, other_area
):
    stranger = make_person("vieras@other.osmari.fi", Role.COACH, other_area)
    url = reverse("reporting:training_matrix", args=[programme.pk])
    client = login(manager)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    for person, completed in ((manager.pk, future), (stranger.pk, "2026-03-02")):
        response = client.post(
            url,
            {
                "action": "training",
                "training-person": person,
                "training-topic": "feedback",
                "training-title": "Palautemalli",
                "training-completed_on": completed,
                "training-hours": "2",
            },
        )
        assert response.status_code == 422
    assert AreaTraining.objects.count() == 0
    response = client.post(url, {"action": "goal", "goal-topic": "feedback"})
    assert response.status_code == 422 and TopicGoal.objects.count() == 0


def test_an_analyst_sees_the_matrix_but_records_nothing(login, programme, analyst, coach):
    url = reverse("reporting:training_matrix", args=[programme.pk])
    client = login(analyst)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "goal", "goal-topic": "feedback"})
    assert response.status_code == 403


def _item(**fields):
    values = {
        "kind": "municipal_meeting",
        "title": "Kuntakierros: Pieksämäki",
        "held_on": "2026-02-10",
        "audiences": ["municipalities", "staff"],
        "reached": "12",
        "material_link": "https://example.fi/esitys",
    }
    values.update(fields)
    return values


def test_dissemination_is_recorded_with_its_material_and_counted(login, programme, manager):
    url = reverse("reporting:dissemination", args=[programme.pk])
    client = login(manager)
    assert client.post(url, _item()).status_code == 302
    pdf = SimpleUploadedFile("esite.pdf", b"%PDF-1.4 esite")
    response = client.post(
        url,
        _item(
            kind="event",
            title="Työnantajien aamukahvit",
            held_on="2026-04-15",
            audiences=["employers"],
            reached="30",
            material_link="",
            material_file=pdf,
        ),
    )
    assert response.status_code == 302
    summary = dissemination_for_period(programme, date(2026, 1, 1), date(2026, 12, 31))
    assert (summary.total, summary.reached) == (2, 42)
    counts = {line.value: (line.count, line.reached) for line in summary.by_audience}
    assert counts["municipalities"] == (1, 12) and counts["employers"] == (1, 30)
    kinds = {line.value: line.count for line in summary.by_kind}
    assert kinds["event"] == 1 and kinds["municipal_meeting"] == 1
    # A shorter period counts only its own.
    assert dissemination_for_period(programme, date(2026, 4, 1), date(2026, 4, 30)).total == 1

    item = Dissemination.objects.get(kind="event")
    assert not item.material_file.name.endswith("esite.pdf")  # a name of our own
    download = client.get(reverse("reporting:dissemination_material", args=[programme.pk, item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="programme.dissemination_material").exists()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Työnantajien aamukahvit" in page.content.decode()


def test_bad_dissemination_input_is_refused_with_a_message(login, programme, manager):
    url = reverse("reporting:dissemination", args=[programme.pk])
    client = login(manager)
    fake = SimpleUploadedFile("esite.pdf", b"<html>not a pdf</html>")
    cases = [
        _item(material_file=fake),
        _item(held_on="2024-01-01"),  # before the programme
        _item(audiences=[]),
        _item(material_link="javascript:alert(1)"),
    ]
    for data in cases:
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 422
        assert "error-summary" in response.content.decode()
    assert Dissemination.objects.count() == 0


def test_a_coach_reads_the_dissemination_but_records_none(login, programme, coach):
    url = reverse("reporting:dissemination", args=[programme.pk])
    client = login(coach)
    assert client.get(url).status_code == 200
    assert client.post(url, _item()).status_code == 403
    assert Dissemination.objects.count() == 0


def test_the_report_reads_training_and_goals_for_a_period(programme, manager, coach):
    topic_goal_save(
        actor=manager,
        programme=programme,
        topic="agreement",
        roles=["coach"],
        due_on=date(2026, 12, 31),
    )
    for person, day in ((coach, date(2026, 2, 1)), (manager, date(2025, 10, 1))):
        area_training_add(
            actor=manager,
            programme=programme,
            person=person,
            topic="agreement",
            title="Yhteistyösopimusmalli",
            completed_on=day,
            hours=Decimal("4"),
        )
    summary = competence_for_period(programme, date(2026, 1, 1), date(2026, 6, 30))
    assert (summary.trainings, summary.hours, summary.people) == (1, Decimal("4"), 1)
    line = next(line for line in summary.topics if line.topic == "agreement")
    assert line.trainings == 1
    assert line.goal_due_on == date(2026, 12, 31)
    assert (line.progress.required, line.progress.trained) == (1, 1)
    earlier = competence_for_period(programme, date(2025, 8, 1), date(2025, 12, 31))
    line = next(line for line in earlier.topics if line.topic == "agreement")
    assert (line.progress.required, line.progress.trained) == (1, 0)


def test_a_paid_staff_members_training_on_a_model_counts_in_the_matrix(login, programme, manager):
    member = make_staff_member(programme)
    response = login(manager).post(
        reverse("reporting:staff", args=[member.pk]),
        {
            "action": "training",
            "training-title": "Palautemalli",
            "training-topic": "feedback",
            "training-completed_on": "2026-03-02",
            "training-hours": "2",
        },
    )
    assert response.status_code == 302
    matrix = competence_matrix(programme, on=date(2026, 9, 1))
    column = [topic.value for topic in matrix.topics].index("feedback")
    assert _row(matrix, "Helena Kivelä").cells[column].trained_on == DAY
