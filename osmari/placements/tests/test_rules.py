"""The law's limits for a planned period, each at its boundary and one step past it."""

from datetime import date
from decimal import Decimal

import pytest

from osmari.placements.explanations import explain
from osmari.placements.rules import Place, PlannedPeriod, breaches, check
from osmari.screening.engine import Case, Organisation, PastPlacement, Spell

COMPANY = Organisation("1234567-1", "company")
OTHER_COMPANY = Organisation("7654321-2", "company")
MUNICIPALITY = Organisation("0208201-1", "municipality")
ASSOCIATION = Organisation("1111111-3", "association")
OPEN_PLACE = Place(kind="both", open_from=date(2020, 1, 1), open_to=None, paused=False, capacity=1)


def case(organisation=COMPANY, placements=(), birth=date(1972, 5, 1), spells=None, **extra):
    return Case(
        on=date(2026, 1, 1),
        birth_date=birth,
        education_level=3,
        reduced_work_ability=extra.pop("reduced_work_ability", False),
        integration_plan=False,
        registered_jobseeker=extra.pop("registered_jobseeker", True),
        spells=spells if spells is not None else (Spell("unemployed", date(2023, 1, 1), None),),
        placements=tuple(placements),
        organisation=organisation,
    )


def trial(start, end, days=5, hours="6", tasks="Varasto"):
    return PlannedPeriod("work_trial", tasks, start, end, days, Decimal(hours))


def subsidy(
    start, end, track="professional_skills", percent=50, pay="2000", amount="1000", wtp=None
):
    return PlannedPeriod(
        "wage_subsidy",
        "Varasto",
        start,
        end,
        5,
        Decimal("7.5"),
        track=track,
        subsidy_percent=percent,
        monthly_pay=Decimal(pay) if pay is not None else None,
        monthly_subsidy=Decimal(amount) if amount is not None else None,
        working_time_percent=wtp,
    )


def past(kind, organisation, start, end, tasks="Varasto"):
    return PastPlacement(kind, organisation.business_id, organisation.kind, tasks, start, end)


def codes(reasons):
    return {r.code for r in breaches(reasons)}


# ---------------------------------------------------------------- work trial


def test_six_months_with_one_organiser_is_allowed_and_one_day_more_is_not():
    assert codes(check(case(), trial(date(2026, 1, 1), date(2026, 6, 30)), OPEN_PLACE)) == set()
    refused = check(case(), trial(date(2026, 1, 1), date(2026, 7, 1)), OPEN_PLACE)
    assert codes(refused) == {"pl_wt_same_organiser"}


def test_earlier_months_with_the_same_organiser_count():
    earlier = [past("work_trial", COMPANY, date(2025, 1, 1), date(2025, 2, 28))]
    ok = check(case(placements=earlier), trial(date(2026, 1, 1), date(2026, 4, 30)), OPEN_PLACE)
    assert codes(ok) == set()
    over = check(case(placements=earlier), trial(date(2026, 1, 1), date(2026, 5, 1)), OPEN_PLACE)
    assert codes(over) == {"pl_wt_same_organiser"}
    # Another organiser's months do not count against this one.
    elsewhere = [past("work_trial", OTHER_COMPANY, date(2025, 1, 1), date(2025, 2, 28))]
    assert (
        codes(
            check(
                case(placements=elsewhere), trial(date(2026, 1, 1), date(2026, 6, 30)), OPEN_PLACE
            )
        )
        == set()
    )


def test_twelve_months_in_all_is_the_limit():
    earlier = [past("work_trial", OTHER_COMPANY, date(2025, 1, 1), date(2025, 6, 30))]
    ok = check(case(placements=earlier), trial(date(2026, 1, 1), date(2026, 6, 30)), OPEN_PLACE)
    assert codes(ok) == set()
    earlier.append(past("work_trial", MUNICIPALITY, date(2025, 7, 1), date(2025, 7, 1)))
    over = check(case(placements=earlier), trial(date(2026, 1, 1), date(2026, 6, 30)), OPEN_PLACE)
    assert codes(over) == {"pl_wt_total"}
    text = explain(breaches(over)[0], "fi")
    assert "12 kk" in text and "6 kk" in text


def test_a_municipality_allows_twelve_months_but_six_in_the_same_tasks():
    earlier = [
        past("work_trial", MUNICIPALITY, date(2025, 1, 1), date(2025, 6, 30), tasks="Keittiö")
    ]
    other_tasks = trial(date(2026, 1, 1), date(2026, 6, 30), tasks="Puisto")
    assert codes(check(case(MUNICIPALITY, earlier), other_tasks, OPEN_PLACE)) == set()
    same_tasks = trial(date(2026, 1, 1), date(2026, 1, 1), tasks="keittiö ")
    assert codes(check(case(MUNICIPALITY, earlier), same_tasks, OPEN_PLACE)) == {"pl_wt_same_tasks"}
    # A seventh month breaks all three: in all, with the municipality, in the same tasks.
    longer = trial(date(2026, 1, 1), date(2026, 7, 1), tasks="Puisto")
    assert codes(check(case(MUNICIPALITY, earlier), longer, OPEN_PLACE)) == {
        "pl_wt_municipality",
        "pl_wt_same_tasks",
        "pl_wt_total",
    }


@pytest.mark.parametrize(
    ("days", "hours", "refused"),
    [
        (5, "8", set()),
        (1, "4", set()),
        (6, "6", {"wt_days_per_week"}),
        (0, "6", {"wt_days_per_week"}),
        (5, "3.5", {"wt_hours_per_day"}),
        (5, "8.5", {"wt_hours_per_day"}),
    ],
)
def test_days_and_hours(days, hours, refused):
    period = trial(date(2026, 1, 1), date(2026, 2, 28), days=days, hours=hours)
    assert codes(check(case(), period, OPEN_PLACE)) == refused


def test_a_private_person_cannot_organise_and_a_jobseeker_is_needed():
    private = Organisation(None, "private_person")
    period = trial(date(2026, 1, 1), date(2026, 1, 31))
    assert "wt_organiser_kind" in codes(check(case(private), period, OPEN_PLACE))
    assert "wt_registered_jobseeker" in codes(
        check(case(registered_jobseeker=False), period, OPEN_PLACE)
    )


# ---------------------------------------------------------------- wage subsidy


def test_professional_skills_track_lasts_ten_months_after_long_unemployment():
    ok = check(case(), subsidy(date(2026, 1, 1), date(2026, 10, 31)), OPEN_PLACE)
    assert codes(ok) == set()
    over = check(case(), subsidy(date(2026, 1, 1), date(2026, 11, 1)), OPEN_PLACE)
    assert codes(over) == {"pl_ws_duration"}


def test_professional_skills_track_lasts_five_months_without_long_unemployment():
    recent = (
        Spell("employed", date(2020, 1, 1), date(2025, 9, 30)),
        Spell("unemployed", date(2025, 10, 1), None),
    )
    ok = check(case(spells=recent), subsidy(date(2026, 1, 1), date(2026, 5, 31)), OPEN_PLACE)
    assert codes(ok) == set()
    over = check(case(spells=recent), subsidy(date(2026, 1, 1), date(2026, 6, 1)), OPEN_PLACE)
    assert codes(over) == {"pl_ws_duration"}


@pytest.mark.parametrize(
    ("percent", "pay", "amount", "refused"),
    [
        (50, "2000", "1000.00", set()),
        (50, "2000", "1000.01", {"pl_ws_monthly_subsidy"}),
        (50, "3000", "1260.00", set()),  # half of the pay is over the cap: the cap holds
        (50, "3000", "1260.01", {"pl_ws_monthly_subsidy"}),
        (40, "2000", "800.00", set()),
        (40, "2000", "800.01", {"pl_ws_monthly_subsidy"}),
        (51, "2000", "1000.00", {"pl_ws_percent"}),
        (50, None, "1000.00", {"pl_ws_monthly_subsidy"}),
    ],
)
def test_subsidy_percent_and_monthly_cap(percent, pay, amount, refused):
    period = subsidy(date(2026, 1, 1), date(2026, 3, 31), percent=percent, pay=pay, amount=amount)
    assert codes(check(case(), period, OPEN_PLACE)) == refused


def test_the_association_track_limits_working_time():
    long_unemployed = (Spell("unemployed", date(2023, 1, 1), None),)
    base = {"track": "association", "percent": 100, "pay": "1800", "amount": "1800"}
    ok = subsidy(date(2026, 1, 1), date(2026, 12, 31), wtp=65, **base)
    assert codes(check(case(ASSOCIATION, spells=long_unemployed), ok, OPEN_PLACE)) == set()
    over = subsidy(date(2026, 1, 1), date(2026, 12, 31), wtp=66, **base)
    assert codes(check(case(ASSOCIATION, spells=long_unemployed), over, OPEN_PLACE)) == {
        "pl_ws_working_time"
    }
    # A company is no association: the track is closed, and the refusal names the open ones.
    closed = check(case(COMPANY, spells=long_unemployed), ok, OPEN_PLACE)
    assert codes(closed) == {"pl_ws_track"}
    assert "professional_skills" in explain(breaches(closed)[0], "en")


def test_the_same_employer_is_blocked_for_three_years_after_a_subsidised_period():
    earlier = [past("wage_subsidy", COMPANY, date(2023, 1, 1), date(2024, 12, 31))]
    last_blocked = subsidy(date(2027, 12, 31), date(2028, 2, 28))
    refused = codes(check(case(placements=earlier), last_blocked, OPEN_PLACE))
    assert "ws_repeat_same_employer" in refused
    first_free = subsidy(date(2028, 1, 1), date(2028, 2, 28))
    assert codes(check(case(placements=earlier), first_free, OPEN_PLACE)) == set()
    # Another employer is not blocked.
    assert codes(check(case(OTHER_COMPANY, earlier), last_blocked, OPEN_PLACE)) == set()


def test_an_unknown_track_is_refused_naming_what_is_missing():
    period = subsidy(date(2026, 1, 1), date(2026, 6, 30), track="reduced_work_ability", percent=70)
    reasons = check(case(reduced_work_ability=None), period, OPEN_PLACE)
    refused = breaches(reasons)
    assert [r.code for r in refused] == ["pl_ws_track"]
    assert refused[0].met is None
    assert "työkyvystä" in explain(refused[0], "fi")


# ---------------------------------------------------------------- the place and the person


def test_capacity_counts_the_busiest_day():
    place = Place(
        "both",
        date(2020, 1, 1),
        None,
        False,
        2,
        taken=(
            (date(2026, 1, 1), date(2026, 3, 31)),
            (date(2026, 4, 1), date(2026, 6, 30)),
        ),
    )
    assert codes(check(case(), trial(date(2026, 1, 1), date(2026, 6, 30)), place)) == set()
    full = Place("both", date(2020, 1, 1), None, False, 1, taken=place.taken)
    assert codes(check(case(), trial(date(2026, 7, 1), date(2026, 8, 31)), full)) == set()
    assert codes(check(case(), trial(date(2026, 6, 30), date(2026, 8, 31)), full)) == {
        "pl_capacity"
    }


def test_the_place_must_be_open_and_offer_the_kind():
    closing = Place("work_trial", date(2026, 1, 1), date(2026, 3, 31), False, 1)
    assert codes(check(case(), trial(date(2026, 1, 1), date(2026, 3, 31)), closing)) == set()
    assert codes(check(case(), trial(date(2026, 1, 1), date(2026, 4, 1)), closing)) == {
        "pl_position_open"
    }
    assert "pl_position_kind" in codes(
        check(case(), subsidy(date(2026, 1, 1), date(2026, 3, 31)), closing)
    )
    paused = Place("both", date(2020, 1, 1), None, True, 1)
    assert codes(check(case(), trial(date(2026, 1, 1), date(2026, 1, 31)), paused)) == {
        "pl_position_open"
    }


def test_a_person_has_one_period_at_a_time():
    running = [past("work_trial", OTHER_COMPANY, date(2026, 1, 1), date(2026, 2, 28))]
    refused = check(
        case(placements=running), trial(date(2026, 2, 28), date(2026, 3, 31)), OPEN_PLACE
    )
    assert codes(refused) == {"pl_overlap"}
    assert "28.2.2026" in explain(breaches(refused)[0], "fi")


def test_every_reason_explains_itself_in_three_languages():
    periods = [
        trial(date(2026, 1, 1), date(2026, 12, 31), days=6, hours="9"),
        subsidy(date(2026, 1, 1), date(2027, 12, 31), percent=90, amount="5000"),
        subsidy(date(2026, 1, 1), date(2026, 2, 1), track="association", wtp=None),
    ]
    for period in periods:
        for reason in check(case(MUNICIPALITY), period, OPEN_PLACE):
            for lang in ("fi", "sv", "en"):
                assert explain(reason, lang).strip()
