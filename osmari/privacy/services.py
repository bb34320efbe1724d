"""Writes of the privacy app: the record that everything held about a person was given out."""

from __future__ import annotations

from django.db import transaction

from osmari.clients.models import Client
from osmari.core.audit import Actor, disclosure_recorded, persons_read, recipient_ref
from osmari.core.models import AuditEvent

# Why the person's data was read: their own request to see it (GDPR art. 15).
ACCESS_REQUEST = "data subject access request (GDPR art. 15)"


@transaction.atomic
def person_export_recorded(
    *, actor: Actor, client: Client, fmt: str, recipient: str = ""
) -> AuditEvent:
    """Everything held about the person left the service: the read is recorded naming them
    and why, and the file as a disclosure to whoever took it (by default the user; the
    person themself when the file is made for them on the server)."""
    persons_read(actor=actor, persons=[client], part="export", reason=ACCESS_REQUEST)
    return disclosure_recorded(
        actor=actor,
        action="person.export",
        recipient=recipient or recipient_ref(actor) or client.person_ref,
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"format": [None, fmt]},
    )
