"""Every case the command can read is judged or refused with a message, never a crash:
dates at the very ends of the calendar are refused by name, and any date between the bounds
keeps the engine's arithmetic of ages, months and repeat periods inside the calendar."""

import json
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from osmari.screening.cases import EARLIEST, LATEST, case_from_json, result_to_json
from osmari.screening.engine import (
    ORGANISATION_KINDS,
    PLACEMENT_KINDS,
    SPELL_STATUSES,
    CaseError,
    evaluate,
)

# The bounds themselves come first: they are where the arithmetic would overflow.
days = st.one_of(st.sampled_from([EARLIEST, LATEST]), st.dates(EARLIEST, LATEST)).map(
    date.isoformat
)


@st.composite
def json_cases(draw):
    spell_start, spell_end = sorted([draw(days), draw(days)])
    place_start, place_end = sorted([draw(days), draw(days)])
    return {
        "on": draw(days),
        "birth_date": draw(st.one_of(st.none(), days)),
        "education_level": draw(st.one_of(st.none(), st.integers(0, 9))),
        "reduced_work_ability": draw(st.one_of(st.none(), st.booleans())),
        "integration_plan": draw(st.one_of(st.none(), st.booleans())),
        "registered_jobseeker": draw(st.booleans()),
        "spells": [
            {
                "status": draw(st.sampled_from(SPELL_STATUSES)),
                "start": spell_start,
                "end": draw(st.sampled_from([None, spell_end])),
            }
        ],
        "placements": [
            {
                "kind": draw(st.sampled_from(PLACEMENT_KINDS)),
                "organisation": "2077474-0",
                "organisation_kind": draw(st.sampled_from(ORGANISATION_KINDS)),
                "start": place_start,
                "end": place_end,
            }
        ],
        "organisation": {"business_id": "2077474-0", "kind": "company"},
    }


EDGE = {
    "on": "2099-12-31",
    "birth_date": "1900-01-01",
    "education_level": 0,
    "registered_jobseeker": True,
    "spells": [{"status": "unemployed", "start": "1900-01-01", "end": "2099-12-31"}],
    "placements": [
        {"kind": "wage_subsidy", "start": "2099-12-01", "end": "2099-12-31"},
        {"kind": "work_trial", "start": "1900-01-01", "end": "1900-01-31"},
    ],
}


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(json_cases())
@example(EDGE)
def test_a_case_with_dates_between_the_bounds_is_judged_or_refused_by_name(case):
    try:
        result = evaluate(case_from_json(json.loads(json.dumps(case))))
    except CaseError as error:
        # Only a day the rules do not cover: before the first rule set.
        assert str(error).startswith("on: no rule set is in force")
    else:
        json.dumps(result_to_json(result, "fi"))


PLACES = {
    "on": lambda day: {"on": day},
    "birth_date": lambda day: {"birth_date": day},
    "spells[0].start": lambda day: {"spells": [{"status": "unemployed", "start": day}]},
    "placements[0].start": lambda day: {
        "placements": [{"kind": "work_trial", "start": day, "end": day}]
    },
}


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2100-01-01", "9999-12-31"])
@pytest.mark.parametrize("where", PLACES)
def test_a_date_outside_the_bounds_is_refused_naming_the_field(day, where):
    with pytest.raises(CaseError) as refused:
        case_from_json({**EDGE, **PLACES[where](day)})
    assert str(refused.value) == f"{where}: '{day}' is not between 1900-01-01 and 2099-12-31"
