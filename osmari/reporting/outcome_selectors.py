"""Reads for the outcomes pages: the participants as the indicators read them, with their
work-trial and wage-subsidy periods, so that the groups by instrument, host and position kind
add up to the same ESF+ indicators as the groups by gender or municipality.

The area is the programme's, which the view has checked the user may see (`access.may`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from osmari.core.models import EmploymentArea, Municipality
from osmari.employers.models import Organisation
from osmari.placements.models import Placement, PlacementStatus
from osmari.reporting import outcomes
from osmari.reporting.selectors import outcome_people


def outcome_people_with_periods(
    *, area: EmploymentArea | None, start: date, end: date
) -> list[outcomes.Person]:
    """`outcome_people` with each person's periods: four queries whatever the number."""
    people = outcome_people(area=area, start=start, end=end)
    placements = Placement.objects.filter(client_id__in=[p.participant.ref for p in people])
    if area is not None:
        placements = placements.filter(area=area)
    found: dict[int, list[outcomes.Period]] = defaultdict(list)
    for (
        client_id,
        kind,
        track,
        host,
        position_kind,
        status,
        start_on,
        end_on,
        ended_on,
    ) in placements.exclude(status=PlacementStatus.CANCELLED).values_list(
        "client_id",
        "kind",
        "track",
        "organisation_id",
        "position__kind",
        "status",
        "start_on",
        "end_on",
        "ended_on",
    ):
        found[client_id].append(
            outcomes.Period(
                kind=kind,
                track=track,
                host=str(host),
                position_kind=position_kind,
                status=status,
                start_on=start_on,
                last_day=ended_on or end_on,
            )
        )
    return [replace(p, periods=tuple(found.get(p.participant.ref, ()))) for p in people]


def outcome_page_groups(
    *, area: EmploymentArea | None, start: date, end: date, by: outcomes.Grouping
) -> dict[str, dict[str, int]]:
    """Every count per group, with those followed up (the six-month share's denominator)."""
    people = outcome_people_with_periods(area=area, start=start, end=end)
    return outcomes.by_group(people, by, start, end, followed_up=True)


def host_names(keys: list[str], *, area: EmploymentArea) -> dict[str, str]:
    """The names of the host organisations among the keys (an organisation's name is not
    personal data); only the area's own organisations."""
    pks = [int(key) for key in keys if key.isascii() and key.isdigit()]
    return {
        str(pk): name
        for pk, name in Organisation.objects.filter(area=area, pk__in=pks).values_list("pk", "name")
    }


def municipality_names(codes: list[str]) -> dict[str, str]:
    """Each municipality's name in the user's language, by its three-digit code."""
    return {m.code: str(m) for m in Municipality.objects.filter(code__in=codes)}
