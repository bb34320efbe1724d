"""The participant view's writes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from osmari.accounts.participant_session import participant_session_begin
from osmari.clients.consents import consent_withdraw
from osmari.clients.models import Client, Consent
from osmari.core.audit import audit_record


def participant_sign_in(
    request: HttpRequest, *, client: Client, method: str, **details: Any
) -> None:
    """Start the client's own session in this browser, with its audit event in the same
    transaction: the method (and the broker, for strong identification), never the proof."""
    with transaction.atomic():
        audit_record(
            actor=None,
            action="participant.sign_in",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes={"method": method, **details},
        )
        participant_session_begin(
            request, client_id=client.pk, area_id=client.area_id, method=method
        )


def own_consent_withdraw(*, consent: Consent) -> Consent:
    """The participant withdraws their own consent: at once, recorded as theirs (no staff
    account), with what else ends with it (`clients.consents` hooks)."""
    return consent_withdraw(actor=None, consent=consent)
