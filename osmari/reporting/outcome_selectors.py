"""Reads for the outcomes pages: the participants as the indicators read them, with their
work-trial and wage-subsidy periods, so that the groups by instrument, host and position kind
add up to the same ESF+ indicators as the groups by gender or municipality.

The area is the programme's, which the view has checked the user may see (`access.may`).

What a viewer may see of the groups is decided here too (`outcome_groups_as_seen`,
`outcome_counts_shown`), so that the pages and the API hide the same counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from django.utils.translation import gettext_lazy

from osmari.core.models import EmploymentArea, Municipality
from osmari.employers.models import Organisation
from osmari.placements.models import Placement, PlacementStatus
from osmari.reporting import outcomes, periods
from osmari.reporting.group_labels import GROUP_LABELS
from osmari.reporting.selectors import outcome_people

INSTRUMENT_LABELS = {
    "work_trial": gettext_lazy("Work trial"),
    "wage_subsidy_professional_skills": gettext_lazy("Wage subsidy: lack of professional skills"),
    "wage_subsidy_reduced_work_ability": gettext_lazy("Wage subsidy: reduced work ability"),
    "wage_subsidy_association": gettext_lazy(
        "Wage subsidy: association, foundation or religious community"
    ),
    "wage_subsidy_age_55_plus": gettext_lazy("Wage subsidy: aged 55 or over"),
    "wage_subsidy": gettext_lazy("Wage subsidy, track not recorded"),
    "none": gettext_lazy("No work trial or wage subsidy"),
}
POSITION_KIND_LABELS = {
    "work_trial": gettext_lazy("Work-trial position"),
    "wage_subsidy": gettext_lazy("Wage-subsidy position"),
    "both": gettext_lazy("Work trial or wage subsidy"),
    "none": gettext_lazy("No period"),
}


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


def group_labels(by: str, keys: list[str], area: EmploymentArea) -> dict[str, str]:
    """Each group's name in the user's language."""
    if by == "instrument":
        return {key: str(INSTRUMENT_LABELS.get(key, key)) for key in keys}
    if by == "position_kind":
        return {key: str(POSITION_KIND_LABELS.get(key, key)) for key in keys}
    if by == "host":
        names = host_names(keys, area=area)
        return {key: names.get(key, str(INSTRUMENT_LABELS["none"])) for key in keys}
    if by == "municipality":
        names = municipality_names(keys)
        return {key: f"{names.get(key, key)} ({key})" for key in keys}
    return {key: str(GROUP_LABELS.get(key, key)) for key in keys}


# --- what a viewer may see -----------------------------------------------------------------

# Grouped by instrument, one group is the wage subsidy's track for reduced work ability:
# being in it is health data, which the period's own page shows only to those who may see it.
HEALTH_GROUP = "wage_subsidy_reduced_work_ability"


def outcome_groups_as_seen(
    *,
    area: EmploymentArea,
    start: date,
    end: date,
    by: outcomes.Grouping,
    persons_allowed: bool,
) -> tuple[dict[str, dict[str, int]], date, date, bool]:
    """The groups, the period they were counted over and whether they may be shown exactly.

    The period is taken as given: a viewer without the right to see people has it widened
    first (`selectors.period_as_seen`). Where the health group is smaller than the minimum
    (but not empty), everyone, the manager too, sees the table as aggregates-only viewers do:
    whole months and small groups hidden with their complement, so that no one's track can be
    read from a count of one."""
    groups = outcome_page_groups(area=area, start=start, end=end, by=by)
    minimum = area.min_group_size
    small = any(0 < count < minimum for count in groups.get(HEALTH_GROUP, {}).values())
    if persons_allowed and small:
        start, end = periods.whole_months(start, end)
        return outcome_page_groups(area=area, start=start, end=end, by=by), start, end, False
    return groups, start, end, persons_allowed


def outcome_counts_shown(
    groups: dict[str, dict[str, int]], *, minimum: int, persons_allowed: bool
) -> tuple[dict[str, dict[str, int | None]], dict[str, int | None]]:
    """The groups' counts and their total as the viewer may see them (None for a hidden
    count): small groups hidden with their complement for aggregates-only viewers, by the
    same rule as the indicator page (`feedback.suppression.suppress`, via `hide_small`)."""
    if not persons_allowed:
        return outcomes.hide_small(groups, minimum)
    shown: dict[str, dict[str, int | None]] = {k: dict(v) for k, v in groups.items()}
    total: dict[str, int | None] = {
        name: sum(g[name] for g in groups.values()) for name in outcomes.PAGE_COUNTS
    }
    return shown, total
