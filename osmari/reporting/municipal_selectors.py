"""Reads for the municipalities' co-financing and each municipality's figures.

Which municipalities a user sees is decided by `access.municipalities_for`; these functions
take the municipalities already allowed and never return a person, only counts, with small
groups hidden for those who see aggregates only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from osmari.core.models import Municipality
from osmari.feedback.suppression import suppress
from osmari.placements.models import Placement, PlacementStatus
from osmari.reporting import budget, indicators, municipal_split
from osmari.reporting.models import MunicipalShare, PlannedYear, Programme, WorkingTime
from osmari.reporting.selectors import TARGETS, count_shown, participant_records


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def costs_between(programme: Programme, start: date, end: date) -> budget.Costs:
    """The programme's costs from the hours of the months that begin within start..end (a
    working-time record is dated by its month's first day), under its flat rate and split."""
    records = WorkingTime.objects.filter(
        staff__programme=programme, month__range=(_first_of_month(start), end)
    ).values_list("hours", "hourly_rate")
    return budget.costs(
        budget.sum_salary(records), programme.flat_rate_percent, programme.public_percent
    )


def planned_costs(programme: Programme) -> budget.Costs:
    """The funding decision's plan for the whole programme, in whole euros."""
    salary = sum(
        PlannedYear.objects.filter(programme=programme).values_list("salary_costs", flat=True),
        Decimal(0),
    )
    return budget.costs(
        salary, programme.flat_rate_percent, programme.public_percent, unit=budget.EURO
    )


@dataclass(frozen=True)
class ShareRow:
    municipality: Municipality
    percent: Decimal | None  # as decided
    amount: Decimal | None  # as decided
    decision: str
    weight: Decimal  # its fraction of the municipal co-financing, 0..1
    committed: Decimal  # euros for the whole programme
    actual: Decimal  # its part of the municipal share of the period's actual costs

    @property
    def weight_percent(self) -> Decimal:
        return (self.weight * 100).quantize(Decimal("0.1"))

    @property
    def used_percent(self) -> Decimal | None:
        return budget.utilisation(self.actual, self.committed)


@dataclass(frozen=True)
class MunicipalShares:
    """The municipalities' co-financing against the actual costs of start..end."""

    start: date
    end: date
    basis: str | None  # "percent", "amount", or None before anything is decided
    percent_total: Decimal | None
    planned: budget.Costs  # the whole programme's plan
    actual: budget.Costs  # the period's costs
    rows: list[ShareRow]  # only the municipalities asked for
    whole: bool  # whether the rows are every municipality with a share

    @property
    def actual_unassigned(self) -> Decimal:
        """The municipal costs no decided share covers (per-cent shares under 100)."""
        if not self.whole:
            return Decimal(0)
        return self.actual.municipal_share - sum((row.actual for row in self.rows), Decimal(0))


def municipal_shares(
    programme: Programme,
    start: date,
    end: date,
    *,
    municipalities: Iterable[Municipality] | None = None,
) -> MunicipalShares:
    """Each municipality's decided share of the co-financing, committed euros for the whole
    programme and its part of the actual municipal costs of start..end. `municipalities`
    limits the rows to those the viewer may see (all when None); the split is always the
    whole programme's, so a row is the same whoever looks at it."""
    shares = list(
        MunicipalShare.objects.filter(programme=programme)
        .select_related("municipality")
        .order_by("municipality__name_fi", "pk")
    )
    decided = {
        share.municipality_id: municipal_split.Decided(share.percent, share.amount)
        for share in shares
    }
    planned = planned_costs(programme)
    actual = costs_between(programme, start, end)
    weights = municipal_split.weights(decided)
    committed = municipal_split.planned(planned.municipal_share, decided)
    actual_parts = municipal_split.split(actual.municipal_share, weights)
    allowed = None if municipalities is None else {m.pk for m in municipalities}
    rows = [
        ShareRow(
            municipality=share.municipality,
            percent=share.percent,
            amount=share.amount,
            decision=share.decision,
            weight=weights[share.municipality_id],
            committed=committed[share.municipality_id],
            actual=actual_parts[share.municipality_id],
        )
        for share in shares
        if allowed is None or share.municipality_id in allowed
    ]
    return MunicipalShares(
        start=start,
        end=end,
        basis=municipal_split.basis(decided),
        percent_total=municipal_split.percent_total(decided),
        planned=planned,
        actual=actual,
        rows=rows,
        whole=allowed is None or len(rows) == len(shares),
    )


# ---------------------------------------------------------------- one municipality's figures


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | None  # None: a small group, hidden


@dataclass(frozen=True)
class MunicipalityFigures:
    municipality: Municipality
    participants: list[Figure]  # total and by gender
    outcomes: list[Figure]  # situation on leaving, per target
    organisations: Figure  # host organisations in the municipality taking part
    hidden: bool


def municipality_figures(
    programme: Programme,
    municipality: Municipality,
    start: date,
    end: date,
    *,
    minimum: int,
    persons_allowed: bool,
) -> MunicipalityFigures:
    """The municipality's participants in aggregate, their situation on leaving and the
    organisations of the municipality taking part, counted as the targets count them.

    For aggregates-only viewers a group smaller than `minimum` is hidden, and by gender
    enough others that the total cannot give it away."""
    records = participant_records(
        area=programme.area, start=start, end=end, municipality=municipality
    )
    results = indicators.compute(records, [], start, end)
    hidden = False

    def shown(value: int) -> int | None:
        nonlocal hidden
        result = count_shown(value, minimum=minimum, persons_allowed=persons_allowed)
        hidden |= result is None
        return result

    by_target = {target.key: target for target in TARGETS}
    entered = results[by_target["participants"].indicator or ""]
    cells = {
        "women": entered.women,
        "men": entered.men,
        "non_binary": entered.non_binary,
        "other": entered.total - entered.women - entered.men - entered.non_binary,
    }
    decision = suppress(cells, minimum) if not persons_allowed else None
    total = shown(entered.total)
    if decision is not None and decision.total_hidden:
        total, hidden = None, True
    participants = [Figure(str(by_target["participants"].label), total)]
    for key, label in (
        ("women", _("Women")),
        ("men", _("Men")),
        ("non_binary", _("Non-binary")),
    ):
        value: int | None = cells[key]
        if decision is not None and not decision.shows(key):
            value, hidden = None, True
        participants.append(Figure(label, value))
    outcomes = [
        Figure(str(target.label), shown(len(results[target.indicator].counted)))
        for target in TARGETS
        if target.indicator and target.key != "participants"
    ]
    hosts = (
        Placement.objects.filter(
            area=programme.area,
            start_on__range=(start, end),
            client__enrolment__isnull=False,
            organisation__municipality=municipality,
        )
        .exclude(Q(status=PlacementStatus.CANCELLED))
        .values("organisation_id")
        .distinct()
        .count()
    )
    organisations = Figure(str(by_target["organisations"].label), shown(hosts))
    return MunicipalityFigures(municipality, participants, outcomes, organisations, hidden)
