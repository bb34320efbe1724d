"""A small labour market for matching tests: people and places that fit, or do not, for a
reason a coach can read."""

from __future__ import annotations

from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.models import ClientRestriction
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import Occupation
from osmari.employers.tests.builders import make_position


def warehouse_occupation() -> Occupation:
    """An ESCO occupation of ISCO group 9333 (freight handlers)."""
    return Occupation.objects.filter(isco_group__code="9333").order_by("pk").first()


def build_market(coach, area, organisation, other_organisation, occupation: Occupation) -> dict:
    """Two people and three places of organisations with an agreement in force: Aino wants
    the occupation of the close fit; Bertta cannot do standing work, which the kitchen needs;
    the warehouse in Swedish asks a language neither has."""
    make_active_agreement(organisation, coach)
    make_active_agreement(other_organisation, coach)
    fit = make_position(organisation, coach, title="Varasto", occupation=occupation, capacity=1)
    swedish = make_position(
        other_organisation, coach, title="Lager", occupation=occupation, language="sv"
    )
    kitchen = make_position(other_organisation, coach, title="Keittiö", demands=["standing"])
    aino = make_jobseeker(coach, area)
    aino.occupations.add(occupation)
    bertta = make_jobseeker(coach, area, code="010170-100R")
    ClientRestriction.objects.create(client=bertta, code="no_standing")
    return {"fit": fit, "swedish": swedish, "kitchen": kitchen, "aino": aino, "bertta": bertta}
