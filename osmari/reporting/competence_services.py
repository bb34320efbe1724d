"""Writes of the area's competence and the programme's dissemination, each audited in its
own transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.accounts.models import User
from osmari.core.audit import audit_record
from osmari.core.uploads import NOT_A_SCAN, SCAN_KINDS, detect_kind, stored_name
from osmari.reporting.competence_models import (
    AreaTraining,
    Audience,
    Dissemination,
    TopicGoal,
    TrainingTopic,
)
from osmari.reporting.competence_selectors import goal_role_choices
from osmari.reporting.models import Programme


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date must not be in the future.")})


@transaction.atomic
def area_training_add(
    *,
    actor: User,
    programme: Programme,
    person: User,
    topic: str,
    title: str,
    completed_on: date,
    hours: Decimal,
    provider: str = "",
) -> AreaTraining:
    """Record a training completed by someone with a role in the programme's area."""
    if person not in access.area_staff(programme.area):
        raise ValidationError({"person": _("Choose someone with a role in the area.")})
    if topic not in TrainingTopic.values:
        raise ValidationError({"topic": _("Choose a topic from the list.")})
    _not_in_future(completed_on, "completed_on")
    training = AreaTraining.objects.create(
        programme=programme,
        person=person,
        topic=topic,
        title=title,
        provider=provider,
        completed_on=completed_on,
        hours=hours,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="programme.area_training_add",
        obj=programme,
        area=programme.area,
        changes={"person": person.pk, "topic": topic, "training": [None, title]},
    )
    return training


@transaction.atomic
def topic_goal_save(
    *, actor: User, programme: Programme, topic: str, roles: list[str], due_on: date
) -> TopicGoal:
    """Set (or change) who is to be trained in a topic, and by when."""
    allowed = {value for value, _label in goal_role_choices()}
    if not roles or set(roles) - allowed:
        raise ValidationError({"roles": _("Choose at least one role to be trained.")})
    if topic not in TrainingTopic.values:
        raise ValidationError({"topic": _("Choose a topic from the list.")})
    before = TopicGoal.objects.filter(programme=programme, topic=topic).first()
    goal, _created = TopicGoal.objects.update_or_create(
        programme=programme, topic=topic, defaults={"roles": sorted(roles), "due_on": due_on}
    )
    audit_record(
        actor=actor,
        action="programme.topic_goal",
        obj=programme,
        area=programme.area,
        changes={
            "topic": topic,
            "roles": [before.roles if before else None, goal.roles],
            "due_on": [str(before.due_on) if before else None, str(due_on)],
        },
    )
    return goal


@transaction.atomic
def dissemination_add(
    *,
    actor: User,
    programme: Programme,
    kind: str,
    title: str,
    held_on: date,
    audiences: list[str],
    reached: int | None = None,
    description: str = "",
    material_link: str = "",
    material_file: UploadedFile | None = None,
) -> Dissemination:
    """Record what the programme communicated to whom. A file is kept only if its content is
    a PDF, JPEG or PNG, under a name of our making."""
    if not programme.starts_on <= held_on <= programme.ends_on:
        raise ValidationError(
            {
                "held_on": _("The date is outside the programme (%(start)s–%(end)s).")
                % {
                    "start": programme.starts_on.strftime("%d.%m.%Y"),
                    "end": programme.ends_on.strftime("%d.%m.%Y"),
                }
            }
        )
    _not_in_future(held_on, "held_on")
    if not audiences or set(audiences) - set(Audience.values):
        raise ValidationError({"audiences": _("Choose at least one audience.")})
    kind_found = detect_kind(material_file, SCAN_KINDS) if material_file else None
    if material_file and kind_found is None:
        raise ValidationError({"material_file": NOT_A_SCAN})
    item = Dissemination(
        programme=programme,
        kind=kind,
        title=title,
        held_on=held_on,
        audiences=[value for value in Audience.values if value in audiences],
        reached=reached,
        description=description,
        material_link=material_link,
        recorded_by=actor,
    )
    item.full_clean(exclude=["material_file"])
    item.save()
    if material_file is not None and kind_found is not None:
        item.material_file.save(stored_name(kind_found), material_file, save=True)
    audit_record(
        actor=actor,
        action="programme.dissemination_add",
        obj=programme,
        area=programme.area,
        changes={"dissemination": [None, title], "kind": kind},
    )
    return item
