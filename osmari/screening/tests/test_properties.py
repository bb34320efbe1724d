"""Properties that hold for every well-formed case."""

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from osmari.screening.cases import result_to_json
from osmari.screening.engine import (
    ORGANISATION_KINDS,
    PLACEMENT_KINDS,
    SPELL_STATUSES,
    Case,
    Organisation,
    PastPlacement,
    Spell,
    evaluate,
)

days = st.dates(min_value=date(2019, 1, 1), max_value=date(2028, 12, 31))
optional_bool = st.one_of(st.none(), st.booleans())


ANY_STATUS = st.sampled_from(SPELL_STATUSES)


@st.composite
def spells(draw, status=ANY_STATUS):
    start = draw(days)
    end = draw(st.one_of(st.none(), st.integers(0, 900).map(lambda n: start + timedelta(n))))
    return Spell(draw(status), start, end)


@st.composite
def placements(draw):
    start = draw(days)
    return PastPlacement(
        kind=draw(st.sampled_from(PLACEMENT_KINDS)),
        organisation=draw(st.sampled_from(["2077474-0", "1899013-7", "0166906-4"])),
        organisation_kind=draw(st.sampled_from(ORGANISATION_KINDS)),
        tasks=draw(st.sampled_from(["", "varasto", "keittiö"])),
        start=start,
        end=start + timedelta(draw(st.integers(0, 400))),
    )


@st.composite
def cases(draw):
    organisation = draw(
        st.one_of(
            st.none(),
            st.builds(
                Organisation,
                business_id=st.sampled_from([None, "2077474-0", "0166906-4"]),
                kind=st.sampled_from(ORGANISATION_KINDS),
            ),
        )
    )
    return Case(
        on=draw(st.dates(min_value=date(2023, 7, 1), max_value=date(2028, 12, 31))),
        birth_date=draw(st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2010, 1, 1)))),
        education_level=draw(st.one_of(st.none(), st.integers(0, 9))),
        reduced_work_ability=draw(optional_bool),
        integration_plan=draw(optional_bool),
        registered_jobseeker=draw(st.booleans()),
        spells=tuple(draw(st.lists(spells(), max_size=6))),
        placements=tuple(draw(st.lists(placements(), max_size=4))),
        organisation=organisation,
    )


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_engine_answers_every_well_formed_case(case):
    result = evaluate(case)
    encoded = json.loads(json.dumps(result_to_json(result, "sv")))
    assert encoded["work_trial"]["eligible"] in (True, False, None)
    assert all(reason["explanation"] for reason in encoded["wage_subsidy"]["reasons"])
    if result.wage_subsidy.eligible is not True:
        assert result.wage_subsidy.options == ()


@settings(max_examples=300, deadline=None)
@given(cases(), spells(status=st.just("unemployed")))
def test_more_unemployment_never_removes_long_term_unemployment(case, extra):
    before = evaluate(case).unemployment
    after = evaluate(Case(**{**case.__dict__, "spells": (*case.spells, extra)})).unemployment
    if before.long_term_unemployed:
        assert after.long_term_unemployed
        assert after.long_term_from <= before.long_term_from
    assert after.continuous_days >= before.continuous_days
