"""The regional assignment against brute force, and its promises."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osmari.matching.assignment import ProblemError, greedy, solve, total_score


def brute_force(scores, capacities) -> float:
    """The best total over every way to give each client a position or none."""
    best = 0.0
    positions = len(capacities)
    for choice in itertools.product([None, *range(positions)], repeat=len(scores)):
        used = [0] * positions
        total = 0.0
        for row, position in zip(scores, choice, strict=True):
            if position is None:
                continue
            if row[position] is None:
                break
            used[position] += 1
            total += row[position]
        else:
            if all(u <= c for u, c in zip(used, capacities, strict=True)):
                best = max(best, total)
    return best


def check_promises(scores, capacities, result):
    assert len(result) == len(scores)
    used = [0] * len(capacities)
    for row, position in zip(scores, result, strict=True):
        if position is not None:
            assert row[position] is not None, "a forbidden pair was used"
            used[position] += 1
    assert all(u <= c for u, c in zip(used, capacities, strict=True)), "over capacity"


@st.composite
def problems(draw):
    clients = draw(st.integers(0, 5))
    positions = draw(st.integers(0, 4))
    cell = st.one_of(st.none(), st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 3)))
    scores = [[draw(cell) for _ in range(positions)] for _ in range(clients)]
    capacities = [draw(st.integers(0, 3)) for _ in range(positions)]
    return scores, capacities


@settings(max_examples=300, deadline=None)
@given(problems())
def test_solve_matches_brute_force(problem):
    scores, capacities = problem
    result = solve(scores, capacities)
    check_promises(scores, capacities, result)
    assert total_score(scores, result) == pytest.approx(brute_force(scores, capacities), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(problems())
def test_greedy_keeps_the_promises_but_never_beats_solve(problem):
    scores, capacities = problem
    quick = greedy(scores, capacities)
    check_promises(scores, capacities, quick)
    assert total_score(scores, quick) <= total_score(scores, solve(scores, capacities)) + 1e-9


def test_a_case_where_greedy_loses():
    # Greedy gives client 0 the 0.9 place; the best is 0.8 + 0.8.
    scores = [[0.9, 0.8], [0.8, None]]
    assert greedy(scores, [1, 1]) == [0, None]
    assert solve(scores, [1, 1]) == [1, 0]


def test_capacity_lets_several_clients_share_a_position():
    assert solve([[0.5], [0.6], [0.7]], [2]) == [None, 0, 0]


@pytest.mark.parametrize(
    ("scores", "capacities", "message"),
    [
        ([[0.5, 0.5]], [1], "row 0 has 2 scores for 1 positions"),
        ([[1.5]], [1], "outside [0, 1]"),
        ([[0.5]], [-1], "not a whole number"),
        ([[0.5]], [1.5], "not a whole number"),
    ],
)
def test_malformed_problems_are_named(scores, capacities, message):
    with pytest.raises(ProblemError, match=message.replace("[", r"\[").replace("]", r"\]")):
        solve(scores, capacities)
