"""Periods (work trials and wage-subsidy periods) for tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from osmari.placements import services
from osmari.placements.models import Placement
from osmari.placements.services import PeriodFields


def trial(start: date, end: date, **extra) -> PeriodFields:
    """The fields of a work trial of four six-hour days a week."""
    values = {
        "kind": "work_trial",
        "start_on": start,
        "end_on": end,
        "days_per_week": 4,
        "hours_per_day": Decimal(6),
    }
    values.update(extra)
    return PeriodFields(**values)


def make_period(coach, client, position, start: date, end: date, **extra) -> Placement:
    """A planned work trial, checked whole by the service like one planned on the page."""
    return services.placement_create(
        actor=coach, client=client, position=position, fields=trial(start, end, **extra)
    )


def period_record(
    client, position, start, end, ended=None, outcome="", status=None, kind="work_trial"
) -> Placement:
    """A hand-made period record, past the rules: for tests that count periods (the rules
    themselves are tested through the service)."""
    return Placement.objects.create(
        area=client.area,
        client=client,
        position=position,
        organisation=position.organisation,
        kind=kind,
        status=status or ("ended" if ended else "active"),
        start_on=start,
        end_on=end,
        ended_on=ended,
        days_per_week=4,
        hours_per_day=Decimal(6),
        outcome=outcome,
        rules_version="2025-01-01",
        created_by=client.coach,
    )
