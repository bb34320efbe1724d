"""Valid minimal clients for tests, made through the services so invariants hold."""

from __future__ import annotations

from datetime import date

from osmari.clients import services
from osmari.clients.models import Client

# Valid identity codes with ordinary individual numbers (002–899).
HETUS = ["131052-308T", "010101A123N", "150570-2029", "020202A002F", "311299-8997"]


def build_client(*, actor, area, hetu: str = "131052-308T", coach=None, **fields) -> Client:
    defaults = {"first_name": "Aino", "last_name": "Esimerkki", "coach": coach}
    defaults.update(fields)
    if "municipality" not in fields:
        defaults["municipality"] = area.municipalities.order_by("code").last()
    return services.client_create(actor=actor, area=area, personal_identity_code=hetu, **defaults)


def unemployed_since(*, actor, client: Client, start: date, today: date = date(2026, 11, 27)):
    return services.spell_add(
        actor=actor, client=client, status="unemployed", start_on=start, end_on=None, today=today
    )
