"""The register extract's reading of the day six months after leaving, worked by hand.

Left 15.3.2026; the follow-up day is 15.9.2026; the extract was made on 1.11.2026."""

from datetime import date

from osmari.extracts.six_months import NO, UNKNOWN, YES, Reading, Spell, reading

LEFT = date(2026, 3, 15)
DAY = date(2026, 9, 15)
EXTRACTED = date(2026, 11, 1)


def read(*spells: Spell, extracted_on: date = EXTRACTED) -> Reading:
    return reading(spells, follow_up_on=DAY, extracted_on=extracted_on, left_on=LEFT)


def test_a_job_ending_the_day_before_says_nothing_of_the_day():
    assert read(Spell("employed", date(2026, 4, 1), date(2026, 9, 14))) == Reading()


def test_a_job_starting_the_day_after_says_nothing_of_the_day():
    assert read(Spell("employed", date(2026, 9, 16))) == Reading()


def test_a_job_starting_or_ending_on_the_day_covers_it():
    assert read(Spell("employed", DAY)).employed == YES
    assert read(Spell("employed", date(2026, 4, 1), DAY)).employed == YES


def test_no_spell_at_all_is_unknown():
    assert read() == Reading(UNKNOWN, UNKNOWN)
    assert not read().answers


def test_unemployed_on_the_day_is_not_in_work_and_improvement_is_left_unknown():
    assert read(Spell("unemployed", date(2025, 1, 1))) == Reading(NO, UNKNOWN)


def test_a_work_trial_is_not_work_and_wage_subsidised_work_is():
    assert read(Spell("work_trial", date(2026, 9, 1), date(2026, 10, 31))).employed == NO
    assert read(Spell("wage_subsidy", date(2026, 9, 1), date(2027, 2, 28))).employed == YES


def test_overlapping_spells_a_job_kept_with_the_registration_counts_as_work():
    assert read(
        Spell("unemployed", date(2025, 1, 1)),
        Spell("employed", date(2026, 9, 1), date(2026, 12, 31)),
    ) == Reading(YES, YES)  # unemployed on leaving, in work on the day


def test_from_unemployed_on_leaving_to_work_on_the_day_is_an_improvement():
    assert read(
        Spell("unemployed", date(2025, 1, 1), date(2026, 6, 30)),
        Spell("employed", date(2026, 7, 1)),
    ) == Reading(YES, YES)


def test_in_work_on_leaving_and_on_the_day_the_extract_cannot_say_it_improved():
    assert read(Spell("employed", date(2026, 1, 1))) == Reading(YES, UNKNOWN)


def test_an_extract_made_before_the_day_forecasts_nothing():
    assert read(Spell("employed", date(2026, 7, 1)), extracted_on=date(2026, 9, 14)) == Reading()
    assert read(Spell("employed", date(2026, 7, 1)), extracted_on=DAY).employed == YES
