from collections import Counter

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.clients.services import client_record_viewed
from osmari.core.audit import audit_record
from osmari.employers.models import Position
from osmari.matching import assignment as solver
from osmari.matching import texts
from osmari.matching.scoring import WEIGHTS, Eligibility, score
from osmari.matching.selectors import (
    ASSIGNMENT_CLIENTS,
    client_rows,
    matches_for_position,
    open_positions,
    position_rows,
    positions_by_id,
    score_matrix,
    shared_clients_for_position,
    suggestions_for_client,
    waiting_clients,
)

SUGGESTIONS = 10
CANDIDATES = 10
# Criteria an organisation user is not shown: guidance need comes from the needs assessment.
HIDDEN_FROM_ORGANISATIONS = {"learning"}


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
        "cautions": [texts.condition_text(c) for c in match.cautions],
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
    client_record_viewed(actor=request.user, client=client, part="suggestions")
    row = client_rows([client], today=today, include_sensitive=sees_sensitive)[0]
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
    suggestions = []
    for match in found.best:
        position = by_id[match.position_id]
        suggestions.append({**_explained(match), "position": position, "kind": _kind_for(position)})
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
    position = (
        Position.objects.select_related("organisation", "organisation__area", "municipality")
        .filter(pk=position_pk)
        .first()
    )
    if position is None or not access.may(request.user, "matching.position", position.organisation):
        raise Http404
    today = timezone.localdate()
    area = position.organisation.area
    staff = access.may(request.user, "client.list", area)
    sees_sensitive = access.may(request.user, "client.view_sensitive", area)
    clients = shared_clients_for_position(user=request.user, position=position, today=today)
    clients = clients.select_related("municipality", "education_level")[:ASSIGNMENT_CLIENTS]
    rows = client_rows(clients, today=today, include_sensitive=sees_sensitive)
    by_id = {r.profile.id: r.client for r in rows}
    place = position_rows(open_positions(today=today).filter(pk=position.pk))
    candidates = []
    if place:
        matches = [m for m in matches_for_position(place[0], rows) if m.allowed][:CANDIDATES]
        hide = frozenset() if staff else HIDDEN_FROM_ORGANISATIONS
        candidates = [{**_explained(m, hide), "client": by_id[m.client_id]} for m in matches]
    audit_record(
        actor=request.user,
        action="matching.candidates",
        obj=position,
        area=area,
        changes={"shown": [None, len(candidates)]},
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


@access.permission_required("matching.view")
def assignment(request):
    """The best assignment of the area's waiting people to its open places, for the coaches
    to accept pair by pair or change."""
    area = access.areas_where(request.user, "matching.view")[0]
    today = timezone.localdate()
    municipality = request.GET.get("municipality", "")
    clients = waiting_clients(area=area, today=today).select_related(
        "municipality", "education_level", "coach"
    )
    if municipality:
        clients = clients.filter(municipality__code=municipality)
    if access.own_caseload_only(request.user, area, "matching.view"):
        clients = clients.filter(coach=request.user)
    clients = list(clients[:ASSIGNMENT_CLIENTS])
    sees_sensitive = access.may(request.user, "client.view_sensitive", area)
    rows = client_rows(clients, today=today, include_sensitive=sees_sensitive)
    positions = [
        p
        for p in position_rows(open_positions(today=today, area=area))
        if p.profile.free_places > 0
    ]
    matrix, cache = score_matrix(rows, positions)
    capacities = [p.profile.free_places for p in positions]
    chosen = solver.solve(matrix, capacities)
    greedy = solver.greedy(matrix, capacities)
    total = solver.total_score(matrix, chosen)
    greedy_total = solver.total_score(matrix, greedy)
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
    proposals.sort(key=lambda p: -p["match"].score)
    audit_record(
        actor=request.user,
        action="matching.assignment",
        area=area,
        changes={"clients": [None, len(rows)], "proposed": [None, len(proposals)]},
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
