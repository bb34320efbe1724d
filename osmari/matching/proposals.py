"""The regional assignment, made by a background job and kept: solving it for an area's
waiting people and open places takes longer than a page may."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from osmari.accounts import access
from osmari.accounts.models import User
from osmari.clients.models import Client
from osmari.core.models import EmploymentArea
from osmari.matching import assignment as solver
from osmari.matching.models import AssignmentProposal
from osmari.matching.selectors import (
    ASSIGNMENT_CLIENTS,
    ClientRow,
    PositionRow,
    client_rows,
    open_positions,
    position_rows,
    score_matrix,
    waiting_clients_for_user,
    without_restrictions,
)


def assignment_inputs(
    user: User,
    area: EmploymentArea,
    today: date,
    municipality: str,
    *,
    only: tuple[Iterable[int], Iterable[int]] | None = None,
) -> tuple[list[ClientRow], list[PositionRow]]:
    """The waiting people (scored without restrictions for those who may not see them) and
    the open places with room, as the assignment scores them; `only` (people, places) keeps
    to those of a page of a stored proposal that still wait and are still open."""
    clients = waiting_clients_for_user(user=user, area=area, today=today).select_related(
        "municipality", "education_level", "coach"
    )
    if municipality:
        clients = clients.filter(municipality__code=municipality)
    open_ = open_positions(today=today, area=area)
    if only is not None:
        clients = clients.filter(pk__in=list(only[0]))
        open_ = open_.filter(pk__in=list(only[1]))
    waiting = list(clients[:ASSIGNMENT_CLIENTS])
    sees_sensitive = access.may(user, "client.view_sensitive", area)
    rows = client_rows(waiting, today=today, include_sensitive=sees_sensitive)
    if not sees_sensitive:
        rows = [without_restrictions(row) for row in rows]
    positions = [p for p in position_rows(open_) if p.profile.free_places > 0]
    return rows, positions


def proposal_make(*, user: User, area: EmploymentArea, municipality: str) -> AssignmentProposal:
    """Solve the assignment as `user` sees the area now, and keep it."""
    rows, positions = assignment_inputs(user, area, timezone.localdate(), municipality)
    matrix, _cache = score_matrix(rows, positions)
    capacities = [p.profile.free_places for p in positions]
    chosen = solver.solve(matrix, capacities)
    greedy = solver.greedy(matrix, capacities)
    pairs, unplaced_none, unplaced_taken = [], [], []
    for row, index, scores in zip(rows, chosen, matrix, strict=True):
        fit = scores[index] if index is not None else None
        if index is not None and fit is not None:  # the solver chooses allowed pairs only
            pairs.append([row.client.pk, positions[index].profile.id, round(fit, 4)])
        elif all(s is None for s in scores):
            unplaced_none.append(row.client.pk)
        else:
            unplaced_taken.append(row.client.pk)
    # Kept best fit first, with each pair's score: the page shows them a page at a time in
    # that order without scoring the pairs of the other pages.
    pairs.sort(key=lambda pair: -pair[2])
    return AssignmentProposal.objects.create(
        area=area,
        requested_by=user,
        municipality=municipality,
        pairs=pairs,
        unplaced_none=unplaced_none,
        unplaced_taken=unplaced_taken,
        client_count=len(rows),
        position_count=len(positions),
        places=sum(capacities),
        total=round(solver.total_score(matrix, chosen), 2),
        greedy_total=round(solver.total_score(matrix, greedy), 2),
    )


def still_waiting(*, user: User, area: EmploymentArea, today: date, ids: list[int]) -> list[Client]:
    """Those of these people who still wait, in the order given: a proposal's people left
    without a place, as the page lists them."""
    found = waiting_clients_for_user(user=user, area=area, today=today).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def latest_proposal(
    *, user: User, area: EmploymentArea, municipality: str
) -> AssignmentProposal | None:
    return (
        AssignmentProposal.objects.filter(requested_by=user, area=area, municipality=municipality)
        .order_by("-made_at")
        .first()
    )
