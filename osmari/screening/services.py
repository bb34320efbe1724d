"""Writes of the identification work: assessments and recorded decisions, each audited."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import transaction

from osmari.clients.models import Client, SensitiveData
from osmari.core import official
from osmari.core.audit import audit_record
from osmari.screening.cases import result_to_json
from osmari.screening.engine import Case, Organisation, PastPlacement, Result, Spell, evaluate
from osmari.screening.explanations import LANGUAGES
from osmari.screening.models import Decision, NeedsAssessment
from osmari.screening.selectors import spells_basis


def past_placements(client: Client, exclude_pk: int | None = None) -> tuple[PastPlacement, ...]:
    """The person's work-trial and wage-subsidy periods as the law counts them: planned and
    running ones to their planned end, finished ones to their actual end; cancelled ones not.
    Read through the reverse relation: placements sit below screening in the app order."""
    periods = (
        client.placements.exclude(status="cancelled")
        .exclude(pk=exclude_pk)
        .select_related("organisation", "position")
    )
    return tuple(
        PastPlacement(
            kind=p.kind,
            organisation=p.organisation.business_id,
            organisation_kind=p.organisation.kind,
            tasks=p.position.title,
            start=p.start_on,
            end=p.ended_on or p.end_on,
        )
        for p in periods
    )


def case_for_client(
    *,
    client: Client,
    on: date,
    include_sensitive: bool,
    organisation: Organisation | None = None,
    exclude_placement: int | None = None,
) -> Case:
    """The engine's case from the record. Without the right to see sensitive data, those
    facts are left unknown rather than used behind the reader's back."""
    sensitive = None
    if include_sensitive:
        sensitive = SensitiveData.objects.filter(client=client).first()
    level = client.education_level.code if client.education_level_id else None
    return Case(
        on=on,
        birth_date=client.birth_date,
        education_level=int(level) if level is not None else None,
        reduced_work_ability=sensitive.reduced_work_ability if sensitive else None,
        integration_plan=sensitive.integration_plan if sensitive else None,
        registered_jobseeker=client.registered_jobseeker,
        spells=tuple(Spell(s.status, s.start_on, s.end_on) for s in client.spells.all()),
        placements=past_placements(client, exclude_placement),
        organisation=organisation,
    )


def eligibility_for_client(*, client: Client, on: date, include_sensitive: bool) -> Result:
    return evaluate(case_for_client(client=client, on=on, include_sensitive=include_sensitive))


@transaction.atomic
def assessment_add(*, actor, client: Client, **scores: Any) -> NeedsAssessment:
    """Record a needs assessment; earlier ones stay, so progress shows over time."""
    assessment = NeedsAssessment.objects.create(client=client, assessor=actor, **scores)
    if client.last_service_on is None or assessment.assessed_on > client.last_service_on:
        client.last_service_on = assessment.assessed_on
        client.save(update_fields=["last_service_on", "updated_at"])
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
    *, actor, client: Client, proposal: str, reason: str, on: date, include_sensitive: bool
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
    if client.last_service_on is None or on > client.last_service_on:
        client.last_service_on = on
        client.save(update_fields=["last_service_on", "updated_at"])
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
    *, actor, decision: Decision, official_reference: str, official_on: date | None
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
