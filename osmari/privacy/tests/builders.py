"""A person with one or more of every kind of record, for the export's tests."""

from __future__ import annotations

from datetime import date

from osmari.clients import services as clients
from osmari.clients.models import Client
from osmari.core.tests.builders import TODAY
from osmari.feedback.tests.builders import make_invitation, make_response
from osmari.placements import services as placements
from osmari.placements.models import Placement
from osmari.screening import services as screening
from tests.conftest import build_objects

# The day the period of `build_objects` has run for two weeks.
LATER = date(2026, 12, 15)


def person_with_everything(
    *,
    area,
    coach,
    organisation,
    first_name: str = "Testi",
    last_name: str = "Asiakas",
    hetu: str = "131052-308T",
    certificate_code: str = "ABCDEFGHJKLM",
    journal: int = 1,
) -> Client:
    """The sample client of the URL matrix (status period, extract, consent, plan, proposal,
    period, invitations, a shared answer, a follow-up), and besides: a needs assessment,
    `journal` journal entries, the period started with a three-way review, and answers to a
    survey shared with the coach. Call it on `LATER` or after."""
    objects = build_objects(
        area=area,
        coach=coach,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        hetu=hetu,
        certificate_code=certificate_code,
    )
    client = Client.objects.get(pk=objects["client"])
    screening.assessment_add(
        actor=coach,
        client=client,
        assessed_on=TODAY,
        work_ability=3,
        work_ability_notes="Selkä kipeytyy nostoissa.",
        skills=4,
        experience=2,
        motivation=5,
        life_management=4,
        social_support=3,
        practical=3,
    )
    for number in range(journal):
        clients.journal_add(
            actor=coach,
            client=client,
            kind="meeting",
            occurred_on=TODAY,
            text=f"Tapaaminen {number + 1} ({last_name}).",
        )
    placement = Placement.objects.get(pk=objects["placement"])
    placements.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 12, 1), today=LATER
    )
    placements.review_record(
        actor=coach,
        placement=placement,
        today=LATER,
        stage="start",
        held_on=date(2026, 12, 8),
        participant_view=f"Työ tuntuu sopivalta ({last_name}).",
        instructor_view="Hyvä alku.",
        notes="",
        next_steps="",
    )
    invitation = make_invitation(area, "participant_start", placement=placement, due_on=LATER)
    make_response(
        area,
        organisation,
        survey_key="participant_start",
        on=date(2026, 12, 1),
        answers={"wellbeing": 4, "comment": f"Mukava työyhteisö ({last_name})."},
        invitation=invitation,
        client=client,
        share_with_coach=True,
    )
    return client
