"""Proposals of people to host organisations' places: the coach proposes or withdraws, the
host accepts or declines with its reason. Each is checked, saved whole and audited in the
same transaction; an accepted proposal leads the coach to plan the period."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.clients.choices import ConsentPurpose
from osmari.clients.models import Client, Consent
from osmari.core.audit import CHANGED, audit_record
from osmari.employers.models import Position, PositionKind
from osmari.employers.services import require_sharing_consent, sharing_consent
from osmari.placements import notices
from osmari.placements.models import (
    DeclineReason,
    PlacementKind,
    Proposal,
    ProposalStatus,
)

# The period kinds each kind of place offers.
KINDS_OF_PLACE = {
    PositionKind.WORK_TRIAL: {PlacementKind.WORK_TRIAL},
    PositionKind.WAGE_SUBSIDY: {PlacementKind.WAGE_SUBSIDY},
    PositionKind.BOTH: {PlacementKind.WORK_TRIAL, PlacementKind.WAGE_SUBSIDY},
}


def _check_proposal(client: Client, position: Position, kind: str, note: str) -> None:
    problems = {}
    if position.organisation.area_id != client.area_id or position.is_paused:
        problems["position"] = _("Choose an open place of the person's own area.")
    elif kind not in KINDS_OF_PLACE.get(position.kind, set()):
        problems["kind"] = _("The place does not offer this kind of period.")
    if not note:
        problems["note"] = _(
            "Write the host a few words: why this person and this place, and when they could start."
        )
    if problems:
        raise ValidationError(problems)
    # The proposal shows the person to the host: only with their consent to share.
    require_sharing_consent(client, position.organisation)
    if Proposal.objects.filter(client=client, position=position, status="proposed").exists():
        raise ValidationError(
            _("This person has already been proposed to this place and the answer is awaited.")
        )


@transaction.atomic
def proposal_create(
    *, actor: User, client: Client, position: Position, kind: str, note: str
) -> Proposal:
    """Propose a person to a place: one open proposal per person and place, and only with
    the person's consent to share their profile with the host."""
    note = note.strip()
    _check_proposal(client, position, kind, note)
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                area=client.area,
                client=client,
                position=position,
                organisation=position.organisation,
                kind=kind,
                note=note,
                proposed_by=actor,
            )
    except IntegrityError:
        # Another coach proposed the same person to the same place a moment ago.
        raise ValidationError(
            _("This person has already been proposed to this place and the answer is awaited.")
        ) from None
    audit_record(
        actor=actor,
        action="placement.proposal",
        obj=proposal,
        area=client.area,
        person_ref=client.person_ref,
        changes={
            "position": [None, str(position.pk)],
            "kind": [None, kind],
            "note": CHANGED,
        },
    )
    notices.proposal_notice(actor=actor, proposal=proposal)
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    """The proposal as it is now, held until the transaction ends: two answers at once
    cannot both be saved."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.status = current.status
    proposal.answered_at, proposal.withdrawn_at = current.answered_at, current.withdrawn_at
    return proposal


def _closed_message(proposal: Proposal) -> str:
    if proposal.status == ProposalStatus.WITHDRAWN:
        return _("The coach has withdrawn this proposal.")
    return _("This proposal was already answered on %(day)s: %(answer)s.") % {
        "day": date_format(timezone.localtime(proposal.answered_at), "SHORT_DATE_FORMAT"),
        "answer": proposal.get_status_display().lower(),
    }


@transaction.atomic
def proposal_answer(
    *,
    actor: User,
    proposal: Proposal,
    accept: bool,
    decline_reason: str = "",
    note: str = "",
) -> Proposal:
    """The host's answer, once: an acceptance, or a refusal with its reason from the list
    (and in words when the reason is "other")."""
    note = note.strip()
    problems = {}
    if not accept:
        if decline_reason not in DeclineReason.values:
            problems["decline_reason"] = _("Choose the reason for saying no.")
        elif decline_reason == DeclineReason.OTHER and not note:
            problems["note"] = _("Write the reason in a few words.")
    if problems:
        raise ValidationError(problems)
    _locked(proposal)
    if not proposal.is_open:
        raise ValidationError(_closed_message(proposal))
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.decline_reason = "" if accept else decline_reason
    proposal.answer_note = note
    proposal.answered_by = actor
    proposal.answered_at = timezone.now()
    proposal.save(
        update_fields=["status", "decline_reason", "answer_note", "answered_by", "answered_at"]
    )
    audit_record(
        actor=actor,
        action="placement.proposal_answer",
        obj=proposal,
        area=proposal.area,
        person_ref=proposal.client.person_ref,
        changes={
            "status": [ProposalStatus.PROPOSED, proposal.status],
            **({"decline_reason": [None, proposal.decline_reason]} if not accept else {}),
            **({"note": CHANGED} if note else {}),
        },
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: User | None, proposal: Proposal) -> Proposal:
    """The coach takes back a proposal not yet answered (the person found other work, or
    changed their mind); the host sees it withdrawn."""
    _locked(proposal)
    if not proposal.is_open:
        raise ValidationError(_closed_message(proposal))
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_by = actor
    proposal.withdrawn_at = timezone.now()
    proposal.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    audit_record(
        actor=actor,
        action="placement.proposal_withdraw",
        obj=proposal,
        area=proposal.area,
        person_ref=proposal.client.person_ref,
        changes={"status": [ProposalStatus.PROPOSED, ProposalStatus.WITHDRAWN]},
    )
    return proposal


def proposals_without_consent_withdrawn(actor: User | None, consent: Consent) -> None:
    """When a person stops sharing their profile, the open proposals of them to hosts they
    no longer share it with are withdrawn at once: the host could not answer them, and a
    consent given later does not bring back an old proposal."""
    if consent.purpose != ConsentPurpose.SHARE_PROFILE:
        return
    for proposal in Proposal.objects.filter(
        client=consent.client, status=ProposalStatus.PROPOSED
    ).select_related("organisation", "client"):
        if sharing_consent(proposal.client, proposal.organisation) is None:
            proposal_withdraw(actor=actor, proposal=proposal)
