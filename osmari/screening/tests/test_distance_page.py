"""The client's distance travelled on the eligibility page: first, latest and the change per
domain, or any two assessments the coach chooses."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from osmari.clients.tests.builders import build_client
from osmari.core.models import AuditEvent
from osmari.screening.services import assessment_add

pytestmark = pytest.mark.django_db

OTHERS = ("experience", "life_management", "social_support", "practical")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def person(coach, area):
    return build_client(actor=coach, area=area, hetu="131052-308T", coach=coach)


def assess(coach, client, on, *, work_ability, skills, motivation):
    return assessment_add(
        actor=coach,
        client=client,
        assessed_on=on,
        work_ability=work_ability,
        skills=skills,
        motivation=motivation,
        **dict.fromkeys(OTHERS, 3),
    )


def page(http, client, **params):
    return http.get(
        reverse("screening:eligibility", args=[client.pk]), params, HTTP_ACCEPT_LANGUAGE="en"
    )


def row(text, label):
    """The row of one domain, its tags removed: 'Skills and education 2 4 ↑ better (+2)'."""
    match = re.search(rf"<tr>\s*<th scope=\"row\"[^>]*>{label}</th>(.*?)</tr>", text, re.S)
    assert match, label
    return " ".join(re.sub(r"<[^>]+>", " ", label + match.group(1)).split())


@pytest.fixture
def three(coach, person):
    return [
        assess(coach, person, date(2026, 1, 10), work_ability=2, skills=2, motivation=3),
        assess(coach, person, date(2026, 5, 5), work_ability=3, skills=3, motivation=3),
        assess(coach, person, date(2026, 11, 2), work_ability=4, skills=4, motivation=2),
    ]


def test_the_coach_sees_each_domain_from_the_first_to_the_latest(login, coach, person, three):
    response = page(login(coach), person)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Change from the assessment of 01/10/2026 to that of 11/02/2026" in text
    assert row(text, "Skills and education") == "Skills and education 2 4 ↑ better (+2)"
    assert row(text, "Motivation and goals") == "Motivation and goals 3 2 ↓ worse (-1)"
    assert row(text, "Work experience") == "Work experience 3 3 → no change"
    # Work ability is health data: the coach, who may see it, sees its change too.
    assert row(text, "Work ability and health") == "Work ability and health 2 4 ↑ better (+2)"
    assert AuditEvent.objects.filter(
        action="client.view_eligibility", person_ref=person.person_ref
    ).exists()


def test_the_coach_compares_any_two_assessments_given_either_way_round(login, coach, person, three):
    _first, middle, latest = three
    text = page(login(coach), person, **{"from": latest.pk, "to": middle.pk}).content.decode()
    assert "Change from the assessment of 05/05/2026 to that of 11/02/2026" in text
    assert row(text, "Skills and education") == "Skills and education 3 4 ↑ better (+1)"
    assert "First and latest" in text


def test_a_wrong_choice_says_so_and_shows_the_first_and_latest(login, coach, person, three):
    first, _middle, _latest = three
    for params in ({"from": first.pk, "to": first.pk}, {"from": "999999", "to": "x"}):
        response = page(login(coach), person, **params)
        text = response.content.decode()
        assert response.status_code == 200
        assert "Change from the assessment of 01/10/2026 to that of 11/02/2026" in text
    assert (
        "Choose two different assessments to compare."
        in page(login(coach), person, **{"from": first.pk, "to": first.pk}).content.decode()
    )


def test_another_clients_assessment_cannot_be_chosen(login, coach, area, person, three):
    other = build_client(actor=coach, area=area, hetu="010170-002K", coach=coach)
    foreign = assess(coach, other, date(2026, 2, 1), work_ability=5, skills=5, motivation=5)
    text = page(login(coach), person, **{"from": foreign.pk, "to": three[2].pk}).content.decode()
    assert "Change from the assessment of 01/10/2026 to that of 11/02/2026" in text
    assert "02/01/2026" not in text


def test_the_manager_sees_the_change_without_work_ability(login, coach, manager, person, three):
    text = page(login(manager), person).content.decode()
    assert row(text, "Skills and education") == "Skills and education 2 4 ↑ better (+2)"
    assert "Work ability" not in text


def test_one_assessment_has_no_change_to_show(login, coach, person):
    assess(coach, person, date(2026, 1, 10), work_ability=2, skills=2, motivation=3)
    text = page(login(coach), person).content.decode()
    assert "The change shows once there are two needs assessments." in text
