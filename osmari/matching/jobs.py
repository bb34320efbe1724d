"""The matching's background jobs: the regional assignment is solved here."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from osmari.accounts.models import User
from osmari.core import jobs
from osmari.core.models import EmploymentArea
from osmari.matching import proposals
from osmari.matching.models import AssignmentProposal


@jobs.job(retries=1, backoff=timedelta(seconds=10))
def assignment_proposal(user_id: int, area_id: int, municipality: str) -> int:
    proposal = proposals.proposal_make(
        user=User.objects.get(pk=user_id),
        area=EmploymentArea.objects.get(pk=area_id),
        municipality=municipality,
    )
    # Only the latest few of each view are shown again: older ones are let go.
    older = AssignmentProposal.objects.filter(
        requested_by_id=user_id, area_id=area_id, municipality=municipality
    ).order_by("-made_at")[3:]
    AssignmentProposal.objects.filter(pk__in=[p.pk for p in older]).delete()
    return proposal.pk


# A proposal weighs who was waiting and which places were open then; after a month it says
# nothing true of today, while it still names people by their keys (people since erased too).
PROPOSAL_KEPT = timedelta(days=30)


@jobs.periodic("forget_old_proposals", every=timedelta(days=1))
@jobs.job()
def forget_old_proposals() -> int:
    """Delete the proposals made more than PROPOSAL_KEPT ago, whoever asked for them."""
    deleted, _by_model = AssignmentProposal.objects.filter(
        made_at__lt=timezone.now() - PROPOSAL_KEPT
    ).delete()
    return deleted


def _key(user: User, area: EmploymentArea, municipality: str) -> str:
    return f"assignment:{user.pk}:{area.pk}:{municipality}"


def proposal_request(*, user: User, area: EmploymentArea, municipality: str) -> None:
    """Ask for a new proposal; asking again while one is being made does nothing."""
    jobs.enqueue(
        assignment_proposal, user.pk, area.pk, municipality, key=_key(user, area, municipality)
    )


def proposal_pending(*, user: User, area: EmploymentArea, municipality: str) -> bool:
    return jobs.waiting(assignment_proposal, _key(user, area, municipality)) is not None
