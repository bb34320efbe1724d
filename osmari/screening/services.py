"""Writes of the identification work: assessments and recorded decisions, each audited."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import transaction

from osmari.accounts.models import User
from osmari.clients.models import Client
from osmari.clients.services import client_served
from osmari.core import official
from osmari.core.audit import audit_record
from osmari.screening.cases import result_to_json
from osmari.screening.engine import Result, evaluate
from osmari.screening.explanations import LANGUAGES
from osmari.screening.models import Decision, NeedsAssessment
from osmari.screening.records import case_for_client
from osmari.screening.selectors import spells_basis


def eligibility_for_client(*, client: Client, on: date, include_sensitive: bool) -> Result:
    return evaluate(case_for_client(client=client, on=on, include_sensitive=include_sensitive))


@transaction.atomic
def assessment_add(*, actor: User, client: Client, **scores: Any) -> NeedsAssessment:
    """Record a needs assessment; earlier ones stay, so progress shows over time."""
    assessment = NeedsAssessment.objects.create(client=client, assessor=actor, **scores)
    client_served(client, assessment.assessed_on)
    audit_record(
        actor=actor,
        action="assessment.add",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
    )
    return assessment


@transaction.atomic
def decision_record(
    *, actor: User, client: Client, proposal: str, reason: str, on: date, include_sensitive: bool
) -> Decision:
    """A person decides: the proposal and reason are stored with the engine result and rules."""
    result = eligibility_for_client(client=client, on=on, include_sensitive=include_sensitive)
    decision = Decision.objects.create(
        client=client,
        proposal=proposal,
        reason=reason,
        decided_on=on,
        decided_by=actor,
        rules_version=result.rules_version,
        # In every language, so the client can read the explanation in their own.
        engine_result={
            "results": {lang: result_to_json(result, lang) for lang in LANGUAGES},
            "unemployment": {k: str(v) for k, v in asdict(result.unemployment).items()},
            # Said on the explanation: a result on typed periods was an estimate.
            "estimate": spells_basis(client) == "estimate",
        },
    )
    client_served(client, on)
    audit_record(
        actor=actor,
        action="decision.record",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        reason=reason,
        changes={"proposal": [None, proposal], "rules_version": [None, result.rules_version]},
    )
    return decision


@transaction.atomic
def decision_reference_set(
    *, actor: User, decision: Decision, official_reference: str, official_on: date | None
) -> Decision:
    """Record the reference and date of the statutory decision made in the national system on
    this proposal, or correct them; the proposal itself stays as it was recorded."""
    official.link_recorded(
        actor=actor,
        record=decision,
        official_reference=official_reference,
        official_on=official_on,
        action="decision.reference",
        client=decision.client,
    )
    return decision
