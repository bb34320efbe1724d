"""The last service date that the worklist reads moves in one place, forward only."""

from __future__ import annotations

from datetime import date

import pytest

from osmari.clients.models import Client
from osmari.clients.services import client_served
from osmari.clients.tests.builders import build_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_record(coach, area) -> Client:
    return build_client(actor=coach, area=area, coach=coach)


def _stored(client: Client) -> date | None:
    return Client.objects.get(pk=client.pk).last_service_on


def test_a_later_service_moves_the_date_and_an_earlier_one_does_not(client_record):
    client_served(client_record, date(2026, 11, 20))
    assert _stored(client_record) == date(2026, 11, 20)
    client_served(client_record, date(2026, 10, 1))
    assert _stored(client_record) == date(2026, 11, 20)
    client_served(client_record, date(2026, 11, 25))
    assert _stored(client_record) == date(2026, 11, 25)


def test_a_service_dated_ahead_counts_as_served_today(client_record):
    client_served(client_record, date(2026, 12, 15), today=date(2026, 11, 27))
    assert _stored(client_record) == date(2026, 11, 27)
    client_served(client_record, date(2026, 11, 1), today=date(2026, 11, 27))
    assert _stored(client_record) == date(2026, 11, 27)
