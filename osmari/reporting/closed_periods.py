"""What the end of retention needs from reporting (registered in
`osmari.core.retention_hooks`): the numbers of each closed reporting period, kept as reported
before anyone's rows are destroyed, and the programme's own records for the archive."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from osmari.core import retention_hooks
from osmari.core.models import EmploymentArea
from osmari.reporting import indicators, periods, selectors
from osmari.reporting.models import (
    CompetenceGoal,
    PlannedYear,
    Programme,
    StaffMember,
    StaffTraining,
    WorkingTime,
)


def programmes(area: EmploymentArea) -> list[retention_hooks.Programme]:
    return [
        retention_hooks.Programme(pk, starts_on, ends_on)
        for pk, starts_on, ends_on in Programme.objects.filter(area=area).values_list(
            "pk", "starts_on", "ends_on"
        )
    ]


def _as_reported(results: dict[str, indicators.Result]) -> dict[str, Any]:
    return {
        code: {**result.as_json(), "population": result.population}
        for code, result in results.items()
    }


def closed_periods(
    area: EmploymentArea, today: date, known: set[tuple[int, date, date]]
) -> list[retention_hooks.ClosedPeriod]:
    """Each payment-claim period of the area's programmes that ended before `today` and is
    not `known`: its indicators, and each target in the period and to its end."""
    found = []
    targeted = [indicators.BY_CODE[t.indicator] for t in selectors.TARGETS if t.indicator]
    for programme in Programme.objects.filter(area=area):
        for span in periods.spans(
            programme.starts_on, programme.ends_on, programme.claim_period_months
        ):
            if span.end >= today or (programme.pk, span.start, span.end) in known:
                continue
            in_period = selectors.indicator_results(area=area, start=span.start, end=span.end)
            records = selectors.participant_records(
                area=area, start=programme.starts_on, end=span.end
            )
            to_date = indicators.compute(records, [], programme.starts_on, span.end, targeted)
            targets = [
                {
                    "key": t.key,
                    "target": getattr(programme, t.field),
                    "in_period": in_period[t.indicator].total if t.indicator else None,
                    "to_date": to_date[t.indicator].total if t.indicator else None,
                }
                for t in selectors.TARGETS
            ]
            found.append(
                retention_hooks.ClosedPeriod(
                    programme.pk, span.start, span.end, _as_reported(in_period), targets
                )
            )
    return found


def programme_records(pk: int) -> list[Any]:
    """The programme, its plan, staff, their hours, goals and trainings: what the archive
    receives when the programme's retention ends."""
    return [
        *Programme.objects.filter(pk=pk),
        *PlannedYear.objects.filter(programme_id=pk),
        *StaffMember.objects.filter(programme_id=pk),
        *WorkingTime.objects.filter(staff__programme_id=pk),
        *CompetenceGoal.objects.filter(staff__programme_id=pk),
        *StaffTraining.objects.filter(staff__programme_id=pk),
    ]


@transaction.atomic
def programme_remove(pk: int) -> None:
    """Remove the programme's records once the archive has them; hours are protected from
    an accidental removal of their staff member, so they go first."""
    WorkingTime.objects.filter(staff__programme_id=pk).delete()
    Programme.objects.filter(pk=pk).delete()
