"""A period's orientation plan (perehdyttämissuunnitelma): made from the period's own
records, printed as a PDF for the coach and the host organisation, and accepted by the host.

The plan is the area's guidance of the period, never the work-trial agreement or the
wage-subsidy decision: those are made in the national client information system, and the
plan names their reference. Its digest covers what the host agrees to (place, tasks, dates,
working time, instructor, objective), so that a period changed after acceptance shows that
the plan is no longer the one accepted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.core.audit import CHANGED, audit_record
from osmari.employers.models import Contact
from osmari.placements import notices, services
from osmari.placements.host_selectors import ReviewDate, review_dates
from osmari.placements.models import Placement, PlanAcceptance


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OrientationPlan:
    placement: Placement
    tasks: str
    learning_environment: str
    competences: str
    objective: str
    review_dates: list[ReviewDate]
    instructor: Person | None
    contacts: list[Person]
    digest: str


def plan_digest(values: dict[str, object]) -> str:
    """A fingerprint of the plan's agreed content; any change to it changes the digest."""
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _agreed(placement: Placement) -> dict[str, object]:
    """What the host accepts: the place, its tasks, the dates, the working time, the
    instructor and the objective. The reference in the national system may come later
    without changing the plan."""
    position = placement.position
    return {
        "kind": placement.kind,
        "position": position.pk,
        "title": position.title,
        "tasks": position.tasks,
        "start_on": placement.start_on,
        "end_on": placement.end_on,
        "days_per_week": placement.days_per_week,
        "hours_per_day": Decimal(placement.hours_per_day).normalize(),
        "instructor": placement.instructor_id,
        "objective": placement.objective,
    }


def _person(contact: Contact) -> Person:
    return Person(
        name=contact.name,
        role=contact.get_role_display(),
        email=contact.email,
        phone=contact.phone,
    )


def orientation_plan(placement: Placement) -> OrientationPlan:
    """The plan as it reads now, from the period, its position and the organisation."""
    position = placement.position
    coach = placement.client.coach
    contacts: list[Person] = []
    if coach is not None:
        contacts.append(
            Person(name=coach.full_name or coach.email, role=_("Coach"), email=coach.email)
        )
    instructor = _person(placement.instructor) if placement.instructor else None
    if instructor is not None:
        contacts.append(instructor)
    for contact in placement.organisation.contacts.filter(role=Contact.Role.CONTACT_PERSON):
        if contact.pk != placement.instructor_id:
            contacts.append(_person(contact))
    competences = "\n".join(
        text for text in (position.required_competences, position.helpful_competences) if text
    )
    return OrientationPlan(
        placement=placement,
        tasks=position.tasks,
        learning_environment=position.learning_environment,
        competences=competences,
        objective=placement.objective,
        review_dates=review_dates(placement),
        instructor=instructor,
        contacts=contacts,
        digest=plan_digest(_agreed(placement)),
    )


@dataclass(frozen=True)
class PlanStatus:
    """Whether the host has accepted the plan as it reads now."""

    accepted: PlanAcceptance | None
    changed_since: bool
    # The plan as it reads now: what a host who accepts it from this page agrees to.
    digest: str

    @property
    def accepted_now(self) -> bool:
        return self.accepted is not None and not self.changed_since

    @property
    def accepted_at(self) -> datetime | None:
        return self.accepted.accepted_at if self.accepted else None


def plan_status(placement: Placement) -> PlanStatus:
    latest = placement.plan_acceptances.select_related("accepted_by").first()
    digest = plan_digest(_agreed(placement))
    if latest is None:
        return PlanStatus(accepted=None, changed_since=False, digest=digest)
    return PlanStatus(accepted=latest, changed_since=latest.digest != digest, digest=digest)


# The plan guides a period that is still to come or under way.
ACCEPTABLE = ("planned", "active")


@transaction.atomic
def plan_accept(*, actor: User, placement: Placement, read_digest: str) -> PlanAcceptance:
    """The host organisation accepts the period's orientation plan as it read it: the
    digest of the plan on the page they accepted from. A plan changed in between (the
    coach moved the dates a moment ago) is refused, so nobody accepts what they never saw."""
    # Held until the acceptance is saved: a change cannot slip in between.
    placement = Placement.objects.select_for_update().select_related("client").get(pk=placement.pk)
    if placement.status not in ACCEPTABLE:
        raise ValidationError(_("The plan can be accepted for a planned or running period only."))
    digest = plan_digest(_agreed(placement))
    latest = placement.plan_acceptances.first()
    if latest is not None and latest.digest == digest:
        raise ValidationError(_("The plan is already accepted as it reads now."))
    if read_digest != digest:
        raise ValidationError(
            _("The plan has changed since you opened it. Read it again, then accept it.")
        )
    acceptance = PlanAcceptance.objects.create(
        placement=placement, digest=digest, accepted_by=actor
    )
    audit_record(
        actor=actor,
        action="placement.plan_accepted",
        obj=placement,
        area=placement.area,
        person_ref=placement.client.person_ref,
        changes={"plan": [latest.digest[:12] if latest else None, digest[:12]]},
    )
    return acceptance


@transaction.atomic
def plan_change(
    *,
    actor: User,
    placement: Placement,
    days_per_week: int,
    hours_per_day: Decimal,
    instructor: Contact | None,
    objective: str,
) -> Placement:
    """Change what the plan agrees on the period's working time, instructor and objective.
    The period is checked against the law again as if new; the host sees that the plan they
    accepted has changed, and everyone concerned is told that there is news."""
    if placement.status not in ACCEPTABLE:
        raise ValidationError(_("The plan can be changed for a planned or running period only."))
    if instructor is not None and instructor.organisation_id != placement.organisation_id:
        raise ValidationError({"instructor": _("Choose an instructor of the host organisation.")})
    objective = objective.strip()
    services._refuse_if_breaking(
        placement, days_per_week=days_per_week, hours_per_day=hours_per_day, objective=objective
    )
    changes: dict[str, object] = {}
    if placement.days_per_week != days_per_week:
        changes["days_per_week"] = [placement.days_per_week, days_per_week]
    if Decimal(placement.hours_per_day) != Decimal(hours_per_day):
        changes["hours_per_day"] = [str(placement.hours_per_day), str(hours_per_day)]
    if placement.instructor_id != (instructor.pk if instructor else None):
        changes["instructor"] = [placement.instructor_id, instructor.pk if instructor else None]
    if placement.objective != objective:
        # Words about the person stay in the record: the log says only that they changed.
        changes["objective"] = CHANGED
    if not changes:
        return placement
    placement.days_per_week = days_per_week
    placement.hours_per_day = hours_per_day
    placement.instructor = instructor
    placement.objective = objective
    placement.save(update_fields=["days_per_week", "hours_per_day", "instructor", "objective"])
    audit_record(
        actor=actor,
        action="placement.plan_change",
        obj=placement.client,
        area=placement.area,
        person_ref=placement.client.person_ref,
        changes=changes,
    )
    notices.period_notice(actor=actor, placement=placement, event=notices.CHANGED)
    return placement
