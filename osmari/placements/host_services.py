"""Writes of a host organisation on its own periods: absences, its part of the three-way
reviews and its view of the period. Each is checked, saved whole and audited in the same
transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.core import official
from osmari.core.audit import CHANGED, audit_record
from osmari.placements.models import (
    AFFECTS_BENEFITS,
    Absence,
    AbsenceKind,
    Placement,
    PlacementStatus,
    Review,
)

# Days the host knows beforehand: agreed leave and days without work may be ahead.
MAY_BE_AHEAD = frozenset({AbsenceKind.AGREED, AbsenceKind.NO_WORK})
STARTED = (PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.INTERRUPTED)


def _check_absence(placement: Placement, first_on: date, last_on: date, kind: str, today: date):
    if placement.status not in STARTED:
        raise ValidationError(_("Absences are recorded once the period has started."))
    problems = {}
    if kind not in AbsenceKind.values:
        problems["kind"] = _("Choose the kind of absence from the list.")
    if last_on < first_on:
        problems["last_on"] = _("The last day must not be before the first day.")
    elif first_on < placement.start_on or last_on > placement.last_day:
        problems["first_on"] = _("The absence must fall within the period, %(start)s–%(end)s.") % {
            "start": placement.start_on.strftime("%d.%m.%Y"),
            "end": placement.last_day.strftime("%d.%m.%Y"),
        }
    elif last_on > today and kind not in MAY_BE_AHEAD:
        problems["last_on"] = _(
            "Only an agreed absence or a day without work can be recorded in advance."
        )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def absence_record(
    *,
    actor: User,
    placement: Placement,
    first_on: date,
    last_on: date,
    kind: str,
    note: str = "",
    today: date,
) -> Absence:
    """An absence from the place. One without notice or agreement may affect the person's
    benefit, so it is flagged for the coach, who reports it in the national system."""
    _check_absence(placement, first_on, last_on, kind, today)
    absence = Absence.objects.create(
        placement=placement,
        first_on=first_on,
        last_on=last_on,
        kind=kind,
        note=note.strip(),
        affects_benefits=kind in AFFECTS_BENEFITS,
        recorded_by=actor,
    )
    client = placement.client
    audit_record(
        actor=actor,
        action="placement.absence",
        obj=absence,
        area=placement.area,
        person_ref=client.person_ref,
        changes={
            "kind": [None, kind],
            "days": [None, str(absence.days)],
            "affects_benefits": [None, str(absence.affects_benefits)],
            **({"note": CHANGED} if absence.note else {}),
        },
    )
    return absence


@transaction.atomic
def absence_reported(
    *, actor: User, absence: Absence, official_reference: str, official_on: date | None
) -> Absence:
    """The coach has reported the absence in the national system: its notice's reference
    and date are kept here, and the absence leaves the list of what to report."""
    reference, on = official.reference_checked(official_reference, official_on)
    if not reference:
        raise ValidationError(
            {"official_reference": _("Write the notice's reference in the national system.")}
        )
    if on is None:
        raise ValidationError({"official_on": _("Give the date of the notice.")})
    absence.notice_reference, absence.reported_on = reference, on
    absence.save(update_fields=["notice_reference", "reported_on"])
    placement = absence.placement
    audit_record(
        actor=actor,
        action="placement.absence_reported",
        obj=absence,
        area=placement.area,
        person_ref=placement.client.person_ref,
        changes={"notice_reference": CHANGED, "reported_on": [None, str(absence.reported_on)]},
    )
    return absence


@transaction.atomic
def review_part_record(*, actor: User, placement: Placement, stage: str, view: str) -> Review:
    """The host's part of a three-way review the coach has recorded: the instructor's view,
    in the instructor's own words."""
    view = view.strip()
    if not view:
        raise ValidationError({"view": _("Write your view of the review.")})
    review = placement.reviews.filter(stage=stage).first()
    if review is None:
        raise ValidationError(
            {"stage": _("This review has not been recorded yet: the coach records it first.")}
        )
    review.instructor_view = view
    review.save(update_fields=["instructor_view"])
    audit_record(
        actor=actor,
        action="placement.review_part",
        obj=review,
        area=placement.area,
        person_ref=placement.client.person_ref,
        changes={"review": [None, stage], "instructor_view": CHANGED},
    )
    return review


@transaction.atomic
def host_view_record(*, actor: User, placement: Placement, view: str) -> Placement:
    """The host organisation's view of how the period goes, for the coach to read."""
    view = view.strip()
    if not view:
        raise ValidationError({"view": _("Write your view of the period.")})
    if placement.status not in STARTED:
        raise ValidationError(_("Your view of the period is written once the period has started."))
    placement.host_view = view
    placement.save(update_fields=["host_view"])
    audit_record(
        actor=actor,
        action="placement.host_view",
        obj=placement,
        area=placement.area,
        person_ref=placement.client.person_ref,
        changes={"host_view": CHANGED},
    )
    return placement
