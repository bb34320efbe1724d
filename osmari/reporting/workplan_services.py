"""Writes of the work plan: packages, milestones and their status updates with evidence.

Each write audits in its own transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.core.audit import audit_record, changed_fields
from osmari.reporting import workplan
from osmari.reporting.models import (
    Milestone,
    MilestoneStatus,
    MilestoneUpdate,
    Programme,
    WorkPackage,
)

PACKAGE_FIELDS = ["code", "kind", "name", "goals", "deliverables", "planned_salary_costs"]
MILESTONE_FIELDS = ["title", "due_on", "owner"]


@transaction.atomic
def package_save(
    *, actor: User, programme: Programme, package: WorkPackage | None = None, **fields: Any
) -> WorkPackage:
    code = fields["code"].strip()
    taken = WorkPackage.objects.filter(programme=programme, code__iexact=code)
    if package is not None:
        taken = taken.exclude(pk=package.pk)
    if taken.exists():
        raise ValidationError({"code": _("The programme already has a package with this code.")})
    creating = package is None
    # The form has already put its values on the instance: compare with what is stored.
    stored = None if creating else WorkPackage.objects.get(pk=package.pk)
    package = package or WorkPackage(programme=programme)
    before = {name: getattr(stored, name, None) for name in PACKAGE_FIELDS}
    for name, value in {**fields, "code": code}.items():
        setattr(package, name, value)
    package.save()
    audit_record(
        actor=actor,
        action="workplan.package_create" if creating else "workplan.package_update",
        obj=programme,
        area=programme.area,
        changes={"package": package.code, **changed_fields(package, before, PACKAGE_FIELDS)},
    )
    return package


@transaction.atomic
def milestone_save(
    *, actor: User, package: WorkPackage, milestone: Milestone | None = None, **fields: Any
) -> Milestone:
    owner = fields.get("owner")
    if owner is not None and owner.programme_id != package.programme_id:
        raise ValidationError({"owner": _("Choose one of the programme's staff.")})
    creating = milestone is None
    stored = None if creating else Milestone.objects.get(pk=milestone.pk)
    milestone = milestone or Milestone(package=package)
    before = {name: getattr(stored, name, None) for name in MILESTONE_FIELDS}
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.save()
    changes = changed_fields(milestone, before, MILESTONE_FIELDS)
    audit_record(
        actor=actor,
        action="workplan.milestone_create" if creating else "workplan.milestone_update",
        obj=package.programme,
        area=package.programme.area,
        changes={"package": package.code, "milestone": milestone.title, **changes},
    )
    return milestone


@transaction.atomic
def milestone_status(
    *,
    actor: User,
    milestone: Milestone,
    status: str,
    on: date,
    note: str,
    evidence_link: str = "",
    evidence_number: Decimal | None = None,
    evidence_number_label: str = "",
) -> MilestoneUpdate:
    """Record where a milestone stands, with its evidence; done needs some."""
    evidence_link = evidence_link.strip()
    if workplan.link_problem(evidence_link):
        raise ValidationError(
            {
                "evidence_link": _(
                    "Give a page of Osmari (an address starting with /) or a document's "
                    "address starting with https://."
                )
            }
        )
    if evidence_number is not None and not evidence_number_label.strip():
        raise ValidationError({"evidence_number_label": _("Say what the number counts.")})
    if workplan.done_needs_evidence(status, evidence_link, evidence_number):
        raise ValidationError(
            _(
                "A milestone is marked done with evidence: a link to a page or document, "
                "or a number."
            )
        )
    update = MilestoneUpdate.objects.create(
        milestone=milestone,
        status=status,
        on=on,
        note=note,
        evidence_link=evidence_link,
        evidence_number=evidence_number,
        evidence_number_label=evidence_number_label.strip(),
        recorded_by=actor,
    )
    before = milestone.status
    milestone.status = status
    milestone.done_on = on if status == MilestoneStatus.DONE else None
    milestone.save(update_fields=["status", "done_on"])
    programme = milestone.package.programme
    audit_record(
        actor=actor,
        action="workplan.milestone_status",
        obj=programme,
        area=programme.area,
        changes={
            "package": milestone.package.code,
            "milestone": milestone.title,
            "status": [before, status],
        },
    )
    return update
