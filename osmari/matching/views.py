from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.core.audit import persons_read
from osmari.core.params import plain_text
from osmari.matching import jobs as proposal_jobs
from osmari.matching import proposals, texts
from osmari.matching.scoring import WEIGHTS, score
from osmari.matching.selectors import (
    ASSIGNMENT_CLIENTS,
    EligibilityCache,
    client_rows,
    matches_for_position,
    open_positions,
    position_get_for_user,
    position_rows,
    positions_by_id,
    shared_clients_for_position,
    suggestions_for_client,
    without_health,
    without_restrictions,
)
from osmari.placements.proposal_selectors import proposal_state_for_client

SUGGESTIONS = 10
CLOSEST_EXCLUDED = 5
# The regional assignment's pairs shown at a time: each is explained criterion by criterion.
PAIRS_PER_PAGE = 50
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
    found = suggestions_for_client(row, positions, SUGGESTIONS, closest=CLOSEST_EXCLUDED)
    reasons = texts.condition_texts_counted(
        c for _place, conditions in found.excluded for c in conditions
    )
    closest = found.closest
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


def _stored_pairs(pairs, rows, positions):
    """A page of a proposal's stored pairs explained as things are now, and whether any was
    left out: a pair whose person no longer waits, whose place is no longer open or that a
    condition now excludes."""
    by_client = {row.client.pk: row for row in rows}
    by_place = {place.profile.id: place for place in positions}
    cache = EligibilityCache(rows)
    kept = [
        (by_client[pair[0]], by_place[pair[1]])
        for pair in pairs
        if pair[0] in by_client and pair[1] in by_place
    ]
    shown = positions_by_id({place.profile.id for _row, place in kept})
    explained = []
    for row, place in kept:
        match = score(row.profile, place.profile, cache.get(row, place.organisation))
        if not match.allowed:
            continue
        explained.append(
            {
                **_explained(match),
                "client": row.client,
                "position": shown[place.profile.id],
                "kind": _kind_for(shown[place.profile.id]),
            }
        )
    explained.sort(key=lambda p: -p["match"].score)
    return explained, len(explained) < len(pairs)


def _municipality_of(area, code: str) -> str:
    """One of the area's municipality codes, or none: the proposal is kept under it."""
    return code if code and area.municipalities.filter(code=code).exists() else ""


@access.permission_required("matching.view")
def assignment(request):
    """The best assignment of the area's waiting people to its open places, for the coaches
    to accept pair by pair or change. A background job solves it when asked; the page shows
    the latest it made for this user (and municipality), and when it was made."""
    area = access.areas_where(request.user, "matching.view")[0]
    municipality = _municipality_of(area, plain_text(request.GET.get("municipality", "")))
    wanted = {"user": request.user, "area": area, "municipality": municipality}
    pending = proposal_jobs.proposal_pending(**wanted)
    if request.htmx and request.GET.get("wait"):
        # The waiting notice asks until the job is done, then the page loads anew.
        return HttpResponse(status=204) if pending else HttpResponseClientRefresh()
    proposal = proposals.latest_proposal(**wanted)
    context: dict[str, Any] = {
        "area": area,
        "proposal": proposal,
        "pending": pending,
        "limit": ASSIGNMENT_CLIENTS,
        "municipalities": area.municipalities.order_by("name_fi"),
        "municipality": municipality,
        "can_place": access.may(request.user, "placement.edit", area),
    }
    if proposal is not None:
        today = timezone.localdate()
        # Best fit first: a proposal made before the scores were kept stays in its own order.
        stored = sorted(proposal.pairs, key=lambda pair: -pair[2] if len(pair) > 2 else 0)
        page = Paginator(stored, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
        rows, positions = proposals.assignment_inputs(
            request.user,
            area,
            today,
            municipality,
            only=([pair[0] for pair in page], [pair[1] for pair in page]),
        )
        pairs, changed = _stored_pairs(page.object_list, rows, positions)
        unplaced = {
            name: proposals.still_waiting(
                user=request.user, area=area, today=today, ids=getattr(proposal, name)
            )
            for name in ("unplaced_none", "unplaced_taken")
        }
        persons_read(
            actor=request.user,
            persons=[
                *(p["client"] for p in pairs),
                *unplaced["unplaced_none"],
                *unplaced["unplaced_taken"],
            ],
            part="assignment",
        )
        context.update(
            proposals=pairs,
            page=page,
            query=f"municipality={municipality}" if municipality else "",
            changed=changed,
            **unplaced,
        )
    return render(request, "matching/assignment.html", context)


@require_POST
@access.permission_required("matching.view")
def assignment_request(request):
    """Ask the background job for a new proposal."""
    area = access.areas_where(request.user, "matching.view")[0]
    municipality = _municipality_of(area, plain_text(request.POST.get("municipality", "")))
    proposal_jobs.proposal_request(user=request.user, area=area, municipality=municipality)
    url = reverse("matching:assignment")
    return redirect(f"{url}?municipality={municipality}" if municipality else url)
