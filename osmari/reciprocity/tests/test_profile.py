"""The responsibility profile counted from hand-made records, and the pages that show it."""

from datetime import date, timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.clients.tests.builders import make_jobseeker
from osmari.core.tests.builders import TODAY
from osmari.employers.services import contact_add
from osmari.employers.tests.builders import make_position
from osmari.feedback.models import Invitation, Response, Survey
from osmari.feedback.tokens import new_token
from osmari.placements.models import Review
from osmari.placements.tests.builders import period_record
from osmari.reciprocity import levels, selectors, services
from osmari.reciprocity.models import Registration
from osmari.reciprocity.tests.builders import at

pytestmark = pytest.mark.django_db
_keys = count()


def _invite(area, survey_key, placement, *, answered: bool, sent: bool = True):
    survey = Survey.objects.get(key=survey_key)
    return Invitation.objects.create(
        area=area,
        survey=survey,
        version=survey.current_version(),
        placement=placement,
        organisation=placement.organisation,
        due_key=f"test-{next(_keys)}",
        due_on=placement.start_on + timedelta(days=7),
        expires_on=placement.start_on + timedelta(days=37),
        language="fi",
        token_hash=new_token()[1],
        sent_at=timezone.now() if sent else None,
        answered_at=timezone.now() if answered else None,
    )


def _guidance_answer(area, placement, value: int):
    invitation = _invite(area, "participant_middle", placement, answered=True)
    response = Response.objects.create(
        invitation=invitation,
        version=invitation.version,
        area=area,
        survey=invitation.survey,
        organisation=placement.organisation,
        submitted_on=invitation.due_on,
        language="fi",
    )
    question = invitation.version.questions.get(key="guidance")
    response.answer(question, number=value).save()


@pytest.fixture
def records(area, coach, organisation, catalogue):
    """Three people hosted this year, hand-counted below."""
    position = make_position(organisation, coach)
    make_position(organisation, coach, title="Kahvilatyöntekijä")
    people = [
        make_jobseeker(coach, area, code=code)
        for code in ("131052-308T", "010170-100R", "150570-2029")
    ]
    done = period_record(
        people[0],
        position,
        date(2026, 1, 5),
        date(2026, 3, 31),
        ended=date(2026, 3, 31),
        outcome="employed_other",
    )
    stopped = period_record(
        people[1],
        position,
        date(2026, 6, 1),
        date(2026, 8, 31),
        ended=date(2026, 7, 10),
        outcome="job_seeking",
        status="interrupted",
    )
    running = period_record(people[2], position, date(2026, 11, 1), date(2027, 1, 31))
    # A planned period for later is not hosting anyone yet.
    period_record(people[0], position, date(2027, 2, 1), date(2027, 3, 31), status="planned")
    for stage, on in (
        ("start", date(2026, 1, 19)),
        ("middle", date(2026, 2, 16)),
        ("end", date(2026, 3, 31)),
    ):
        Review.objects.create(placement=done, stage=stage, held_on=on, recorded_by=coach)
    Review.objects.create(
        placement=stopped, stage="start", held_on=date(2026, 6, 15), recorded_by=coach
    )
    instructor = contact_add(
        actor=coach, organisation=organisation, name="Aino Ohjaaja", role="workplace_instructor"
    )
    course = services.event_create(
        actor=coach,
        area=area,
        benefit=catalogue["instructor_training"],
        title="Kurssi",
        starts_at=at(-30),
        ends_at=at(-30, 12),
        place="Sali",
        capacity=5,
    )
    registration = Registration.objects.create(
        event=course,
        organisation=organisation,
        contact=instructor,
        person_name=instructor.name,
        registered_by=coach,
    )
    services.attendance_record(actor=coach, event=course, present={registration.pk})
    _invite(area, "instructor_end", done, answered=True)
    _invite(area, "instructor_middle", done, answered=False)
    # Not delivered: not asked.
    _invite(area, "instructor_middle", stopped, answered=False, sent=False)
    for value in (5, 4, 4, 5):
        _guidance_answer(area, done, value)
    return {"done": done, "running": running, "instructor": instructor}


def test_the_facts_are_counted_from_the_records(organisation, records):
    facts = selectors.profile_facts(organisation, since=levels.window_start(TODAY), until=TODAY)
    assert facts.positions_offered == 2
    assert facts.participants_hosted == 3
    # 86 + 40 + 27 days, both ends counted, the running period up to today.
    assert facts.participant_months == round(153 / 30.44, 1) == 5.0
    assert facts.trained_instructors == 1
    # Due: all three of the finished period, start and end of the interrupted one
    # (it stopped before its midpoint), the start of the running one.
    assert (facts.reviews_due, facts.reviews_held) == (6, 4)
    assert (facts.instructor_feedback_asked, facts.instructor_feedback_given) == (2, 1)
    assert (facts.moves_into_work_or_education, facts.periods_ended) == (1, 2)


def test_participant_feedback_counts_only_from_the_minimum_group(area, organisation, records):
    since = levels.window_start(TODAY)
    facts = selectors.profile_facts(organisation, since=since, until=TODAY)
    assert facts.guidance_answers == 4 and facts.guidance_rating is None
    _guidance_answer(area, records["done"], 3)
    facts = selectors.profile_facts(organisation, since=since, until=TODAY)
    assert facts.guidance_rating == 4.2  # (5+4+4+5+3)/5


def test_the_profile_page_says_why_and_what_would_raise_it(login, coach, organisation, records):
    http = login(coach)
    http.cookies["django_language"] = "en"
    response = http.get(reverse("reciprocity:profile", args=[organisation.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # 3 hosted, but 5.0 months < 6 and 4/6 reviews < 75 %: a partner.
    assert "Level Partner" in page
    assert "What would raise it to Committed partner" in page
    assert "Participant-months guided: now 5, needed 6" in page
    assert "Three-way reviews held of those due: now 67 %, needed 75 %" in page
    assert "Aino Ohjaaja" in page  # the instructor's completed training


def test_a_contact_sees_the_own_profile_and_not_another(
    login, org_contact, other_organisation, organisation, records
):
    client = login(org_contact)
    assert client.get(reverse("reciprocity:profile", args=[organisation.pk])).status_code == 200
    assert (
        client.get(reverse("reciprocity:profile", args=[other_organisation.pk])).status_code == 404
    )


def test_the_profile_page_asks_a_fixed_number_of_queries(
    login, coach, organisation, records, django_assert_max_num_queries
):
    client = login(coach)
    url = reverse("reciprocity:profile", args=[organisation.pk])
    client.get(url)
    with django_assert_max_num_queries(30):
        client.get(url)


def test_where_few_people_went_after_their_period_is_not_counted_on_the_profile():
    from osmari.reciprocity.selectors import hidden_outcomes
    from osmari.reciprocity.texts import criterion_rows

    # Two periods ended, one into work: below the minimum group of five, the organisation
    # would learn what became of a person it can name.
    few = levels.Facts(
        positions_offered=2,
        participants_hosted=6,
        participant_months=20,
        trained_instructors=1,
        reviews_due=4,
        reviews_held=4,
        moves_into_work_or_education=1,
        periods_ended=2,
    )
    rows = criterion_rows(levels.assess(few).to_next, hide=hidden_outcomes(few, 5))
    moves = next(r for r in rows if r["key"] == "moves_into_work_or_education")
    assert (moves["value"], moves["met"]) == ("–", False)
    enough = levels.Facts(moves_into_work_or_education=1, periods_ended=5)
    assert hidden_outcomes(enough, 5) == frozenset()
