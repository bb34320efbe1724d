"""Screening records for tests, recorded through the service with the engine's result."""

from __future__ import annotations

from datetime import date

from osmari.core.tests.builders import TODAY
from osmari.screening.models import Decision
from osmari.screening.services import decision_record


def make_decision(
    coach,
    client,
    *,
    proposal: str = "work_trial",
    reason: str = "Kokeillaan.",
    on: date = TODAY,
    include_sensitive: bool = True,
) -> Decision:
    """The coach's decision to propose a work trial, with the rules in force on `on`."""
    return decision_record(
        actor=coach,
        client=client,
        proposal=proposal,
        reason=reason,
        on=on,
        include_sensitive=include_sensitive,
    )
