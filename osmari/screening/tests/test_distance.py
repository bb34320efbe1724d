"""Distance travelled, worked out by hand: scores 1 (great need) to 5 (no need), so up is
progress."""

from datetime import date

from osmari.screening.distance import (
    Assessment,
    between,
    by_group,
    distribution,
    first_to_latest,
)

DOMAINS = ("skills", "motivation")


def a(ref: int, on: date, skills: int, motivation: int) -> Assessment:
    return Assessment(ref=ref, on=on, scores={"skills": skills, "motivation": motivation})


# Aino: three assessments, given out of order. First 2/3, then 3/3, latest 4/2.
AINO = [
    a(3, date(2026, 6, 1), 4, 2),
    a(1, date(2026, 1, 10), 2, 3),
    a(2, date(2026, 3, 5), 3, 3),
]
# Bertta: 5/1 then 1/5 (the largest changes there are: -4 and +4).
BERTTA = [a(4, date(2026, 2, 1), 5, 1), a(5, date(2026, 5, 1), 1, 5)]
# Cecilia: one assessment only; she does not count.
CECILIA = [a(6, date(2026, 4, 1), 1, 1)]
# Daniel: two the same day; the one saved later is the latest. 3/3 then 3/4.
DANIEL = [a(8, date(2026, 4, 1), 3, 4), a(7, date(2026, 4, 1), 3, 3)]


def as_dict(changes):
    return {c.domain: (c.before, c.after, c.change, c.direction) for c in changes}


def test_first_to_latest_takes_the_oldest_and_the_newest_whatever_the_order_given():
    assert as_dict(first_to_latest(AINO, DOMAINS)) == {
        "skills": (2, 4, 2, "better"),
        "motivation": (3, 2, -1, "worse"),
    }


def test_same_day_assessments_are_ordered_by_when_they_were_saved():
    assert as_dict(first_to_latest(DANIEL, DOMAINS)) == {
        "skills": (3, 3, 0, "same"),
        "motivation": (3, 4, 1, "better"),
    }


def test_a_single_assessment_has_no_change():
    assert first_to_latest(CECILIA, DOMAINS) == []
    assert first_to_latest([], DOMAINS) == []


def test_any_two_chosen_assessments_compare_in_date_order():
    # The second and the third of Aino's: 3/3 -> 4/2, given the later one first.
    assert as_dict(between(AINO[0], AINO[2], DOMAINS)) == {
        "skills": (3, 4, 1, "better"),
        "motivation": (3, 2, -1, "worse"),
    }


def test_a_group_counts_only_people_with_two_or_more_assessments():
    group = distribution([AINO, BERTTA, CECILIA, DANIEL, []], DOMAINS)
    assert (group.counted, group.single) == (3, 1)
    skills = group.domains["skills"]
    # Changes: Aino +2, Bertta -4, Daniel 0.
    assert skills.people == 3
    assert {k: v for k, v in skills.by_change.items() if v} == {2: 1, -4: 1, 0: 1}
    assert set(skills.by_change) == set(range(-4, 5))
    assert dict(skills.by_direction) == {"worse": 1, "same": 1, "better": 1}
    assert skills.median == 0.0
    motivation = group.domains["motivation"]
    # Changes: Aino -1, Bertta +4, Daniel +1.
    assert dict(motivation.by_direction) == {"worse": 1, "same": 0, "better": 2}
    assert motivation.median == 1.0


def test_an_even_group_has_the_middle_two_averaged_as_its_median():
    group = distribution([AINO, BERTTA], DOMAINS)
    # Skills: +2 and -4 -> -1; motivation: -1 and +4 -> 1.5.
    assert group.domains["skills"].median == -1.0
    assert group.domains["motivation"].median == 1.5


def test_a_group_of_single_assessments_has_no_median():
    group = distribution([CECILIA], DOMAINS)
    assert (group.counted, group.single) == (0, 1)
    assert group.domains["skills"].median is None
    assert group.domains["skills"].people == 0


def test_by_group_puts_a_person_in_each_of_their_groups():
    groups = by_group(
        [
            (["work_trial", "wage_subsidy"], AINO),
            (["work_trial"], BERTTA),
            (["none"], CECILIA),
        ],
        DOMAINS,
    )
    assert groups["work_trial"].counted == 2
    assert groups["wage_subsidy"].counted == 1
    assert groups["wage_subsidy"].domains["skills"].by_change[2] == 1
    assert (groups["none"].counted, groups["none"].single) == (0, 1)
