from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation

from osmari.placements.models import Placement
from osmari.reciprocity import services

NOW = "2026-11-27 12:00 +0200"
TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _frozen_time_in_english():
    # Services' messages are read in English here; pages set their language per request.
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def catalogue(area, manager):
    benefits = services.catalogue_standard_create(actor=manager, area=area)
    return {b.kind: b for b in benefits}


def at(days: int, hour: int = 9) -> datetime:
    day = TODAY + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def training(area, coach, catalogue):
    return services.event_create(
        actor=coach,
        area=area,
        benefit=catalogue["instructor_training"],
        title="Työpaikkaohjaajan peruskurssi",
        starts_at=at(10),
        ends_at=at(10, 12),
        place="Kaupungintalo",
        capacity=2,
    )


def period(client, position, start, end, ended=None, outcome="", status=None, kind="work_trial"):
    """A hand-made period record (the profile counts records; the law is tested elsewhere)."""
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
