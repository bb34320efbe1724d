"""Each answer carries its response's area, survey, month and groups, so that an area's results
read its own answers and nothing of the rest of the country: made so by the submission, by
the migration for the answers given before, and read so by the results."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from osmari.core.tests.builders import migrate_to, migrate_to_latest
from osmari.feedback import services
from osmari.feedback.models import RESPONSE_FACTS, Answer, Invitation
from osmari.feedback.tests.builders import make_response
from osmari.feedback.tests.test_invitations import _deliver, _form


def _facts(row) -> list:
    return [getattr(row, name) for name in RESPONSE_FACTS]


@pytest.mark.django_db
def test_a_submitted_answer_carries_what_its_response_is_counted_by(running_period):
    services.invitations_schedule(today=date(2026, 9, 8))
    token = _deliver(Invitation.objects.get())
    response = services.response_submit(
        token=token,
        data=_form(wellbeing="4", guidance="5", tasks_clear="yes", comment="Kiva paikka"),
        language="fi",
        share_with_coach=False,
        today=date(2026, 9, 9),
    )
    answers = list(Answer.objects.filter(response=response))
    assert len(answers) == 4
    assert response.submitted_on == date(2026, 9, 1)
    assert response.position_kind == running_period.kind
    for answer in answers:
        assert _facts(answer) == _facts(response)


@pytest.mark.django_db
def test_the_results_count_each_area_s_own_answers_without_reading_each_response(
    login, manager, area, organisation, other_area
):
    from osmari.employers.tests.builders import make_organisation

    other = other_area
    elsewhere = make_organisation(other, "Muualla Oy", "0112038-9")
    for _ in range(area.min_group_size):
        make_response(area, organisation, on=date(2026, 5, 1), answers={"wellbeing": 4})
        # The same survey and month in another area, all answered with 1: never counted here.
        make_response(other, elsewhere, on=date(2026, 5, 1), answers={"wellbeing": 1})
    with time_machine.travel("2026-10-16 10:00 +0300", tick=False):
        http = login(manager)
        with CaptureQueriesContext(connection) as queries:
            page = http.get(
                reverse("feedback:results"), {"survey": "participant_end", "year": 2026}
            ).content.decode()
    assert ">4,0<" in page and ">1,0<" not in page
    reads_of_answers = [q["sql"] for q in queries if 'FROM "feedback_answer"' in q["sql"]]
    assert reads_of_answers
    assert not [sql for sql in reads_of_answers if '"feedback_response"' in sql]


@pytest.mark.django_db(transaction=True)
def test_the_answers_given_before_take_their_response_s_groups(tables_refilled_after_migrating):
    from osmari.core.models import Municipality
    from osmari.core.reference import reference_load

    if not Municipality.objects.exists():
        reference_load()
    try:
        old = migrate_to([("feedback", "0007_survey_versions_in_the_app")])
        area = old.get_model("core", "EmploymentArea").objects.get(code="mikkeli")
        municipality_id = area.municipalities.order_by("code").first().pk
        organisation = old.get_model("employers", "Organisation").objects.create(
            area_id=area.pk,
            name="Saimaan Puutyö Oy",
            business_id="2077474-0",
            municipality_id=municipality_id,
        )
        survey = old.get_model("feedback", "Survey").objects.get(key="participant_end")
        version = old.get_model("feedback", "SurveyVersion").objects.filter(survey=survey).first()
        questions = list(old.get_model("feedback", "Question").objects.filter(version=version))
        responses = old.get_model("feedback", "Response").objects
        given = [
            responses.create(
                version=version,
                area_id=area.pk,
                survey=survey,
                organisation=organisation,
                position_kind=kind,
                municipality_id=municipality,
                submitted_on=on,
            )
            for kind, municipality, on in (
                ("work_trial", municipality_id, date(2025, 3, 1)),
                ("wage_subsidy", None, date(2026, 11, 1)),
            )
        ]
        for response in given:
            for question in questions[:2]:
                old.get_model("feedback", "Answer").objects.create(
                    response=response, question=question, number=3
                )
        new = migrate_to([("feedback", "0008_answer_carries_its_groups")])
        answers = new.get_model("feedback", "Answer").objects.order_by("pk")
        assert answers.count() == 4
        for answer in answers:
            response = new.get_model("feedback", "Response").objects.get(pk=answer.response_id)
            assert _facts(answer) == _facts(response)
        assert {a.position_kind for a in answers} == {"work_trial", "wage_subsidy"}
        # And back: the answers are as they were.
        old = migrate_to([("feedback", "0007_survey_versions_in_the_app")])
        assert old.get_model("feedback", "Answer").objects.filter(number=3).count() == 4
    finally:
        migrate_to_latest()
