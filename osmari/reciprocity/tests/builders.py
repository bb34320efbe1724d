"""Reciprocity records for tests: events, local subsidy schemes and their decisions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from osmari.core.tests.builders import TODAY
from osmari.reciprocity import services
from osmari.reciprocity.models import Event, SubsidyCommitment, SubsidyScheme


def at(days: int, hour: int = 9) -> datetime:
    """An aware time `days` after TODAY, on the hour."""
    day = TODAY + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def make_event(area, actor, benefit, *, days: int = 10, capacity: int = 2, **fields) -> Event:
    """A morning's training `days` after TODAY at the town hall."""
    values = {
        "title": "Työpaikkaohjaajan peruskurssi",
        "starts_at": at(days),
        "ends_at": at(days, 12),
        "place": "Kaupungintalo",
        "capacity": capacity,
    }
    values.update(fields)
    return services.event_create(actor=actor, area=area, benefit=benefit, **values)


def make_scheme(area, manager, budget: str = "1000.00", **extra) -> SubsidyScheme:
    """A scheme of 300 € a month for at most six months, with `budget` for the year 2026."""
    values = {
        "name": "Työllistämislisä",
        "year": 2026,
        "who": "Pitkään työttömänä olleen palkkaava työnantaja",
        "basis": "amount",
        "monthly_amount": Decimal("300.00"),
        "max_months": 6,
        "budget": Decimal(budget),
    }
    values.update(extra)
    return services.scheme_create(actor=manager, area=area, **values)


def make_commitment(
    manager,
    scheme,
    organisation,
    number: str,
    months: int = 3,
    decided_on: date = TODAY,
    **declaration,
) -> SubsidyCommitment:
    """The manager's decision number `number` for the organisation, bound to the budget. An
    undertaking declares no other de minimis aid unless `declaration` says otherwise."""
    declaration = {"other_aid_declared": Decimal(0), "declared_on": decided_on} | declaration
    return services.commitment_make(
        actor=manager,
        scheme=scheme,
        organisation=organisation,
        decision_number=number,
        decided_on=decided_on,
        months=months,
        **declaration,
    )
