"""Demo proposals: the demo coach has proposed people to the demo organisation contact's
places, one waiting for the contact's answer, one accepted and one declined with its reason,
each made through the same services as on the pages."""

from __future__ import annotations

import random

from django.db.models import Exists, OuterRef

from osmari.accounts.models import User
from osmari.clients.models import Client
from osmari.core.models import EmploymentArea
from osmari.demo.placements import DEMO_HOST_CONTACT
from osmari.employers.models import OrganisationMembership
from osmari.employers.services import sharing_consent, sharing_consent_give
from osmari.placements import notices
from osmari.placements.models import HOLDING_STATUSES, Placement, Proposal
from osmari.placements.proposal_services import KINDS_OF_PLACE, proposal_answer, proposal_create

NOTES = [
    "Kiinnostunut varastotyöstä ja logistiikasta, voisi aloittaa parin viikon päästä.",
    "Haluaa kokeilla asiakaspalvelua; aiempaa kokemusta kaupan kassalta.",
    "Etsii työtä, jossa pääsee tekemään käsillä. Ajokortti on.",
]
# (answer, reason, the host's note) for the proposals after the first, which stays open.
ANSWERS = [
    ("accept", "", "Tervetuloa tutustumaan tiistaina klo 10."),
    ("decline", "no_room", "Paikat ovat nyt täynnä; kysykää uudelleen keväällä."),
]


@notices.held_back()
def seed_demo_proposals(rng: random.Random, area: EmploymentArea, coach: User) -> int:
    """Three of the coach's waiting people proposed to the demo contact's places."""
    membership = (
        OrganisationMembership.objects.filter(user__email=DEMO_HOST_CONTACT)
        .select_related("organisation", "user")
        .first()
    )
    if membership is None or Proposal.objects.filter(area=area).exists():
        return 0
    organisation = membership.organisation
    positions = list(organisation.positions.filter(is_paused=False).order_by("pk"))
    busy = Placement.objects.filter(client=OuterRef("pk"), status__in=HOLDING_STATUSES)
    waiting = list(
        Client.objects.filter(area=area, coach=coach, stage__in=["assessed", "in_service"])
        .exclude(Exists(busy))
        .order_by("pk")[:40]
    )
    if not positions or len(waiting) < 3:
        return 0
    people = rng.sample(waiting, 3)
    made = 0
    for n, person in enumerate(people):
        position = positions[n % len(positions)]
        if sharing_consent(person, organisation) is None:
            sharing_consent_give(actor=coach, client=person, organisation=organisation)
        proposal = proposal_create(
            actor=coach,
            client=person,
            position=position,
            kind=sorted(KINDS_OF_PLACE[position.kind])[-1],
            note=NOTES[n],
        )
        if n > 0:
            answer, reason, note = ANSWERS[n - 1]
            proposal_answer(
                actor=membership.user,
                proposal=proposal,
                accept=answer == "accept",
                decline_reason=reason,
                note=note,
            )
        made += 1
    return made
