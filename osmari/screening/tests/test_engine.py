"""Table-driven cases for the eligibility rules, without a database."""

from datetime import date
from itertools import pairwise

import pytest

from osmari.screening.engine import (
    Case,
    Organisation,
    PastPlacement,
    Spell,
    add_months,
    evaluate,
    load_rulesets,
    ruleset_for,
    schedule_reasons,
)
from osmari.screening.explanations import TEXTS, explain

ON = date(2026, 11, 27)
COMPANY = Organisation("2077474-0", "company")


def case(**overrides) -> Case:
    values = {
        "on": ON,
        "birth_date": date(1990, 5, 1),
        "education_level": 3,
        "reduced_work_ability": False,
        "integration_plan": False,
        "registered_jobseeker": True,
        "spells": (
            Spell("employed", date(2020, 1, 1), date(2025, 12, 31)),
            Spell("unemployed", date(2026, 1, 1), None),
        ),
        "placements": (),
        "organisation": None,
    }
    values.update(overrides)
    return Case(**values)


def reason(instrument, code):
    return next(r for r in instrument.reasons if r.code == code)


def trial(months_start: date, months: int, org="2077474-0", kind="company", tasks="varasto"):
    return PastPlacement(
        "work_trial",
        org,
        kind,
        tasks,
        months_start,
        add_months(months_start, months) - (date(2000, 1, 2) - date(2000, 1, 1)),
    )


# ---- unemployment


def test_continuous_unemployment_counts_from_the_first_day():
    result = evaluate(case(spells=(Spell("unemployed", date(2025, 11, 27), None),)))
    assert result.unemployment.continuous_days == 366
    assert result.unemployment.long_term_unemployed is True
    assert result.unemployment.long_term_from == date(2026, 11, 27)


def test_long_term_unemployment_in_the_future_gives_its_date():
    result = evaluate(case(spells=(Spell("unemployed", date(2026, 3, 15), None),)))
    assert result.unemployment.long_term_unemployed is False
    assert result.unemployment.long_term_from == date(2027, 3, 15)


def test_touching_unemployment_spells_join_and_a_service_day_breaks_the_run():
    joined = (
        Spell("unemployed", date(2025, 1, 1), date(2025, 6, 30)),
        Spell("unemployed", date(2025, 7, 1), None),
    )
    assert evaluate(case(spells=joined)).unemployment.long_term_from == date(2026, 1, 1)
    broken = (
        Spell("unemployed", date(2025, 1, 1), date(2025, 6, 29)),
        Spell("work_trial", date(2025, 6, 30), date(2025, 6, 30)),
        Spell("unemployed", date(2025, 7, 1), None),
    )
    assert evaluate(case(spells=broken)).unemployment.long_term_from == date(2026, 7, 1)


def test_not_unemployed_today_means_no_continuous_unemployment():
    result = evaluate(case(spells=(Spell("employed", date(2026, 1, 1), None),)))
    assert result.unemployment.continuous_days == 0
    assert result.unemployment.long_term_from is None


# ---- work trial


def test_a_registered_jobseeker_may_start_a_work_trial():
    assert evaluate(case(organisation=COMPANY)).work_trial.eligible is True


def test_an_unregistered_person_may_not():
    result = evaluate(case(registered_jobseeker=False)).work_trial
    assert result.eligible is False
    assert reason(result, "wt_registered_jobseeker").met is False


def test_a_private_individual_cannot_organise_a_work_trial():
    result = evaluate(case(organisation=Organisation(None, "private_person"))).work_trial
    assert result.eligible is False
    assert "Yksityishenkilö" in explain(reason(result, "wt_organiser_kind"), "fi")


def test_six_months_with_the_same_company_is_the_limit():
    used = (trial(date(2025, 1, 1), 6),)
    result = evaluate(case(organisation=COMPANY, placements=used)).work_trial
    assert reason(result, "wt_same_organiser_months").met is False
    assert result.eligible is False
    other = Organisation("1899013-7", "association")
    assert evaluate(case(organisation=other, placements=used)).work_trial.eligible is True


def test_a_municipality_may_host_up_to_twelve_months():
    municipality = Organisation("0166906-4", "municipality")
    used = (trial(date(2025, 1, 1), 6, org="0166906-4", kind="municipality"),)
    result = evaluate(case(organisation=municipality, placements=used)).work_trial
    assert reason(result, "wt_municipality_months").met is True


def test_twelve_months_of_work_trials_in_all_is_the_limit():
    used = (trial(date(2024, 1, 1), 6, org="1"), trial(date(2024, 7, 1), 6, org="2"))
    result = evaluate(case(placements=used)).work_trial
    assert reason(result, "wt_total_months").met is False


@pytest.mark.parametrize(
    ("days", "hours", "expected"),
    [(5, 8, [True, True]), (6, 8, [False, True]), (3, 3.5, [True, False]), (1, 4, [True, True])],
)
def test_work_trial_schedule_is_one_to_five_days_and_four_to_eight_hours(days, hours, expected):
    rules = ruleset_for(ON)
    assert [r.met for r in schedule_reasons(days, hours, rules)] == expected


# ---- wage subsidy


def options(result):
    return {
        (o.track, o.percent, o.monthly_cap_eur, o.max_months) for o in result.wage_subsidy.options
    }


def test_a_young_person_gets_the_professional_skills_track():
    result = evaluate(case(birth_date=date(2005, 1, 1)))
    assert ("professional_skills", 50, 1260, 5) in options(result)
    assert result.wage_subsidy.eligible is True


def test_long_unemployment_lengthens_the_professional_skills_track_to_ten_months():
    spells = (Spell("unemployed", date(2025, 1, 1), None),)
    assert ("professional_skills", 50, 1260, 10) in options(
        evaluate(case(birth_date=date(2005, 1, 1), spells=spells))
    )


def test_reduced_work_ability_gives_seventy_percent_for_up_to_24_months():
    assert ("reduced_work_ability", 70, 1770, 24) in options(
        evaluate(case(reduced_work_ability=True))
    )


def test_associations_get_the_hundred_percent_track_after_long_unemployment():
    spells = (Spell("unemployed", date(2024, 1, 1), None),)
    association = Organisation("1899013-7", "association")
    result = evaluate(case(spells=spells, organisation=association))
    assert ("association", 100, 2020, 12) in options(result)
    assert ("association", 100, 2020, 12) not in options(
        evaluate(case(spells=spells, organisation=COMPANY))
    )


def test_the_55_plus_subsidy_needs_the_age_and_24_of_28_months():
    spells = (Spell("unemployed", date(2024, 6, 1), None),)
    assert ("age_55_plus", 70, 1770, 10) in options(
        evaluate(case(birth_date=date(1970, 1, 1), spells=spells))
    )
    younger = evaluate(case(birth_date=date(1972, 3, 1), spells=spells))
    assert ("age_55_plus", 70, 1770, 10) not in options(younger)
    assert reason(younger.wage_subsidy, "ws_age_55_plus").met_on == date(2027, 3, 1)
    assert "1.3.2027" in explain(reason(younger.wage_subsidy, "ws_age_55_plus"), "fi")


def test_since_2025_a_municipality_hires_with_subsidy_only_reduced_work_ability_or_60_plus():
    municipality = Organisation("0166906-4", "municipality")
    young = case(birth_date=date(2005, 1, 1), organisation=municipality)
    assert evaluate(young).wage_subsidy.eligible is False
    assert (
        evaluate(
            case(birth_date=date(2005, 1, 1), organisation=municipality, reduced_work_ability=True)
        ).wage_subsidy.eligible
        is True
    )


def test_an_old_case_is_explained_by_the_rules_of_its_day():
    municipality = Organisation("0166906-4", "municipality")
    then = evaluate(
        case(
            on=date(2024, 6, 1),
            birth_date=date(2005, 1, 1),
            organisation=municipality,
            spells=(Spell("unemployed", date(2024, 1, 1), None),),
        )
    )
    assert then.rules_version == "2023-07-01"
    assert then.wage_subsidy.eligible is True
    assert reason(then.wage_subsidy, "ws_employer_kind").legal_basis.startswith("916/2012")


def test_the_state_cannot_receive_pay_subsidy():
    result = evaluate(
        case(birth_date=date(2005, 1, 1), organisation=Organisation("0245437-2", "state"))
    )
    assert result.wage_subsidy.eligible is False
    assert result.wage_subsidy.options == ()


def test_no_new_subsidy_from_the_same_employer_within_three_years_except_reduced_work_ability():
    earlier = (
        PastPlacement(
            "wage_subsidy", "2077474-0", "company", "", date(2025, 1, 1), date(2025, 6, 30)
        ),
    )
    result = evaluate(case(birth_date=date(2005, 1, 1), organisation=COMPANY, placements=earlier))
    blocked = reason(result.wage_subsidy, "ws_repeat_same_employer")
    assert blocked.met is False and blocked.met_on == date(2028, 7, 1)
    assert result.wage_subsidy.eligible is False
    rwa = evaluate(case(organisation=COMPANY, placements=earlier, reduced_work_ability=True))
    assert {o.track for o in rwa.wage_subsidy.options} == {"reduced_work_ability"}


def test_missing_data_makes_the_answer_unknown_and_names_what_is_missing():
    result = evaluate(
        case(
            birth_date=None,
            education_level=None,
            integration_plan=None,
            reduced_work_ability=None,
            spells=(Spell("employed", date(2026, 1, 1), date(2026, 11, 1)),),
        )
    )
    assert result.wage_subsidy.eligible is None
    unknown = reason(result.wage_subsidy, "ws_group_no_upper_secondary")
    assert unknown.met is None and "Missing: education level" in explain(unknown, "en")


def test_every_reason_has_texts_in_three_languages():
    for code, outcomes in TEXTS.items():
        for outcome in ("met", "not_met", "unknown"):
            assert set(outcomes[outcome]) == {"fi", "sv", "en"}, (code, outcome)


def test_published_rule_sets_do_not_overlap_in_time():
    rulesets = load_rulesets()
    for earlier, later in pairwise(rulesets):
        assert earlier.effective_to is not None and earlier.effective_to < later.effective_from


@pytest.mark.parametrize("on", [date(2024, 6, 1), ON])
def test_the_ages_that_open_a_track_are_the_rule_sets_own(on):
    # The worklist flags a birthday near these ages; they change with the law, not the code.
    rules = ruleset_for(on)
    assert rules.ages_that_open_a_track() == (
        rules.section("wage_subsidy")["professional_skills"]["older_age_from"],
        rules.section("wage_subsidy")["age_55_plus"]["age_from"],
    )
    assert rules.ages_that_open_a_track() == (50, 55)
