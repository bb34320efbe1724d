"""Unemployed days in a window, counted by intervals, against counting day by day."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from osmari.clients.spells import Spell, add_months, unemployed_days_in_window

ON = date(2026, 11, 27)


def day_by_day(spells, on, window_months):
    window_start = add_months(on, -window_months) + timedelta(days=1)
    days = set()
    for spell in spells:
        if spell.status != "unemployed" or spell.start > on:
            continue
        first, last = max(spell.start, window_start), min(spell.end or on, on)
        days.update(first + timedelta(n) for n in range((last - first).days + 1))
    return len(days)


@st.composite
def spells(draw):
    start = ON - timedelta(days=draw(st.integers(-30, 1500)))
    length = draw(st.one_of(st.none(), st.integers(0, 800)))
    status = draw(st.sampled_from(["unemployed", "unemployed", "employed", "work_trial"]))
    return Spell(status, start, None if length is None else start + timedelta(days=length))


@settings(max_examples=400, deadline=None)
@given(st.lists(spells(), max_size=6), st.sampled_from([16, 28]))
def test_interval_count_equals_the_day_by_day_count(history, window):
    assert unemployed_days_in_window(history, ON, window) == day_by_day(history, ON, window)


def test_overlapping_and_nested_spells_count_each_day_once():
    history = [
        Spell("unemployed", date(2026, 1, 1), date(2026, 3, 31)),
        Spell("unemployed", date(2026, 2, 1), date(2026, 2, 28)),
        Spell("unemployed", date(2026, 3, 15), date(2026, 4, 10)),
    ]
    assert unemployed_days_in_window(history, ON, 16) == 100
