"""Reads for the fairness page: each person's way through the steps, as `fairness` needs it.

A fixed number of queries whatever the number of people: assessments, decisions, proposals,
periods with a host, leavers, and the people themselves.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from osmari.clients.models import Client, Enrolment
from osmari.core.i18n import localized
from osmari.core.models import EmploymentArea, Municipality
from osmari.placements.models import Placement, PlacementStatus, Proposal
from osmari.reporting import fairness
from osmari.screening.models import Decision, NeedsAssessment


def ways(*, area: EmploymentArea, start: date, end: date) -> list[fairness.Way]:
    """The way of everyone in the area who appears in a step's population for start..end.

    Events after the period's end never count, so nothing later is read."""
    screened: dict[int, list[date]] = defaultdict(list)
    identified: dict[int, list[date]] = defaultdict(list)
    proposed: dict[int, list[date]] = defaultdict(list)
    placed: dict[int, list[date]] = defaultdict(list)
    for client_id, day in NeedsAssessment.objects.filter(
        client__area=area, assessed_on__range=(start, end)
    ).values_list("client_id", "assessed_on"):
        screened[client_id].append(day)
    for client_id, day, proposal in Decision.objects.filter(
        client__area=area, decided_on__range=(start, end)
    ).values_list("client_id", "decided_on", "proposal"):
        screened[client_id].append(day)
        if proposal in fairness.LIKELY_TO_BENEFIT:
            identified[client_id].append(day)
    for client_id, moment in Proposal.objects.filter(area=area).values_list(
        "client_id", "proposed_at"
    ):
        day = timezone.localdate(moment)
        if day <= end:
            proposed[client_id].append(day)
    for client_id, day in (
        Placement.objects.filter(area=area, start_on__lte=end)
        .exclude(status=PlacementStatus.CANCELLED)
        .values_list("client_id", "start_on")
    ):
        placed[client_id].append(day)
    leavers = set(
        Enrolment.objects.filter(client__area=area, left_on__range=(start, end)).values_list(
            "client_id", flat=True
        )
    )
    # Only those a step's population can hold: screened, identified or proposed within the
    # period, or left within it.
    proposed_within = {pk for pk, days in proposed.items() if any(d >= start for d in days)}
    refs = set(screened) | proposed_within | leavers
    rows = Client.objects.filter(area=area, pk__in=refs).values_list(
        "pk",
        "gender",
        "birth_date",
        "preferred_language",
        "municipality__code",
        "enrolment__entered_on",
        "enrolment__left_on",
        "enrolment__situation_on_leaving",
    )
    return [
        fairness.Way(
            gender=gender,
            birth_date=born,
            entered_on=entered_on,
            language=language,
            municipality=code,
            screened=tuple(screened.get(pk, ())),
            identified=tuple(identified.get(pk, ())),
            proposed=tuple(proposed.get(pk, ())),
            placed=tuple(placed.get(pk, ())),
            left_on=left_on,
            situation_on_leaving=situation or "",
        )
        for pk, gender, born, language, code, entered_on, left_on, situation in rows
    ]


def municipality_names(codes: list[str]) -> dict[str, str]:
    """Each code's municipality by its name in the language of the page."""
    return {m.code: str(localized(m, "name")) for m in Municipality.objects.filter(code__in=codes)}
