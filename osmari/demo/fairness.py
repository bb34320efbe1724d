"""The demo's ways through the steps, for the fairness page: people placed in the last year
were first found likely to benefit by a coach's decision and then proposed to the host, the
accepted proposal a couple of weeks before the period began. Without these the page would
have a population for its first step only: the demo's decisions and periods are drawn apart.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from osmari.accounts.models import User
from osmari.clients.models import StatusSpell
from osmari.core.models import EmploymentArea
from osmari.demo.placements import DEMO_HOST_CONTACT
from osmari.employers.models import OrganisationMembership
from osmari.placements.models import Placement, PlacementStatus, Proposal, ProposalStatus
from osmari.screening.cases import result_to_json
from osmari.screening.engine import Case, Spell, evaluate
from osmari.screening.explanations import LANGUAGES
from osmari.screening.models import Decision

NOTE = "Sopisi paikkaan, kokemusta vastaavista tehtävistä."
REASON = "Ohjattu työ tukee paluuta työelämään; asiakas on motivoitunut."


def seed_fairness_ways(rng: random.Random, area: EmploymentArea, coach: User, today: date) -> int:
    """A decision and an accepted proposal before each period started within the last year
    (not at the demo contact's own organisation, whose proposals its page shows one by one).
    Returns how many ways were made; none when the proposals are there already."""
    periods = list(
        Placement.objects.filter(
            area=area,
            start_on__range=(today - timedelta(days=365), today + timedelta(days=60)),
            client__proposals__isnull=True,
        )
        .exclude(status=PlacementStatus.CANCELLED)
        .exclude(organisation__memberships__user__email=DEMO_HOST_CONTACT)
        .select_related("client", "client__education_level")
        .order_by("start_on", "pk")
    )
    if not periods:
        return 0
    spells: dict[int, list[Spell]] = defaultdict(list)
    for client_id, status, start_on, end_on in StatusSpell.objects.filter(
        client__in={p.client_id for p in periods}
    ).values_list("client_id", "status", "start_on", "end_on"):
        spells[client_id].append(Spell(status, start_on, end_on))
    decisions, proposals, days = [], [], []
    seen: set[int] = set()
    for period in periods:
        client = period.client
        if client.pk in seen:
            continue
        seen.add(client.pk)
        proposed_on = period.start_on - timedelta(days=rng.randrange(7, 22))
        decided_on = proposed_on - timedelta(days=rng.randrange(5, 30))
        result = evaluate(
            Case(
                on=decided_on,
                birth_date=client.birth_date,
                education_level=int(client.education_level.code)
                if client.education_level
                else None,
                reduced_work_ability=None,
                integration_plan=None,
                registered_jobseeker=client.registered_jobseeker,
                spells=tuple(spells.get(client.pk, ())),
            )
        )
        decisions.append(
            Decision(
                client=client,
                proposal=period.kind,
                reason=REASON,
                decided_on=decided_on,
                decided_by=coach,
                rules_version=result.rules_version,
                engine_result={
                    "results": {lang: result_to_json(result, lang) for lang in LANGUAGES}
                },
            )
        )
        proposals.append(
            Proposal(
                area=area,
                client=client,
                position_id=period.position_id,
                organisation_id=period.organisation_id,
                kind=period.kind,
                note=NOTE,
                status=ProposalStatus.ACCEPTED,
                proposed_by=coach,
            )
        )
        days.append(proposed_on)
    Decision.objects.bulk_create(decisions)
    contacts = dict(
        OrganisationMembership.objects.filter(
            organisation_id__in={p.organisation_id for p in proposals}
        )
        .order_by("-pk")
        .values_list("organisation_id", "user_id")
    )
    made = Proposal.objects.bulk_create(proposals)
    # The day proposed is set by the database on creation; the demo's lie in the past.
    for proposal, day in zip(made, days, strict=True):
        moment = timezone.make_aware(datetime.combine(day, time(10)))
        proposal.proposed_at = moment
        # Answered by the organisation's contact where it has one (the demo's hosts mostly
        # answer by phone to the coach, who then plans the period).
        proposal.answered_by_id = contacts.get(proposal.organisation_id)
        if proposal.answered_by_id:
            proposal.answered_at = moment + timedelta(days=2)
    Proposal.objects.bulk_update(made, ["proposed_at", "answered_at", "answered_by_id"])
    return len(made)
