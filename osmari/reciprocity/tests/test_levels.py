"""The level arithmetic on hand-made facts: no database."""

from datetime import date
from decimal import Decimal

import pytest

from osmari.reciprocity import certificates, levels, subsidy
from osmari.reciprocity.levels import Facts

RESPONSIBLE = Facts(
    positions_offered=2,
    participants_hosted=6,
    participant_months=18.0,
    trained_instructors=2,
    reviews_due=10,
    reviews_held=9,
    instructor_feedback_asked=4,
    instructor_feedback_given=3,
    guidance_rating=4.0,
    guidance_answers=5,
    moves_into_work_or_education=2,
)


def test_nothing_recorded_is_a_new_partner_and_the_next_step_is_named():
    assessment = levels.assess(Facts())
    assert assessment.level.key == "new"
    assert [c.key for c in assessment.missing] == ["positions_offered", "participants_hosted"]


def test_a_place_and_a_participant_make_a_partner():
    assessment = levels.assess(Facts(positions_offered=1, participants_hosted=1))
    assert assessment.level.key == "partner"
    assert all(c.met for c in assessment.reached)
    assert "trained_instructors" in [c.key for c in assessment.missing]


def test_every_threshold_met_exactly_reaches_the_top_level():
    assessment = levels.assess(RESPONSIBLE)
    assert assessment.level.key == "responsible"
    assert assessment.next_level is None and assessment.missing == ()


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"reviews_held": 8}, "reviews_held_share"),  # 80 % < 90 %
        ({"guidance_rating": None}, "guidance_rating"),  # too few answers to show
        ({"guidance_rating": 3.99}, "guidance_rating"),
        ({"instructor_feedback_given": 2}, "instructor_feedback_share"),  # 50 %
        ({"moves_into_work_or_education": 1}, "moves_into_work_or_education"),
        ({"participant_months": 17.9}, "participant_months"),
    ],
)
def test_one_criterion_short_of_the_top_stays_committed_and_says_which(change, missing):
    facts = Facts(**{**RESPONSIBLE.__dict__, **change})
    assessment = levels.assess(facts)
    assert assessment.level.key == "committed"
    assert [c.key for c in assessment.missing] == [missing]


def test_a_level_is_not_skipped_when_a_lower_one_fails():
    # Everything of the top level except a trained instructor: the committed level needs
    # one too, so the organisation is a partner.
    facts = Facts(**{**RESPONSIBLE.__dict__, "trained_instructors": 0})
    assert levels.assess(facts).level.key == "partner"


def test_no_reviews_due_is_not_a_share_of_one_hundred_percent():
    assert Facts(reviews_due=0).reviews_held_share is None
    facts = Facts(
        positions_offered=1, participants_hosted=3, participant_months=6, trained_instructors=1
    )
    assert levels.assess(facts).level.key == "partner"


def test_participant_months_count_both_days_and_stop_at_today_and_the_window():
    today = date(2026, 11, 28)
    periods = [
        (date(2026, 1, 1), date(2026, 1, 30), date(2026, 3, 31)),  # 30 days, ended early
        (date(2026, 11, 1), None, date(2027, 1, 31)),  # running: 28 days so far
        (date(2023, 10, 1), date(2023, 12, 31), date(2023, 12, 31)),  # before the window
    ]
    since = levels.window_start(today)
    assert since == date(2023, 11, 28)
    expected = round((30 + 28 + 34) / 30.44, 1)
    assert levels.participant_months(periods, since, today) == expected


def test_reviews_due_by_today():
    start, planned = date(2026, 9, 1), date(2026, 12, 31)
    assert levels.expected_reviews(start, planned, None, date(2026, 9, 10)) == set()
    assert levels.expected_reviews(start, planned, None, date(2026, 9, 15)) == {"start"}
    assert levels.expected_reviews(start, planned, None, date(2026, 11, 1)) == {"start", "middle"}
    # Ended in the first week: the start review and the end review, no midpoint.
    assert levels.expected_reviews(start, planned, date(2026, 9, 5), date(2026, 11, 1)) == {
        "start",
        "end",
    }


def test_a_commitment_is_counted_to_the_cent_and_capped():
    percent = subsidy.SchemeRules("percent", 15, None, 12, Decimal("3000.00"))
    result = subsidy.commitment_amount(percent, 6, Decimal("2381.55"))
    assert result.monthly == Decimal("357.23")  # 357.2325 rounded half up
    assert result.total == Decimal("2143.38") and not result.capped
    capped = subsidy.commitment_amount(percent, 12, Decimal("2381.55"))
    assert capped.total == Decimal("3000.00") and capped.capped


@pytest.mark.parametrize(
    ("months", "pay", "code"),
    [
        (0, Decimal(2000), "months_at_least_one"),
        (7, Decimal(2000), "months_over_max"),
        (3, None, "pay_needed"),
    ],
)
def test_a_commitment_outside_the_rules_is_refused_with_the_rule(months, pay, code):
    rules = subsidy.SchemeRules("percent", 20, None, 6, None)
    with pytest.raises(subsidy.RuleBroken) as broken:
        subsidy.commitment_amount(rules, months, pay)
    assert broken.value.code == code


def test_certificate_codes_carry_a_check_character():
    code = certificates.new_code()
    assert certificates.is_well_formed(code)
    assert certificates.normalise(certificates.display(code).lower()) == code
    typo = code[:3] + ("2" if code[3] != "2" else "3") + code[4:]
    assert not certificates.is_well_formed(typo)
    assert not certificates.is_well_formed(code[:-1])
