"""Scores and exclusions on hand-made people and places."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osmari.employers.models import RESTRICTION_ADJUSTMENTS, RESTRICTION_CONFLICTS
from osmari.matching.scoring import (
    ADJUSTMENTS,
    CONFLICTS,
    WEIGHTS,
    ClientProfile,
    Eligibility,
    OccupationRef,
    PositionProfile,
    guidance_need,
    haversine_km,
    rank,
    score,
    score_matrix,
    soft_scores,
)

MIKKELI = (61.6886, 27.2723)
JUVA = (61.8977, 27.8566)  # about 37 km away
WAREHOUSE = OccupationRef("esco/warehouse-worker", "esco/material-handler", "9333")
FORKLIFT = OccupationRef("esco/forklift-operator", None, "8344")
MOVER = OccupationRef("esco/material-handler", None, "9333")
SHELF_FILLER = OccupationRef("esco/shelf-filler", None, "9334")
COOK = OccupationRef("esco/cook", None, "5120")
ELIGIBLE = Eligibility(work_trial=True, wage_subsidy=True)


def person(**fields):
    values = {
        "id": 1,
        "coordinates": MIKKELI,
        "has_car": False,
        "occupations": (WAREHOUSE,),
        "languages": {"fi": "native"},
        "guidance_need": 3,
    }
    values.update(fields)
    return ClientProfile(**values)


def place(**fields):
    values = {
        "id": 10,
        "kind": "work_trial",
        "occupation": WAREHOUSE,
        "coordinates": MIKKELI,
        "language": "fi",
        "days_per_week": 4,
        "hours_per_day": 6.0,
        "guidance": "regular",
    }
    values.update(fields)
    return PositionProfile(**values)


def breakdown(match):
    return {c.code: c.value for c in match.criteria}


def test_weights_add_up_to_one_and_a_perfect_pair_scores_one():
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)
    match = score(person(skills=frozenset({"s1"})), place(skills=frozenset({"s1"})), ELIGIBLE)
    assert match.allowed
    assert breakdown(match) == {
        "occupation": 1.0,
        "skills": 1.0,
        "distance": 1.0,
        "schedule": 1.0,
        "learning": 1.0,
    }
    assert match.score == 1.0


@pytest.mark.parametrize(
    ("offered", "value", "basis"),
    [
        (WAREHOUSE, 1.0, "same"),
        (MOVER, 0.9, "broader"),  # the interest's broader ESCO occupation
        (SHELF_FILLER, 0.6, "isco3"),  # 933x: the same ISCO minor group
        (FORKLIFT, 0.2, "isco1"),  # an interest in 8211 shares only the major group 8
        (COOK, 0.0, "none"),
        (None, 0.5, "unknown"),
    ],
)
def test_occupation_through_the_esco_and_isco_hierarchy(offered, value, basis):
    interests = (WAREHOUSE,) if offered is not FORKLIFT else (OccupationRef("x", None, "8211"),)
    match = score(person(occupations=interests), place(occupation=offered), ELIGIBLE)
    criterion = next(c for c in match.criteria if c.code == "occupation")
    assert (criterion.value, criterion.params["basis"]) == (value, basis)


def test_distance_falls_off_with_reach_and_a_car_reaches_further():
    km = haversine_km(MIKKELI, JUVA)
    assert 30 < km < 45
    without = breakdown(score(person(), place(coordinates=JUVA), ELIGIBLE))["distance"]
    with_car = breakdown(score(person(has_car=True), place(coordinates=JUVA), ELIGIBLE))["distance"]
    assert 0 < without < with_car < 1
    assert breakdown(score(person(), place(coordinates=(60.17, 24.94)), ELIGIBLE))["distance"] == 0


def test_part_time_need_against_the_weekly_hours():
    part_time = person(restrictions=frozenset({"part_time_only"}))
    short = score(part_time, place(days_per_week=4, hours_per_day=6.0), ELIGIBLE)
    assert breakdown(short)["schedule"] == 1.0
    long_ = score(
        part_time,
        place(days_per_week=5, hours_per_day=8.0, adjustments=frozenset({"part_time"})),
        ELIGIBLE,
    )
    assert breakdown(long_)["schedule"] == 0.7


def test_guidance_needed_against_guidance_given():
    # Assessment scores run 1 = great need … 5 = no need.
    assert guidance_need({"skills": 1, "experience": 1, "life_management": 2}) == 5
    assert guidance_need({"skills": 5, "experience": 5, "life_management": 5}) == 1
    assert guidance_need(None) is None
    needy = person(guidance_need=5)
    assert breakdown(score(needy, place(guidance="close"), ELIGIBLE))["learning"] == 1.0
    assert breakdown(score(needy, place(guidance="independent"), ELIGIBLE))["learning"] == 0.0
    assert breakdown(score(person(guidance_need=None), place(), ELIGIBLE))["learning"] == 0.5


@pytest.mark.parametrize(
    ("client", "position", "eligibility", "codes"),
    [
        ({}, {}, Eligibility(False, False), ["not_eligible"]),
        ({}, {"kind": "both"}, Eligibility(False, True), []),
        (
            {"restrictions": frozenset({"no_heavy_lifting"})},
            {"demands": frozenset({"heavy_lifting"})},
            ELIGIBLE,
            ["restriction_conflict"],
        ),
        # Light tasks make heavy work bearable.
        (
            {"restrictions": frozenset({"no_heavy_lifting"})},
            {"demands": frozenset({"heavy_lifting"}), "adjustments": frozenset({"light_tasks"})},
            ELIGIBLE,
            [],
        ),
        (
            {"restrictions": frozenset({"accessible_premises"})},
            {},
            ELIGIBLE,
            ["adjustment_missing"],
        ),
        (
            {"restrictions": frozenset({"accessible_premises"})},
            {"adjustments": frozenset({"accessible_premises"})},
            ELIGIBLE,
            [],
        ),
        ({"languages": {"sv": "native"}}, {}, ELIGIBLE, ["language"]),
        ({"languages": {"fi": "basic"}}, {}, ELIGIBLE, ["language"]),
        ({}, {"free_places": 0}, ELIGIBLE, ["no_free_place"]),
        ({}, {"active_agreement": False}, ELIGIBLE, ["no_active_agreement"]),
    ],
)
def test_hard_conditions_exclude_and_say_which(client, position, eligibility, codes):
    match = score(person(**client), place(**position), eligibility)
    assert [c.code for c in match.excluded_by] == codes
    assert match.allowed is (not codes)


def test_unknown_eligibility_is_a_caution_not_an_exclusion():
    match = score(person(), place(), Eligibility(None, None))
    assert match.allowed
    assert [c.code for c in match.cautions] == ["eligibility_unknown"]


def test_ranking_is_deterministic():
    places = [place(id=i, coordinates=JUVA if i % 2 else MIKKELI) for i in range(6)]
    matches = [score(person(), p, ELIGIBLE) for p in places]
    first = [m.position_id for m in rank(matches)]
    assert first == [0, 2, 4, 1, 3, 5]
    assert [m.position_id for m in rank(reversed(matches))] == first


def test_conflict_tables_agree_with_the_position_vocabulary():
    assert {k: str(v) for k, v in RESTRICTION_CONFLICTS.items()} == CONFLICTS
    assert {k: str(v) for k, v in RESTRICTION_ADJUSTMENTS.items()} == ADJUSTMENTS


# ---------------------------------------------------------------- many pairs at once

RESTRICTIONS = sorted(set(CONFLICTS) | set(ADJUSTMENTS))
OCCUPATIONS = [WAREHOUSE, MOVER, SHELF_FILLER, FORKLIFT, COOK, None]
PLACES = [MIKKELI, JUVA, (60.17, 24.94), None]
ANSWERS = st.sampled_from([True, False, None])


@st.composite
def people(draw):
    return ClientProfile(
        id=draw(st.integers(1, 10**6)),
        coordinates=draw(st.sampled_from(PLACES)),
        has_car=draw(st.booleans()),
        occupations=tuple(draw(st.lists(st.sampled_from(OCCUPATIONS[:-1]), max_size=2))),
        skills=frozenset(draw(st.lists(st.sampled_from(["s1", "s2", "s3"]), max_size=3))),
        restrictions=frozenset(draw(st.lists(st.sampled_from(RESTRICTIONS), max_size=3))),
        languages=draw(st.sampled_from([{"fi": "native"}, {"sv": "fluent"}, {"fi": "basic"}])),
        guidance_need=draw(st.one_of(st.none(), st.integers(1, 5))),
        past_organisations=frozenset(draw(st.lists(st.sampled_from(["1", "2", "4"]), max_size=2))),
    )


@st.composite
def places(draw):
    return PositionProfile(
        id=draw(st.integers(1, 10**6)),
        kind=draw(st.sampled_from(["work_trial", "wage_subsidy", "both"])),
        occupation=draw(st.sampled_from(OCCUPATIONS)),
        coordinates=draw(st.sampled_from(PLACES)),
        language=draw(st.sampled_from(["fi", "sv"])),
        days_per_week=draw(st.integers(1, 5)),
        hours_per_day=draw(st.sampled_from([4.0, 6.0, 7.5, 8.0])),
        guidance=draw(st.sampled_from(["close", "regular", "independent"])),
        skills=frozenset(draw(st.lists(st.sampled_from(["s1", "s2", "s3"]), max_size=3))),
        demands=frozenset(draw(st.lists(st.sampled_from(sorted(CONFLICTS.values())), max_size=3))),
        adjustments=frozenset(
            draw(st.lists(st.sampled_from(sorted(ADJUSTMENTS.values())), max_size=3))
        ),
        free_places=draw(st.integers(0, 2)),
        active_agreement=draw(st.booleans()),
        organisation=draw(
            st.sampled_from(["company|1", "company|4", "municipality|2", "association|3"])
        ),
    )


@settings(max_examples=150, deadline=None)
@given(
    # Records have unique ids, as in the database.
    st.lists(people(), max_size=4, unique_by=lambda person: person.id),
    st.lists(places(), max_size=5, unique_by=lambda place: place.id),
    st.dictionaries(
        st.sampled_from(["company", "municipality", "association"]),
        st.tuples(ANSWERS, ANSWERS),
    ),
)
def test_the_matrix_scores_every_pair_as_score_does(clients, positions, answers):
    def eligibility(index, organisation):
        # As the engine: by the kind of organiser, unless the person has been there before.
        kind, _sep, business_id = organisation.partition("|")
        wt, ws = answers.get(kind, (True, True))
        if business_id in clients[index].past_organisations:
            wt = False
        # Differ per person, as the engine's answers do.
        return Eligibility(wt, ws) if index % 2 == 0 else Eligibility(ws, wt)

    matrix = score_matrix(clients, positions, eligibility)
    for i, client in enumerate(clients):
        soft = soft_scores(client, positions)
        for j, position in enumerate(positions):
            match = score(client, position, eligibility(i, position.organisation))
            # Excluded or not, as the closest excluded places are ranked.
            assert soft[j] == pytest.approx(match.score, abs=1e-4)
            expected = match.score if match.allowed else None
            if expected is None:
                assert matrix[i][j] is None
            else:
                assert matrix[i][j] == pytest.approx(expected, abs=1e-4)
