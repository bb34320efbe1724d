"""Proposals as the coach and the host organisation see them.

The coach reaches a proposal through its client (`access.may` on the client); the host
through `access.host_proposals_for`, and only while the person's consent to share their
profile with the organisation stands: a withdrawn consent hides the proposal at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from osmari.accounts import access
from osmari.clients.choices import ConsentPurpose
from osmari.clients.consents import valid_consents
from osmari.clients.models import Client
from osmari.employers.models import Position
from osmari.placements.models import Proposal, ProposalStatus

# The host still sees an answered or withdrawn proposal for a while, to know where it stands.
CLOSED_VISIBLE_DAYS = 30


def _shared_with_host() -> Exists:
    """The person's valid consent to share their profile with the proposal's organisation
    (or with any host)."""
    return Exists(
        valid_consents(ConsentPurpose.SHARE_PROFILE)
        .filter(client=OuterRef("client"))
        .filter(Q(recipient__isnull=True) | Q(recipient__organisation=OuterRef("organisation")))
    )


def host_proposal_list_for_user(*, user, today: date) -> QuerySet[Proposal]:
    """The proposals to the places of the user's own organisations: those waiting for an
    answer, and those answered or withdrawn lately."""
    since = today - timedelta(days=CLOSED_VISIBLE_DAYS)
    return (
        access.host_proposals_for(user)
        .filter(_shared_with_host())
        .filter(
            Q(status=ProposalStatus.PROPOSED)
            | Q(answered_at__date__gte=since)
            | Q(withdrawn_at__date__gte=since)
        )
        .select_related("client", "position", "organisation", "proposed_by", "answered_by")
        .order_by("-proposed_at", "-pk")
    )


def host_proposal_get_for_user(*, user, pk: int, today: date) -> Proposal:
    """One proposal to the user's own organisation, or 404 for any other."""
    proposal = host_proposal_list_for_user(user=user, today=today).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def host_proposals_waiting(*, user) -> int:
    """How many proposals wait for the user's organisations' answer."""
    return (
        access.host_proposals_for(user)
        .filter(_shared_with_host(), status=ProposalStatus.PROPOSED)
        .count()
    )


def proposal_get_for_user(*, user, pk: int, permission: str = "placement.edit") -> Proposal:
    """A proposal of a client the user may handle with the permission, or 404."""
    proposal = (
        Proposal.objects.select_related("client", "position", "organisation").filter(pk=pk).first()
    )
    if proposal is None or not access.may(user, permission, proposal.client):
        raise Http404
    return proposal


@dataclass(frozen=True)
class ProposalState:
    """What the suggestions page needs to offer a proposal: the person's proposals by place
    and the organisations they agreed to share their profile with (None: with any)."""

    latest: dict[int, Proposal]
    shares_with: frozenset[int] | None

    def for_position(self, position: Position) -> Proposal | None:
        return self.latest.get(position.pk)

    def may_propose_to(self, position: Position) -> bool:
        return self.shares_with is None or position.organisation_id in self.shares_with


def proposal_state_for_client(client: Client) -> ProposalState:
    """The person's latest proposal to each place, and whom they share their profile with:
    two queries however many places are suggested."""
    latest: dict[int, Proposal] = {}
    for proposal in client.proposals.order_by("-proposed_at", "-pk"):
        latest.setdefault(proposal.position_id, proposal)
    recipients = list(
        valid_consents(ConsentPurpose.SHARE_PROFILE)
        .filter(client=client)
        .values_list("recipient__organisation_id", flat=True)
    )
    shares_with = None if None in recipients else frozenset(recipients)
    return ProposalState(latest, shares_with)
