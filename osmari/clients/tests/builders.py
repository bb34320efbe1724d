"""Valid minimal clients for tests, made through the services so invariants hold."""

from __future__ import annotations

from datetime import date

from osmari.clients import services
from osmari.clients.models import Client
from osmari.core.identity import hetu
from osmari.core.tests.builders import TODAY

# Valid identity codes with ordinary individual numbers (002–899).
HETUS = ["131052-308T", "010101A123N", "150570-2029", "020202A002F", "311299-8997"]


def numbered_hetu(n: int) -> str:
    """The n-th (0–799) of a series of valid identity codes of people born on 1.1.1980."""
    return hetu(date(1980, 1, 1), 100 + n)


def build_client(*, actor, area, hetu: str = "131052-308T", coach=None, **fields) -> Client:
    defaults = {"first_name": "Aino", "last_name": "Esimerkki", "coach": coach}
    defaults.update(fields)
    if "municipality" not in fields:
        defaults["municipality"] = area.municipalities.order_by("code").last()
    return services.client_create(actor=actor, area=area, personal_identity_code=hetu, **defaults)


def unemployed_since(*, actor, client: Client, start: date, today: date = TODAY):
    return services.spell_add(
        actor=actor, client=client, status="unemployed", start_on=start, end_on=None, today=today
    )


def make_jobseeker(
    coach, area, code: str = "131052-308T", unemployed_from: date = date(2023, 1, 1)
) -> Client:
    """Testi Asiakas of Mikkeli (491), the coach's own client, unemployed since 1.1.2023
    (long-term unemployed by TODAY)."""
    client = services.client_create(
        actor=coach,
        area=area,
        personal_identity_code=code,
        first_name="Testi",
        last_name="Asiakas",
        municipality=area.municipalities.get(code="491"),
        coach=coach,
    )
    unemployed_since(actor=coach, client=client, start=unemployed_from)
    return client
