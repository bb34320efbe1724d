"""The work-trial figures and patterns of one host on hand-built trials, every number worked
out by hand. Today is 30.6.2026, so the three years start on 30.6.2023."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from osmari.placements.trial_patterns import (
    Figures,
    Hire,
    Host,
    Reduction,
    Thresholds,
    Trial,
    figures,
    window_start,
)

TODAY = date(2026, 6, 30)
AREA = Thresholds(successive_limit=3, min_count=5, onward_share=Decimal("0.20"))


def trial(person, start, end, *, position=1, occupation=None, status="ended", **extra) -> Trial:
    return Trial(
        person=person,
        position=position,
        position_title=f"Paikka {position}",
        occupation=occupation,
        occupation_label=f"Ammatti {occupation}" if occupation else "",
        start=start,
        end=end,
        status=status,
        **extra,
    )


def host(*trials, kind="company", hires=(), reductions=()) -> Host:
    return Host(1, "Isäntä Oy", kind, tuple(trials), tuple(hires), tuple(reductions))


def codes(result: Figures) -> list[str]:
    return [p.code for p in result.patterns]


def numbers(result: Figures, code: str) -> dict:
    return dict(next(p.numbers for p in result.patterns if p.code == code))


def in_a_row(count: int, **extra) -> list[Trial]:
    """`count` one-month trials of different people in place 1, from January 2024."""
    return [
        trial(n, date(2024, 1 + 2 * n, 1), date(2024, 1 + 2 * n, 28), **extra) for n in range(count)
    ]


def test_figures_count_trials_finished_onward_hires_and_interruptions():
    result = figures(
        host(
            # Led on: work elsewhere.
            trial(1, date(2024, 1, 1), date(2024, 1, 31), position=1, outcome="employed_other"),
            # Finished, led nowhere.
            trial(2, date(2024, 3, 1), date(2024, 3, 31), position=2, outcome="job_seeking"),
            # Interrupted for health.
            trial(
                3,
                date(2024, 5, 1),
                date(2024, 5, 15),
                position=3,
                status="interrupted",
                interruption_reason="health",
            ),
            # Interrupted because the person found a job: led on, with no outcome typed.
            trial(
                4,
                date(2024, 7, 1),
                date(2024, 7, 31),
                position=4,
                status="interrupted",
                interruption_reason="found_job",
            ),
            # Hired by the host itself.
            trial(5, date(2025, 1, 1), date(2025, 2, 28), position=5, outcome="employed_same"),
            # Running: counted as a trial, not yet finished.
            trial(6, date(2026, 6, 1), date(2026, 7, 31), position=6, status="active"),
        ),
        AREA,
        TODAY,
    )
    assert (result.trials, result.finished, result.onward, result.hired_here) == (6, 5, 3, 1)
    assert result.interrupted == 2
    assert result.interruptions == {"found_job": 1, "health": 1}
    assert result.onward_share == 3 / 5
    # Five finished, three onward: 0.60 is not below 0.20; no other pattern either.
    assert result.patterns == ()


def test_the_window_starts_three_years_before_today_and_ends_today():
    assert window_start(TODAY) == date(2023, 6, 30)
    result = figures(
        host(
            trial(1, date(2023, 6, 29), date(2023, 7, 31), position=1),
            trial(2, date(2023, 6, 30), date(2023, 7, 31), position=2),
            trial(3, date(2026, 6, 30), date(2026, 8, 31), position=3, status="active"),
            trial(4, date(2026, 7, 1), date(2026, 8, 31), position=4, status="planned"),
        ),
        AREA,
        TODAY,
    )
    # The first started a day too early, the last starts tomorrow.
    assert result.trials == 2
    assert result.finished == 1


def test_three_trials_in_a_row_in_the_same_place_are_worth_a_look_two_are_not():
    assert codes(figures(host(*in_a_row(2)), AREA, TODAY)) == []
    result = figures(host(*in_a_row(3)), AREA, TODAY)
    assert codes(result) == ["successive"]
    assert numbers(result, "successive") == {
        "tasks": "Paikka 1",
        "count": 3,
        "first": date(2024, 1, 1),
        "last": date(2024, 5, 28),
        "limit": 3,
    }


def test_the_area_setting_moves_the_successive_threshold():
    stricter = Thresholds(successive_limit=2, min_count=5, onward_share=Decimal("0.20"))
    looser = Thresholds(successive_limit=4, min_count=5, onward_share=Decimal("0.20"))
    assert codes(figures(host(*in_a_row(2)), stricter, TODAY)) == ["successive"]
    assert codes(figures(host(*in_a_row(3)), looser, TODAY)) == []


def test_a_hire_in_the_same_tasks_between_trials_breaks_the_row():
    trials = in_a_row(3)  # 1.1., 1.3. and 1.5.2024
    # A wage-subsidised job in the same place starting between the second and third.
    between = Hire(date(2024, 4, 1), position=1, occupation=None)
    assert codes(figures(host(*trials, hires=[between]), AREA, TODAY)) == []
    # A hire in another place does not.
    elsewhere = Hire(date(2024, 4, 1), position=2, occupation=None)
    assert codes(figures(host(*trials, hires=[elsewhere]), AREA, TODAY)) == ["successive"]
    # Nor does one after the row.
    after = Hire(date(2024, 6, 1), position=1, occupation=None)
    assert codes(figures(host(*trials, hires=[after]), AREA, TODAY)) == ["successive"]


def test_a_trial_the_host_hired_from_breaks_the_row():
    first, second, third, fourth = in_a_row(4)
    hired = replace(second, outcome="employed_same")
    # 1, (hired), 3, 4: the longest row is two.
    assert codes(figures(host(first, hired, third, fourth), AREA, TODAY)) == []


def test_the_same_occupation_in_different_places_is_the_same_tasks():
    trials = [
        trial(1, date(2024, 1, 1), date(2024, 1, 31), position=1, occupation=7),
        trial(2, date(2024, 3, 1), date(2024, 3, 31), position=2, occupation=7),
        trial(3, date(2024, 5, 1), date(2024, 5, 31), position=3, occupation=7),
        # Another occupation: not part of the row.
        trial(4, date(2024, 7, 1), date(2024, 7, 31), position=4, occupation=8),
    ]
    result = figures(host(*trials), AREA, TODAY)
    assert numbers(result, "successive")["count"] == 3
    assert numbers(result, "successive")["tasks"] == "Ammatti 7"


def test_a_third_sector_host_is_not_flagged_for_hiring_little_when_its_trials_lead_on():
    # Five trials in a row in one place, none hired by the host, each led on elsewhere.
    trials = in_a_row(5, outcome="employed_other")
    association = figures(host(*trials, kind="association"), AREA, TODAY)
    assert association.third_sector and association.hired_here == 0
    assert association.onward == 5 and codes(association) == []
    # The same trials at a company: the same tasks filled one trial after another.
    company = figures(host(*trials, kind="company"), AREA, TODAY)
    assert not company.third_sector
    assert codes(company) == ["successive"] and numbers(company, "successive")["count"] == 5


def test_a_third_sector_host_whose_trials_lead_nowhere_is_worth_a_look():
    trials = in_a_row(5, outcome="job_seeking")
    result = figures(host(*trials, kind="foundation"), AREA, TODAY)
    assert codes(result) == ["successive", "onward"]


def test_social_enterprises_and_cooperatives_are_judged_as_companies():
    trials = in_a_row(3, outcome="employed_other")
    for kind in ("social_enterprise", "cooperative"):
        assert codes(figures(host(*trials, kind=kind), AREA, TODAY)) == ["successive"]


def test_one_persons_trials_beyond_six_months_with_one_organiser():
    # 1.1.–30.6.2024 is exactly six months: within the limit of the rule set of 1.7.2023.
    within = trial(1, date(2024, 1, 1), date(2024, 6, 30))
    assert codes(figures(host(within), AREA, TODAY)) == []
    # Three months, then four: seven months in all with the same organiser.
    result = figures(
        host(
            trial(1, date(2024, 1, 1), date(2024, 3, 31), position=1),
            trial(1, date(2024, 5, 1), date(2024, 8, 31), position=2),
            trial(2, date(2024, 9, 1), date(2024, 10, 31), position=3),
        ),
        AREA,
        TODAY,
    )
    assert codes(result) == ["duration"]
    assert numbers(result, "duration") == {
        "people": 1,
        "longest": 7.0,
        "limit": 6,
        "basis": "916/2012, 4",
    }


def test_a_municipality_may_have_a_person_for_longer_but_not_in_the_same_tasks():
    # Four months in each of two places: eight in all, within the municipality's twelve.
    two_tasks = host(
        trial(1, date(2025, 1, 1), date(2025, 4, 30), position=1),
        trial(1, date(2025, 5, 1), date(2025, 8, 31), position=2),
        kind="municipality",
    )
    assert codes(figures(two_tasks, AREA, TODAY)) == []
    # Seven months in the same place: beyond the six of the same tasks.
    same_tasks = host(
        trial(1, date(2025, 1, 1), date(2025, 4, 30), position=1),
        trial(1, date(2025, 5, 1), date(2025, 7, 31), position=1),
        kind="municipality",
    )
    result = figures(same_tasks, AREA, TODAY)
    assert "duration" in codes(result)
    assert numbers(result, "duration") == {
        "people": 1,
        "longest": 7.0,
        "limit": 6,
        "basis": "380/2023",
    }


def test_trials_during_a_layoff_in_the_same_tasks():
    layoff = Reduction("layoff", date(2024, 3, 1), date(2024, 4, 30), 1, None, "Paikka 1")
    last_day = trial(1, date(2024, 4, 30), date(2024, 5, 31), position=1)
    day_after = trial(2, date(2024, 5, 1), date(2024, 5, 31), position=1)
    other_tasks = trial(3, date(2024, 3, 1), date(2024, 3, 31), position=2)
    assert codes(figures(host(day_after, other_tasks, reductions=[layoff]), AREA, TODAY)) == []
    result = figures(host(last_day, day_after, other_tasks, reductions=[layoff]), AREA, TODAY)
    assert codes(result) == ["reduction"]
    assert numbers(result, "reduction") == {
        "kind": "layoff",
        "from": date(2024, 3, 1),
        "until": date(2024, 4, 30),
        "tasks": "Paikka 1",
        "count": 1,
    }


def test_a_dismissal_in_an_occupation_that_goes_on_meets_the_trials_in_that_occupation():
    dismissal = Reduction("dismissal", date(2026, 5, 1), None, None, 7, "Ammatti 7")
    running = trial(
        1, date(2026, 6, 1), date(2026, 7, 31), position=4, occupation=7, status="active"
    )
    before = trial(2, date(2026, 1, 1), date(2026, 4, 30), position=5, occupation=7)
    result = figures(host(running, before, reductions=[dismissal]), AREA, TODAY)
    assert numbers(result, "reduction")["count"] == 1
    assert numbers(result, "reduction")["until"] is None


def finished(onward: int, total: int, kind: str = "company") -> Host:
    """`total` finished trials in different places, the first `onward` of them led on."""
    return host(
        *[
            trial(
                n,
                date(2024, 1, 1 + n),
                date(2024, 1, 20 + n),
                position=n,
                outcome="education" if n < onward else "job_seeking",
            )
            for n in range(total)
        ],
        kind=kind,
    )


def test_a_low_onward_share_is_judged_from_the_minimum_count():
    # Four finished, none onward: fewer than five, not judged.
    assert codes(figures(finished(0, 4), AREA, TODAY)) == []
    result = figures(finished(0, 5), AREA, TODAY)
    assert codes(result) == ["onward"]
    assert numbers(result, "onward") == {
        "finished": 5,
        "onward": 0,
        "share": Decimal(0),
        "threshold": Decimal("0.20"),
        "min_count": 5,
    }
    # One in five is 0.20: not below the threshold.
    assert codes(figures(finished(1, 5), AREA, TODAY)) == []


def test_the_area_settings_move_the_onward_threshold():
    higher_share = Thresholds(successive_limit=3, min_count=5, onward_share=Decimal("0.25"))
    assert codes(figures(finished(1, 5), higher_share, TODAY)) == ["onward"]
    fewer = Thresholds(successive_limit=3, min_count=4, onward_share=Decimal("0.20"))
    assert codes(figures(finished(0, 4), fewer, TODAY)) == ["onward"]


def test_a_running_trial_is_not_counted_as_leading_nowhere():
    running = trial(9, date(2026, 6, 1), date(2026, 8, 31), position=9, status="active")
    hosted = (*finished(0, 4).trials, running)
    result = figures(host(*hosted), AREA, TODAY)
    assert (result.trials, result.finished) == (5, 4)
    assert codes(result) == []
