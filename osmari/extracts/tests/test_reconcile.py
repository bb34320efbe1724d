"""The comparison of one client's records with the register, without a database."""

from datetime import date

import pytest

from osmari.extracts import reconcile as r

D = date
AS_OF = D(2026, 11, 1)


def _topics(found):
    return [(d.key, d.topic) for d in found]


def test_equal_spells_make_no_difference():
    spells = [r.Spell("unemployed", D(2025, 3, 1), None)]
    assert r.differences(r.Osmari(spells=spells), r.Register(spells=spells), as_of=AS_OF) == []


@pytest.mark.parametrize(
    ("own", "register", "topic"),
    [
        ([], [r.Spell("unemployed", D(2025, 3, 1), None)], r.SPELL_MISSING),
        (
            [r.Spell("employed", D(2025, 3, 1), None)],
            [r.Spell("unemployed", D(2025, 3, 1), None)],
            r.SPELL_STATUS,
        ),
        (
            [r.Spell("unemployed", D(2025, 3, 1), D(2025, 8, 31))],
            [r.Spell("unemployed", D(2025, 3, 1), None)],
            r.SPELL_DATES,
        ),
        (
            [r.Spell("unemployed", D(2025, 2, 1), None)],
            [r.Spell("unemployed", D(2025, 3, 1), None)],
            r.SPELL_DATES,
        ),
    ],
)
def test_a_spell_differs_by_presence_status_or_dates(own, register, topic):
    found = r.differences(r.Osmari(spells=own), r.Register(spells=register), as_of=AS_OF)
    assert [d.topic for d in found] == [topic]
    assert found[0].can_accept


def test_a_typed_spell_the_register_lacks_is_a_difference():
    own = [r.Spell("unemployed", D(2025, 3, 1), None), r.Spell("education", D(2024, 1, 1), None)]
    register = [r.Spell("unemployed", D(2025, 3, 1), None)]
    found = r.differences(r.Osmari(spells=own), r.Register(spells=register), as_of=AS_OF)
    assert _topics(found) == [("spell-osmari:2024-01-01:education", r.SPELL_EXTRA)]


def test_spells_are_not_compared_when_the_register_has_none_for_the_client():
    own = [r.Spell("unemployed", D(2025, 3, 1), None)]
    assert r.differences(r.Osmari(spells=own), r.Register(), as_of=AS_OF) == []


def test_the_plan_differs_until_its_reference_and_date_are_the_registers():
    register = r.Register(plans=[r.Act("TYS-1", D(2025, 1, 5)), r.Act("TYS-2", D(2025, 6, 1))])
    found = r.differences(r.Osmari(), register, as_of=AS_OF)
    assert _topics(found) == [("plan", r.PLAN)]
    assert found[0].osmari is None and found[0].register == r.Value(
        reference="TYS-2", on=D(2025, 6, 1)
    )
    same = r.Osmari(plan=r.Act("TYS-2", D(2025, 6, 1)))
    assert r.differences(same, register, as_of=AS_OF) == []
    other_day = r.Osmari(plan=r.Act("TYS-2", D(2025, 6, 2)))
    assert _topics(r.differences(other_day, register, as_of=AS_OF)) == [("plan", r.PLAN)]


def _trial(**changes):
    values = {"id": 7, "kind": "work_trial", "start": D(2025, 9, 1), "end": D(2025, 11, 30)}
    values.update(changes)
    return r.Period(**values)


SERVICE = r.Service("work_trial", D(2025, 9, 1), D(2025, 11, 30), "TK-1", D(2025, 8, 20))


def test_a_period_without_its_reference_gets_the_services():
    found = r.differences(r.Osmari(periods=[_trial()]), r.Register(services=[SERVICE]), as_of=AS_OF)
    assert _topics(found) == [("period:7:reference", r.PERIOD_REFERENCE)]
    assert found[0].can_accept and found[0].placement_id == 7


def test_a_period_with_other_dates_is_listed_but_not_taken_over():
    period = _trial(end=D(2025, 10, 31), reference="TK-1", on=D(2025, 8, 20))
    found = r.differences(r.Osmari(periods=[period]), r.Register(services=[SERVICE]), as_of=AS_OF)
    assert _topics(found) == [("period:7:dates", r.PERIOD_DATES)]
    assert not found[0].can_accept


def test_an_open_ended_service_does_not_dispute_the_planned_end():
    service = r.Service("work_trial", D(2025, 9, 1), None, "TK-1", D(2025, 8, 20))
    period = _trial(reference="TK-1", on=D(2025, 8, 20))
    assert (
        r.differences(r.Osmari(periods=[period]), r.Register(services=[service]), as_of=AS_OF) == []
    )


def test_a_decision_gives_its_reference_to_a_service_row_without_one():
    service = r.Service("wage_subsidy", D(2025, 5, 1), D(2025, 10, 31))
    decision = r.Service("wage_subsidy", D(2025, 5, 1), D(2025, 10, 31), "PT-77", D(2025, 4, 22))
    period = _trial(kind="wage_subsidy", start=D(2025, 5, 1), end=D(2025, 10, 31))
    found = r.differences(
        r.Osmari(periods=[period]),
        r.Register(services=[service], decisions=[decision]),
        as_of=AS_OF,
    )
    assert found[0].register == r.Value(reference="PT-77", on=D(2025, 4, 22))


def test_a_period_the_register_lacks_and_a_service_osmari_lacks():
    period = _trial(kind="wage_subsidy")
    found = r.differences(r.Osmari(periods=[period]), r.Register(services=[SERVICE]), as_of=AS_OF)
    assert _topics(found) == [
        ("period:7:missing", r.PERIOD_MISSING),
        ("service:work_trial:2025-09-01", r.SERVICE_MISSING),
    ]
    assert not any(d.can_accept for d in found)


def test_a_period_starting_after_the_extract_cannot_be_in_it():
    period = _trial(start=D(2026, 12, 1), end=D(2027, 1, 31))
    assert r.differences(r.Osmari(periods=[period]), r.Register(), as_of=AS_OF) == []


def test_other_services_are_not_periods():
    education = r.Service("education", D(2025, 1, 1), D(2025, 6, 30))
    assert r.differences(r.Osmari(), r.Register(services=[education]), as_of=AS_OF) == []


def test_a_noted_difference_stays_resolved_until_a_value_changes():
    register = r.Register(plans=[r.Act("TYS-2", D(2025, 6, 1))])
    (found,) = r.differences(r.Osmari(), register, as_of=AS_OF)
    resolved = {(found.key, *found.fingerprint)}
    assert r.open_differences([found], resolved) == []
    newer = r.Register(plans=[r.Act("TYS-3", D(2026, 6, 1))])
    (again,) = r.differences(r.Osmari(), newer, as_of=AS_OF)
    assert r.open_differences([again], resolved) == [again]


def test_a_period_starting_after_the_extract_is_not_compared_nor_its_ends_after_it():
    own = [
        r.Spell("unemployed", D(2025, 3, 1), D(2026, 11, 14)),
        r.Spell("employed", D(2026, 11, 15), None),
    ]
    register = [r.Spell("unemployed", D(2025, 3, 1), None)]
    assert r.differences(r.Osmari(spells=own), r.Register(spells=register), as_of=AS_OF) == []
    # An end before the extract's day is one the register knows.
    own[0] = r.Spell("unemployed", D(2025, 3, 1), D(2026, 10, 14))
    found = r.differences(r.Osmari(spells=own), r.Register(spells=register), as_of=AS_OF)
    assert _topics(found) == [("spell:2025-03-01:unemployed", r.SPELL_DATES)]


def test_taking_the_registers_periods_keeps_typed_ones_newer_than_the_extract():
    own = [
        r.Spell("unemployed", D(2025, 2, 1), D(2026, 11, 14)),
        r.Spell("employed", D(2026, 11, 15), None),
        r.Spell("education", D(2026, 10, 20), D(2026, 10, 25), typed=False),
    ]
    register = [
        r.Spell("unemployed", D(2025, 3, 1), None),
        r.Spell("other_service", D(2026, 11, 20), D(2026, 12, 31)),
    ]
    change = r.spells_replacement(own, register, as_of=AS_OF)
    assert change.kept == (own[1],)
    assert change.replaced == (own[0], own[2])
    assert change.new == (r.Spell("unemployed", D(2025, 3, 1), D(2026, 11, 14), typed=False),)
    assert change.left_out == (register[1],)


def test_what_was_seen_changes_with_either_value_and_with_what_is_replaced():
    spell = r.Difference("spell:x", r.SPELL_DATES, r.Value("a"), r.Value("b"))
    kept = r.Replacement((), (), (r.Spell("employed", D(2026, 11, 15), None),))
    assert r.seen_token(spell, r.Replacement((), (), ())) != r.seen_token(spell, kept)
    other = r.Difference("spell:x", r.SPELL_DATES, r.Value("a"), r.Value("c"))
    assert r.seen_token(spell) != r.seen_token(other)
