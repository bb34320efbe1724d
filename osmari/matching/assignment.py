"""The best regional assignment of waiting clients to open places.

Pure: lists of numbers in, a list of position indexes out. The solver is SciPy's sparse
minimum-weight bipartite matching (LAPJVsp); this module only shapes the problem for it.

Shaping: every position is split into as many slots as it has free places, and every client
gets a private "no place" slot, so a full matching of the clients always exists. A pair
(client, slot) costs `1 + EPSILON - score` and a "no place" slot costs `1 + EPSILON`: all
costs are positive (a sparse matrix has no room for a zero weight), every client pays the
same constant once, and minimising the total cost therefore maximises the total score.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

EPSILON = 1e-6

Scores = Sequence[Sequence[float | None]]


class ProblemError(ValueError):
    """A malformed problem: the message names what is wrong."""


def _check(scores: Scores, capacities: Sequence[int]) -> None:
    width = len(capacities)
    for capacity in capacities:
        if int(capacity) != capacity or capacity < 0:
            raise ProblemError(f"capacity {capacity!r} is not a whole number of places")
    for row_index, row in enumerate(scores):
        if len(row) != width:
            raise ProblemError(f"row {row_index} has {len(row)} scores for {width} positions")
        for score in row:
            if score is not None and not 0.0 <= score <= 1.0:
                raise ProblemError(f"row {row_index} has score {score!r} outside [0, 1]")


def expanded_graph(scores: Scores, capacities: Sequence[int]) -> csr_array:
    """The problem as the solver takes it: a row per client, a column per free place (slot)
    and then a "no place" column per client; an absent entry is a pair that is not allowed.
    `make bench` hands the same matrix to SciPy's dense solver to measure this one against."""
    _check(scores, capacities)
    clients = len(scores)
    first_slot = np.concatenate(([0], np.cumsum(capacities)))[:-1].astype(int)
    slots = int(sum(capacities))
    rows: list[int] = []
    cols: list[int] = []
    costs: list[float] = []
    for client, row in enumerate(scores):
        for position, score in enumerate(row):
            if score is None:
                continue
            for slot in range(first_slot[position], first_slot[position] + capacities[position]):
                rows.append(client)
                cols.append(slot)
                costs.append(1.0 + EPSILON - score)
        rows.append(client)
        cols.append(slots + client)
        costs.append(1.0 + EPSILON)
    return csr_array((costs, (rows, cols)), shape=(clients, slots + clients))


def solve(scores: Scores, capacities: Sequence[int]) -> list[int | None]:
    """For each client (row), the index of its position, or None; the total score is the
    largest possible within the capacities, and no None pair is used."""
    graph = expanded_graph(scores, capacities)
    if len(scores) == 0:
        return []
    slot_position = np.repeat(np.arange(len(capacities)), np.asarray(capacities, dtype=int))
    slots = len(slot_position)
    matched = min_weight_full_bipartite_matching(graph)[1]
    result: list[int | None] = []
    for slot in matched:
        result.append(int(slot_position[slot]) if slot < slots else None)
    return result


def total_score(scores: Scores, assignment: Sequence[int | None]) -> float:
    total = 0.0
    for row, position in zip(scores, assignment, strict=True):
        if position is not None:
            value = row[position]
            if value is None:
                raise ProblemError("the assignment uses a pair that is not allowed")
            total += value
    return total


def greedy(scores: Scores, capacities: Sequence[int]) -> list[int | None]:
    """The obvious rival: take the best remaining pair until none is left. Used to show
    what the optimal assignment gains (`make bench`)."""
    _check(scores, capacities)
    pairs = sorted(
        (
            (-score, client, position)
            for client, row in enumerate(scores)
            for position, score in enumerate(row)
            if score is not None
        ),
    )
    left = list(capacities)
    result: list[int | None] = [None] * len(scores)
    for _, client, position in pairs:
        if result[client] is None and left[position] > 0:
            result[client] = position
            left[position] -= 1
    return result
