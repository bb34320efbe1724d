from collections import Counter

from django.shortcuts import render
from django.utils import timezone

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.core.audit import persons_read
from osmari.core.params import plain_text
from osmari.matching import assignment as solver
from osmari.matching import texts
from osmari.matching.scoring import WEIGHTS, Eligibility, score
from osmari.matching.selectors import (
    ASSIGNMENT_CLIENTS,
    client_rows,
    matches_for_position,
    open_positions,
    position_get_for_user,
    position_rows,
    positions_by_id,
    score_matrix,
    shared_clients_for_position,
    suggestions_for_client,
    waiting_clients_for_user,
    without_health,
    without_restrictions,
)
from osmari.placements.proposal_selectors import proposal_state_for_client

SUGGESTIONS = 10
CANDIDATES = 10
# Criteria an organisation's contact is not shown before a period is agreed: guidance need
# comes from the needs assessment, distance from the person's home and means of travel, and
# the schedule from a work-ability restriction (part-time only).
HIDDEN_FROM_ORGANISATIONS = frozenset({"learning", "distance", "schedule"})


def _explained(match, hide=frozenset()):
    return {
        "match": match,
        "score_percent": round(match.score * 100),
        "criteria": [
            {
                "name": texts.criterion_name(c),
                "text": texts.criterion_text(c),
                "points": round(c.points * 100),
                "max": round(c.weight * 100),
            }
            for c in match.criteria
            if c.code not in hide
        ],
        "excluded_by": [texts.condition_text(c) for c in match.excluded_by],
        # Cautions name restrictions and eligibility: only for those who see every criterion.
        "cautions": [] if hide else [texts.condition_text(c) for c in match.cautions],
    }


def _kind_for(position) -> str:
    return "wage_subsidy" if position.kind == "wage_subsidy" else "work_trial"


@access.permission_required("matching.view")
def client_suggestions(request, client_pk):
    """The best places for one person, with every reason; excluded places are counted by
    the condition that excludes them."""
    client = client_get_for_user(user=request.user, pk=client_pk, permission="matching.view")
    today = timezone.localdate()
    sees_sensitive = access.may(request.user, "client.view_sensitive", client)
    persons_read(actor=request.user, persons=[client], part="suggestions")
    row = client_rows([client], today=today, include_sensitive=sees_sensitive)[0]
    if not sees_sensitive:
        row = without_restrictions(row)
    positions = position_rows(open_positions(today=today, area=client.area))
    found = suggestions_for_client(row, positions, SUGGESTIONS)
    reasons = Counter(
        texts.condition_text(c) for _place, conditions in found.excluded for c in conditions
    ).most_common()
    # The excluded places that would otherwise fit best: what stands in the way.
    closest = sorted(
        (
            score(row.profile, place.profile, Eligibility(None, None))
            for place, _c in found.excluded
        ),
        key=lambda m: (-m.score, m.position_id),
    )[:5]
    conditions = {place.profile.id: found_conditions for place, found_conditions in found.excluded}
    by_id = positions_by_id([m.position_id for m in found.best] + [m.position_id for m in closest])
    proposals = proposal_state_for_client(client)
    suggestions = []
    for match in found.best:
        position = by_id[match.position_id]
        suggestions.append(
            {
                **_explained(match),
                "position": position,
                "kind": _kind_for(position),
                "proposal": proposals.for_position(position),
                "may_propose": proposals.may_propose_to(position),
            }
        )
    closest_excluded = [
        {
            "position": by_id[m.position_id],
            "score_percent": round(m.score * 100),
            "excluded_by": [texts.condition_text(c) for c in conditions[m.position_id]],
        }
        for m in closest
    ]
    excluded = found.excluded
    return render(
        request,
        "matching/client_suggestions.html",
        {
            "client": client,
            "suggestions": suggestions,
            "excluded_count": len(excluded),
            "excluded_reasons": reasons,
            "closest_excluded": closest_excluded,
            "position_count": found.considered,
            "weights": _weights(),
            "can_place": access.may(request.user, "placement.edit", client),
            "sees_sensitive": sees_sensitive,
        },
    )


def _weights():
    return [
        {"name": str(texts.CRITERION_NAMES[code]), "percent": round(weight * 100)}
        for code, weight in WEIGHTS.items()
    ]


@access.permission_required("matching.position")
def position_candidates(request, position_pk):
    """The best people for one place. An organisation user sees only those who consented to
    share their profile with the organisation, and nothing from the needs assessment."""
    position = position_get_for_user(user=request.user, pk=position_pk)
    today = timezone.localdate()
    area = position.organisation.area
    # Staff of the area see every criterion; an organisation's contact, before anything is
    # agreed, nothing of a person's health or what follows from it.
    staff = access.may(request.user, "matching.view", area)
    sees_sensitive = access.may(request.user, "client.view_sensitive", area)
    clients = shared_clients_for_position(user=request.user, position=position, today=today)
    clients = clients.select_related("municipality", "education_level")[:ASSIGNMENT_CLIENTS]
    rows = client_rows(clients, today=today, include_sensitive=sees_sensitive)
    if not staff:
        rows = [without_health(row) for row in rows]
    elif not sees_sensitive:
        rows = [without_restrictions(row) for row in rows]
    by_id = {r.profile.id: r.client for r in rows}
    place = position_rows(open_positions(today=today).filter(pk=position.pk))
    candidates = []
    if place:
        matches = [m for m in matches_for_position(place[0], rows) if m.allowed][:CANDIDATES]
        hide = frozenset() if staff else HIDDEN_FROM_ORGANISATIONS
        candidates = [{**_explained(m, hide), "client": by_id[m.client_id]} for m in matches]
    persons_read(
        actor=request.user,
        persons=[c["client"] for c in candidates],
        part="candidates",
        obj=position,
    )
    return render(
        request,
        "matching/position_candidates.html",
        {
            "position": position,
            "organisation": position.organisation,
            "candidates": candidates,
            "is_open": bool(place),
            "staff": staff,
            "considered": len(rows),
        },
    )


def _assignment_pairs(user, area, today, municipality: str):
    """The waiting people (scored without restrictions for those who may not see them) and
    the open places with room, as the assignment scores them."""
    clients = waiting_clients_for_user(user=user, area=area, today=today).select_related(
        "municipality", "education_level", "coach"
    )
    if municipality:
        clients = clients.filter(municipality__code=municipality)
    waiting = list(clients[:ASSIGNMENT_CLIENTS])
    sees_sensitive = access.may(user, "client.view_sensitive", area)
    rows = client_rows(waiting, today=today, include_sensitive=sees_sensitive)
    if not sees_sensitive:
        rows = [without_restrictions(row) for row in rows]
    positions = [
        p
        for p in position_rows(open_positions(today=today, area=area))
        if p.profile.free_places > 0
    ]
    return rows, positions


def _proposals(rows, positions, matrix, cache, chosen):
    """The chosen pairs explained, and the people left without a place: those no place
    allows, and those whose allowed places went to others."""
    proposals, unplaced_none, unplaced_taken = [], [], []
    shown = positions_by_id({positions[i].profile.id for i in chosen if i is not None})
    for row, index, scores in zip(rows, chosen, matrix, strict=True):
        if index is None:
            if all(s is None for s in scores):
                unplaced_none.append(row.client)
            else:
                unplaced_taken.append(row.client)
            continue
        place = positions[index]
        match = score(row.profile, place.profile, cache.get(row, place.organisation))
        proposals.append(
            {
                **_explained(match),
                "client": row.client,
                "position": shown[place.profile.id],
                "kind": _kind_for(shown[place.profile.id]),
            }
        )
    return proposals, unplaced_none, unplaced_taken


@access.permission_required("matching.view")
def assignment(request):
    """The best assignment of the area's waiting people to its open places, for the coaches
    to accept pair by pair or change."""
    area = access.areas_where(request.user, "matching.view")[0]
    today = timezone.localdate()
    municipality = plain_text(request.GET.get("municipality", ""))
    rows, positions = _assignment_pairs(request.user, area, today, municipality)
    matrix, cache = score_matrix(rows, positions)
    capacities = [p.profile.free_places for p in positions]
    chosen = solver.solve(matrix, capacities)
    greedy = solver.greedy(matrix, capacities)
    total = solver.total_score(matrix, chosen)
    greedy_total = solver.total_score(matrix, greedy)
    proposals, unplaced_none, unplaced_taken = _proposals(rows, positions, matrix, cache, chosen)
    proposals.sort(key=lambda p: -p["match"].score)
    persons_read(
        actor=request.user,
        persons=[p["client"] for p in proposals] + unplaced_none + unplaced_taken,
        part="assignment",
    )
    return render(
        request,
        "matching/assignment.html",
        {
            "area": area,
            "proposals": proposals,
            "unplaced_none": unplaced_none,
            "unplaced_taken": unplaced_taken,
            "client_count": len(rows),
            "limit": ASSIGNMENT_CLIENTS,
            "position_count": len(positions),
            "places": sum(capacities),
            "total": round(total, 2),
            "greedy_total": round(greedy_total, 2),
            "municipalities": area.municipalities.order_by("name_fi"),
            "municipality": municipality,
            "can_place": access.may(request.user, "placement.edit", area),
        },
    )
