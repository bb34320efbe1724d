"""Reads for the work-trial figures per host organisation (`placements.trial_patterns`).

The figures are about organisations, never about a person: they are read for the
organisations the user may see (`access.organisations_for`), whoever the coach of each trial
is, so that a coach kept to their own caseload still sees the organisation's whole picture.
The interruptions by reason hide small numbers from those who see aggregates only, and never
name health as a reason."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from osmari.accounts import access
from osmari.core.models import EmploymentArea, Occupation
from osmari.employers.models import StaffReduction
from osmari.placements import trial_patterns
from osmari.placements.models import Outcome, Placement, PlacementKind, PlacementStatus
from osmari.reporting.selectors import count_shown

PERMISSION = "trials.patterns"


@dataclass(frozen=True)
class HostRow:
    figures: trial_patterns.Figures
    # Interruptions by reason as the viewer may see them (None: a small number, hidden).
    interruptions: list[tuple[str, int | None]]


def thresholds_of(area: EmploymentArea) -> trial_patterns.Thresholds:
    return trial_patterns.Thresholds(
        successive_limit=area.trial_successive_limit,
        min_count=area.trial_min_count,
        onward_share=Decimal(area.trial_onward_share),
    )


def _hosts(organisations: QuerySet, today: date) -> list[trial_patterns.Host]:
    """The organisations' trials, hires and reductions in the window: four queries."""
    first_day = trial_patterns.window_start(today)
    periods = (
        Placement.objects.filter(organisation__in=organisations, start_on__gte=first_day)
        .exclude(status=PlacementStatus.CANCELLED)
        .values(
            "organisation_id",
            "client_id",
            "kind",
            "position_id",
            "position__title",
            "position__occupation_id",
            "start_on",
            "end_on",
            "ended_on",
            "status",
            "outcome",
            "interruption_reason",
        )
    )
    trials: dict[int, list[trial_patterns.Trial]] = defaultdict(list)
    hires: dict[int, list[trial_patterns.Hire]] = defaultdict(list)
    occupations: set[int] = set()
    rows = list(periods)
    for row in rows:
        if row["position__occupation_id"] is not None:
            occupations.add(row["position__occupation_id"])
    reductions = list(
        StaffReduction.objects.filter(organisation__in=organisations)
        .filter(Q(last_on__isnull=True) | Q(last_on__gte=first_day))
        .select_related("position", "occupation")
    )
    labels = _occupation_labels(occupations)
    for row in rows:
        last_day = row["ended_on"] or row["end_on"]
        occupation = row["position__occupation_id"]
        if row["kind"] == PlacementKind.WORK_TRIAL and row["start_on"] <= today:
            trials[row["organisation_id"]].append(
                trial_patterns.Trial(
                    person=row["client_id"],
                    position=row["position_id"],
                    position_title=row["position__title"],
                    occupation=occupation,
                    occupation_label=labels.get(occupation, ""),
                    start=row["start_on"],
                    end=last_day,
                    status=row["status"],
                    outcome=row["outcome"],
                    interruption_reason=row["interruption_reason"],
                )
            )
        if row["kind"] == PlacementKind.WAGE_SUBSIDY:
            hires[row["organisation_id"]].append(
                trial_patterns.Hire(row["start_on"], row["position_id"], occupation)
            )
        elif row["outcome"] == Outcome.EMPLOYED_SAME:
            hires[row["organisation_id"]].append(
                trial_patterns.Hire(last_day, row["position_id"], occupation)
            )
    recorded: dict[int, list[trial_patterns.Reduction]] = defaultdict(list)
    for reduction in reductions:
        recorded[reduction.organisation_id].append(
            trial_patterns.Reduction(
                kind=reduction.kind,
                first_on=reduction.first_on,
                last_on=reduction.last_on,
                position=reduction.position_id,
                occupation=reduction.occupation_id,
                label="; ".join(
                    str(part)
                    for part in (reduction.position, reduction.occupation, reduction.tasks)
                    if part
                ),
            )
        )
    return [
        trial_patterns.Host(
            pk=organisation.pk,
            name=organisation.name,
            kind=organisation.kind,
            trials=tuple(trials[organisation.pk]),
            hires=tuple(hires[organisation.pk]),
            reductions=tuple(recorded[organisation.pk]),
        )
        for organisation in organisations.filter(pk__in=list(trials)).only("pk", "name", "kind")
    ]


def _occupation_labels(pks: set[int]) -> dict[int, str]:
    if not pks:
        return {}
    return {occupation.pk: str(occupation) for occupation in Occupation.objects.filter(pk__in=pks)}


def trial_figures(
    organisations: QuerySet, area: EmploymentArea, today: date
) -> list[trial_patterns.Figures]:
    thresholds = thresholds_of(area)
    return [
        trial_patterns.figures(host, thresholds, today)
        for host in _hosts(organisations.filter(area=area), today)
    ]


def _without_health(reasons: dict[str, int]) -> dict[str, int]:
    """A health interruption counts as "other reason" here, for everyone: health is
    special-category data, which the period's own page shows only to those who may see it,
    and a count of one beside an organisation would name the person to anyone who knows
    whose trial there was interrupted."""
    merged = {reason: count for reason, count in reasons.items() if reason != "health"}
    if reasons.get("health"):
        merged["other"] = merged.get("other", 0) + reasons["health"]
    return dict(sorted(merged.items()))


def trial_rows_for_user(*, user, area: EmploymentArea, today: date) -> list[HostRow]:
    """The area's organisations with work trials in the last three years, those worth a look
    first, then by the number of trials."""
    organisations = access.organisations_for(user, PERMISSION)
    persons_allowed = access.may(user, "reporting.persons", area)
    rows = [
        HostRow(
            figures,
            [
                (
                    reason,
                    count_shown(
                        count, minimum=area.min_group_size, persons_allowed=persons_allowed
                    ),
                )
                for reason, count in _without_health(figures.interruptions).items()
            ],
        )
        for figures in trial_figures(organisations, area, today)
    ]
    return sorted(rows, key=lambda r: (not r.figures.patterns, -r.figures.trials, r.figures.name))


def organisation_figures_for_user(
    *, user, organisation, today: date
) -> trial_patterns.Figures | None:
    """One organisation's figures, for the notice on its page."""
    if not access.may(user, PERMISSION, organisation):
        return None
    organisations = access.organisations_for(user, PERMISSION).filter(pk=organisation.pk)
    found = trial_figures(organisations, organisation.area, today)
    return found[0] if found else None
