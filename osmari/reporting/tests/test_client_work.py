"""The progress report's client-work section: people, activities and hours by kind, from
the coaches' records, with small groups hidden from those who see aggregates only."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from osmari.clients import coaching
from osmari.clients.models import ActivityKind
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.reporting import reports

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 15)
START, END = date(2026, 1, 1), date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def work(area, coach):
    """Eight people: individual coaching for six (an hour each), job search support for two
    (30 min each), study guidance for four (45 min each), one group session of two hours
    with seven present and one absent; and one activity before the period."""
    coaching.kinds_ensure(area=area)
    kinds = {k.code: k for k in ActivityKind.objects.filter(area=area)}
    people = [
        build_client(actor=coach, area=area, coach=coach, hetu=numbered_hetu(n)) for n in range(8)
    ]

    def individual(code, client, minutes, on=date(2026, 3, 2)):
        coaching.activity_record(
            actor=coach,
            client=client,
            kind=kinds[code],
            occurred_on=on,
            minutes=minutes,
            today=TODAY,
        )

    for client in people[:6]:
        individual("individual", client, 60)
    for client in people[:2]:
        individual("job_search", client, 30)
    for client in people[2:6]:
        individual("study_guidance", client, 45)
    individual("workplace_visit", people[7], 60, on=date(2025, 12, 31))
    coaching.group_session_record(
        actor=coach,
        area=area,
        kind=kinds["group"],
        occurred_on=date(2026, 6, 30),
        minutes=120,
        attendance={client: n != 7 for n, client in enumerate(people)},
        today=TODAY,
    )
    return people


def table(lines):
    return [(line.label, line.people, line.activities, line.hours) for line in lines]


def test_the_manager_gets_every_kind_with_its_people_and_hours(area, work):
    lines, total = reports.client_work(area, START, END, minimum=5, persons_allowed=True)
    assert table(lines) == [
        ("Yksilövalmennus", 6, 6, Decimal("6.0")),
        ("Ryhmävalmennus", 7, 1, Decimal("2.0")),
        ("Työnhaun tuki", 2, 2, Decimal("1.0")),
        ("Opinto-ohjaus", 4, 4, Decimal("3.0")),
    ]
    # Seven different people were present; the workplace visit was before the period.
    assert table([total])[0][1:] == (7, 13, Decimal("12.0"))


def test_small_groups_are_hidden_with_enough_others_that_they_cannot_be_worked_out(area, work):
    lines, total = reports.client_work(area, START, END, minimum=5, persons_allowed=False)
    # Two people for job search support are too few; study guidance (four) goes with it, so
    # that the two together hold at least five and neither follows from the total.
    assert table(lines) == [
        ("Yksilövalmennus", 6, 6, Decimal("6.0")),
        ("Ryhmävalmennus", 7, 1, Decimal("2.0")),
        ("Työnhaun tuki", None, None, None),
        ("Opinto-ohjaus", None, None, None),
    ]
    assert table([total])[0][1:] == (7, 13, Decimal("12.0"))


def test_a_period_with_too_few_people_shows_no_numbers_at_all(area, coach, work):
    lines, total = reports.client_work(
        area, date(2025, 12, 1), date(2025, 12, 31), minimum=5, persons_allowed=False
    )
    assert table(lines) == [("Työpaikkakäynti", None, None, None)]
    assert table([total])[0][1:] == (None, None, None)


def test_the_analysts_workbook_has_the_section_with_small_groups_hidden(
    login, analyst, programme, work
):
    client = login(analyst)
    client.cookies["django_language"] = "en"
    response = client.get(
        f"/programme/{programme.pk}/report/",
        {"start": START.isoformat(), "end": END.isoformat(), "format": "xlsx"},
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Client work"].iter_rows(values_only=True))
    assert rows[0] == ("Kind of activity", "People", "Number of activities", "Hours")
    by_kind = {row[0]: row[1:] for row in rows[1:]}
    assert by_kind["Job search support"] == ("–", "–", "–")
    assert by_kind["Individual coaching"] == (6, 6, 6)
    assert by_kind["All client work"][0] == 7


def test_the_managers_pdf_has_the_client_work_section(login, manager, programme, work):
    from pypdf import PdfReader

    client = login(manager)
    client.cookies["django_language"] = "en"
    response = client.get(
        f"/programme/{programme.pk}/report/",
        {"start": START.isoformat(), "end": END.isoformat(), "format": "pdf"},
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "4. Client work" in text
    assert "Job search support" in text and "All client work" in text
