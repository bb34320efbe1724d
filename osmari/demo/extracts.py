"""One register extract for the demo area, with a handful of differences for the demo coach.

The rows are written from the demo coach's own clients as a CSV file and imported through
the same service as an area's real extract, so the import page has a history and a row
report, and the reconciliation page has something to settle.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from osmari.accounts.models import User
from osmari.clients.models import Client
from osmari.core.models import EmploymentArea
from osmari.extracts.models import Extract
from osmari.extracts.services import extract_import
from osmari.placements.models import Placement, PlacementStatus

HEADER = "henkilotunnus;tietolaji;koodi;alkupvm;loppupvm;tunniste;paatospvm"
STATUS_CODES = {
    "unemployed": "tyoton",
    "employed": "tyossa",
    "education": "koulutus",
    "other_service": "palvelussa",
    "work_trial": "tyokokeilu",
    "wage_subsidy": "palkkatuki",
    "outside_labour_force": "tyovoiman_ulkopuolella",
}


def _day(value: date | None) -> str:
    return f"{value.day}.{value.month}.{value.year}" if value else ""


def _rows_for(rng: random.Random, client: Client, number: int, today: date) -> list[str]:
    """The register's view of one client: their periods, one of them a little different
    for every other client, and a plan with its reference for some."""
    code = client.personal_identity_code
    rows = []
    spells = list(client.spells.order_by("start_on"))
    for index, spell in enumerate(spells):
        start = spell.start_on
        if number % 2 == 0 and index == len(spells) - 1:
            # The register has the last period starting a few weeks later.
            start = min(start + timedelta(days=rng.randrange(14, 45)), today)
        rows.append(
            f"{code};tyonhakija;{STATUS_CODES[spell.status]};{_day(start)};{_day(spell.end_on)};;"
        )
    if number % 3 == 0:
        on = today - timedelta(days=rng.randrange(30, 300))
        rows.append(f"{code};suunnitelma;;;;TYS-{on.year}-{rng.randrange(1000, 9999)};{_day(on)}")
    return rows


def _period_rows(rng: random.Random, placement: Placement) -> list[str]:
    code = placement.client.personal_identity_code
    service = "tyokokeilu" if placement.kind == "work_trial" else "palkkatuki"
    prefix = "TK" if placement.kind == "work_trial" else "PT"
    reference = f"{prefix}-{placement.start_on.year}-{rng.randrange(100, 999)}"
    decided = placement.start_on - timedelta(days=rng.randrange(5, 20))
    end = placement.last_day
    if rng.random() < 0.3:
        end = end - timedelta(days=rng.randrange(3, 15))
    return [
        f"{code};palvelu;{service};{_day(placement.start_on)};{_day(end)};{reference};"
        f"{_day(decided)}"
    ]


def seed_extract(rng: random.Random, area: EmploymentArea, coach: User, today: date) -> None:
    """Import one extract into the demo area, unless it has one already."""
    if Extract.objects.filter(area=area).exists():
        return
    clients = list(
        Client.objects.filter(area=area, coach=coach, spells__isnull=False)
        .distinct()
        .order_by("pk")[:8]
    )
    rows: list[str] = []
    for number, client in enumerate(clients):
        rows += _rows_for(rng, client, number, today)
    placements = Placement.objects.filter(
        area=area,
        client__coach=coach,
        status__in=[PlacementStatus.ACTIVE, PlacementStatus.ENDED],
        start_on__lte=today,
    ).select_related("client")[:4]
    for placement in placements:
        rows += _period_rows(rng, placement)
    if clients:
        # A code the area's mapping does not know: the row report shows what to do.
        code = clients[0].personal_identity_code
        rows.append(f"{code};tyonhakija;99;{_day(today - timedelta(days=10))};;;")
    content = "\n".join([HEADER, *rows]) + "\n"
    extract_import(
        actor=None,
        area=area,
        upload=SimpleUploadedFile("demo-rekisteriote.csv", content.encode()),
        extracted_on=today - timedelta(days=3),
        today=today,
    )
