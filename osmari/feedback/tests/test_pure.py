"""Suppression of small groups, tokens and the schedule, on hand-made data."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from osmari.feedback.schedule import Period, due_surveys
from osmari.feedback.suppression import suppress
from osmari.feedback.tokens import new_token, token_hash


def test_a_small_group_and_its_complement_are_hidden():
    # B alone (3) would be revealed by the total minus A and C: the smallest other goes too.
    result = suppress({"A": 12, "B": 3, "C": 7}, minimum=5)
    assert result.hidden == {"B", "C"}
    assert not result.total_hidden


def test_two_small_groups_that_together_are_still_small_take_a_third():
    result = suppress({"A": 20, "B": 1, "C": 2, "D": 9}, minimum=5)
    assert result.hidden == {"B", "C", "D"}


def test_nothing_to_hide_and_empty_cells_stay():
    assert suppress({"A": 5, "B": 0, "C": 6}, minimum=5).hidden == frozenset()


def test_when_no_complement_is_possible_the_total_goes_too():
    result = suppress({"A": 3}, minimum=5)
    assert result.total_hidden and result.hidden == {"A"}
    result = suppress({"A": 2, "B": 1}, minimum=5)
    assert result.total_hidden


@settings(max_examples=500)
@given(
    st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 30), max_size=8),
    st.integers(2, 10),
)
def test_no_table_reveals_a_group_under_the_minimum(counts, minimum):
    result = suppress(counts, minimum)
    shown = {k: n for k, n in counts.items() if result.shows(k)}
    # No shown cell is a small group.
    assert all(n == 0 or n >= minimum for n in shown.values())
    hidden_total = sum(counts[k] for k in result.hidden)
    if result.hidden and not result.total_hidden:
        # What the total minus the shown cells reveals is itself a big enough group.
        assert hidden_total >= minimum
        assert len(result.hidden) >= 2


def test_tokens_are_random_and_stored_as_a_hash():
    token, stored = new_token()
    other, _ = new_token()
    assert token != other and len(token) >= 32
    assert stored == token_hash(token) and token not in stored and len(stored) == 64


def _period(start, end, last=None):
    return Period(start=start, planned_end=end, last_day=last, running=True)


def test_a_three_month_period_gets_five_surveys_over_time():
    start = date(2026, 9, 1)
    period = _period(start, date(2026, 11, 30))
    assert due_surveys(period, date(2026, 9, 7)) == []
    assert [d.survey for d in due_surveys(period, date(2026, 9, 8))] == ["participant_start"]
    on_middle = due_surveys(period, date(2026, 10, 16))
    assert {d.survey for d in on_middle} == {"participant_middle", "instructor_middle"}
    assert "participant_start" in {d.survey for d in due_surveys(period, date(2026, 10, 8))}
    # A daily run made the earlier ones on their days; more than 30 days back is not redone.
    at_end = {d.survey for d in due_surveys(period, date(2026, 11, 30))}
    assert at_end == {"participant_end", "instructor_end"}


def test_an_interrupted_period_is_asked_about_at_its_last_day():
    period = _period(date(2026, 9, 1), date(2026, 12, 31), last=date(2026, 9, 20))
    due = due_surveys(period, date(2026, 9, 25))
    assert {(d.survey, d.on) for d in due} == {
        ("participant_start", date(2026, 9, 8)),
        ("participant_end", date(2026, 9, 20)),
        ("instructor_end", date(2026, 9, 20)),
    }
    assert due[0].expires == due[0].on + timedelta(days=30)


def test_a_cancelled_or_planned_period_gets_nothing():
    period = Period(date(2026, 9, 1), date(2026, 12, 31), None, running=False)
    assert due_surveys(period, date(2026, 12, 31)) == []
