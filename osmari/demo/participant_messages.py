"""What a few demo participants wrote to their coach on their own pages, so that the coach's
start page and the list of participants' messages show some."""

from __future__ import annotations

from osmari.clients.models import Client
from osmari.core.models import EmploymentArea
from osmari.participants.models import MessageKind, MessageToCoach

MESSAGES = [
    (MessageKind.CORRECTION, "Puhelinnumeroni on vaihtunut. Uusi numero on 040 555 0123."),
    (MessageKind.NOTE, "Voisinko siirtää ensi viikon tapaamisen iltapäivään?"),
    (MessageKind.NOTE, "Sain trukkikortin valmiiksi!"),
]


def seed_participant_messages(area: EmploymentArea) -> int:
    """A message or two from the first coached clients; nothing when the area has some."""
    if MessageToCoach.objects.filter(area=area).exists():
        return 0
    clients = Client.objects.filter(area=area, coach__isnull=False).order_by("pk")[: len(MESSAGES)]
    MessageToCoach.objects.bulk_create(
        MessageToCoach(area=area, client=client, kind=kind, text=text)
        for client, (kind, text) in zip(clients, MESSAGES, strict=False)
    )
    return min(len(MESSAGES), len(clients))
