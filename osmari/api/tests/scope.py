"""Two areas, three host organisations and a little of everything, with tokens of each kind
for the own scope and for the scopes beside it: what the fuzzing and the cross-scope replay
run against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.agreements.tests.builders import make_sent_agreement
from osmari.api.tokens import issue_token
from osmari.clients.services import enrolment_save
from osmari.clients.tests.builders import make_jobseeker
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.placements.services import placement_create
from osmari.placements.tests.builders import trial
from osmari.reporting.tests.builders import make_programme

KINDS = ("organisation", "reporting", "system")
# Words only the own scope's rows hold: a foreign token's answer must contain none of them.
MARKERS = ("Merkkityö", "Merkkinen", "Merkkiohjelma", "Merkkipuu Oy")


@dataclass
class ScopeWorld:
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)


def _token(area, kind: str, organisation=None) -> str:
    return issue_token(
        actor=None,
        area=area,
        kind=kind,
        organisation=organisation if kind == "organisation" else None,
        write=kind != "reporting",
        name=f"{kind} {area.code}",
    ).key


def build_scope_world(area, other_area) -> ScopeWorld:
    coach = make_person("scope.coach@test.osmari.fi", Role.COACH, area)
    own = make_organisation(area, "Merkkipuu Oy", "2077474-0")
    beside = make_organisation(area, "Naapuri Oy", "1899013-7")
    far = make_organisation(other_area, "Kaukainen Oy", "0114162-2")
    position = make_position(own, coach, title="Merkkityö")
    agreement = make_sent_agreement(own, coach)
    client = make_jobseeker(coach, area)
    client.last_name = "Merkkinen"
    client.save(update_fields=["last_name"])
    enrolment_save(actor=coach, client=client, entered_on=date(2025, 9, 1))
    period = placement_create(
        actor=coach,
        client=client,
        position=position,
        fields=trial(date(2026, 11, 2), date(2027, 1, 29)),
        confirm_without_agreement=True,
    )
    programme = make_programme(area, name="Merkkiohjelma")
    world = ScopeWorld()
    for kind in KINDS:
        world.tokens[(kind, "own")] = _token(area, kind, own)
        world.tokens[(kind, "other_area")] = _token(other_area, kind, far)
    world.tokens[("organisation", "other_organisation")] = _token(area, "organisation", beside)
    world.keys = {
        "organisation_id": own.pk,
        "position_id": position.pk,
        "agreement_id": agreement.pk,
        "version": 1,
        "client_id": client.pk,
        "placement_id": period.pk,
        "programme_id": programme.pk,
    }
    return world
