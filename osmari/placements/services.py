"""Writes of placements: each checks the law and the place first, saves whole or not at all,
and audits in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.clients.models import SERVICE_PATH, Client, Plan, StatusSpell
from osmari.clients.services import (
    client_served,
    client_stage_change,
    plan_step_add,
    refresh_unemployed_since,
)
from osmari.core import official
from osmari.core.audit import audit_record
from osmari.core.pipeline import move
from osmari.employers.models import Position
from osmari.employers.selectors import position_lacks_active_agreement
from osmari.placements import in_step, notices, rules
from osmari.placements.models import (
    HOLDING_STATUSES,
    PERIOD_LIFE,
    Outcome,
    Placement,
    PlacementKind,
    PlacementStatus,
    PlacementTransition,
    Review,
)
from osmari.screening.engine import CaseError, Reason, ruleset_for
from osmari.screening.engine import Organisation as EngineOrganisation
from osmari.screening.records import case_for_client


class PlacementRefused(ValidationError):
    """The period breaks a rule; `reasons` holds every rule not met, for the explanation."""

    def __init__(self, reasons: list[Reason]):
        self.reasons = reasons
        super().__init__(_("The period cannot be saved: it breaks the rules listed."))


class AgreementConfirmationNeeded(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "The organisation has no active cooperation agreement. Confirm that the "
                "period is made without one."
            ),
            code="agreement_missing",
        )


@dataclass(frozen=True)
class PeriodFields:
    kind: str
    start_on: date
    end_on: date
    days_per_week: int
    hours_per_day: Decimal
    objective: str = ""
    track: str = ""
    subsidy_percent: int | None = None
    monthly_pay: Decimal | None = None
    monthly_subsidy: Decimal | None = None
    working_time_percent: int | None = None

    def stored(self) -> dict[str, Any]:
        """The fields as a placement stores them: a track only for wage-subsidised work."""
        return {
            "kind": self.kind,
            "start_on": self.start_on,
            "end_on": self.end_on,
            "days_per_week": self.days_per_week,
            "hours_per_day": self.hours_per_day,
            "objective": self.objective,
            "track": self.track if self.kind == PlacementKind.WAGE_SUBSIDY else "",
            "subsidy_percent": self.subsidy_percent,
            "monthly_pay": self.monthly_pay,
            "monthly_subsidy": self.monthly_subsidy,
            "working_time_percent": self.working_time_percent,
        }

    def as_period(self, tasks: str) -> rules.PlannedPeriod:
        return rules.PlannedPeriod(
            kind=self.kind,
            tasks=tasks,
            start=self.start_on,
            end=self.end_on,
            days_per_week=self.days_per_week,
            hours_per_day=Decimal(self.hours_per_day),
            track=self.track or None,
            subsidy_percent=self.subsidy_percent,
            monthly_pay=self.monthly_pay,
            monthly_subsidy=self.monthly_subsidy,
            working_time_percent=self.working_time_percent,
        )


def place_of(position: Position, exclude_pk: int | None = None) -> rules.Place:
    holding = position.placements.filter(status__in=HOLDING_STATUSES)
    if exclude_pk is not None:
        holding = holding.exclude(pk=exclude_pk)
    taken = holding.values_list("start_on", "end_on")
    return rules.Place(
        kind=position.kind,
        open_from=position.open_from,
        open_to=position.open_to,
        paused=position.is_paused,
        capacity=position.capacity,
        taken=tuple(taken),
    )


def period_check(
    *, client: Client, position: Position, fields: PeriodFields, exclude_pk: int | None = None
) -> list[Reason]:
    """Every rule for this period in this position, with the person's other periods."""
    try:
        ruleset_for(fields.start_on)
    except CaseError:
        # Before the first rule set there is no law to judge the period by.
        raise ValidationError(
            {
                "start_on": _(
                    "No rules for work trials and wage subsidy are in force on %(day)s, "
                    "so a period cannot start then."
                )
                % {"day": f"{fields.start_on:%d.%m.%Y}"}
            }
        ) from None
    organisation = position.organisation
    case = case_for_client(
        client=client,
        on=fields.start_on,
        # The law is applied on the whole record; what a reader may see is a separate matter.
        include_sensitive=True,
        organisation=EngineOrganisation(organisation.business_id, organisation.kind),
        exclude_placement=exclude_pk,
    )
    return rules.check(case, fields.as_period(position.title), place_of(position, exclude_pk))


def _lock_position(position: Position) -> None:
    # Two coaches filling the last place at once: the second waits and then sees the first.
    Position.objects.select_for_update().filter(pk=position.pk).first()


@transaction.atomic
def placement_create(
    *,
    actor: User,
    client: Client,
    position: Position,
    fields: PeriodFields,
    confirm_without_agreement: bool = False,
    match_score: float | None = None,
    official_reference: str = "",
    official_on: date | None = None,
) -> Placement:
    """Plan a period. Refused whole, with every rule it breaks, if it breaks any."""
    official_reference, official_on = official.reference_checked(official_reference, official_on)
    _lock_position(position)
    lacks_agreement = position_lacks_active_agreement(position)
    if lacks_agreement and not confirm_without_agreement:
        raise AgreementConfirmationNeeded()
    reasons = period_check(client=client, position=position, fields=fields)
    refused = rules.breaches(reasons)
    if refused:
        raise PlacementRefused(refused)
    placement = Placement.objects.create(
        area=client.area,
        client=client,
        position=position,
        organisation=position.organisation,
        instructor=position.instructor,
        rules_version=ruleset_for(fields.start_on).version,
        without_agreement_confirmed=lacks_agreement,
        match_score=Decimal(f"{match_score:.3f}") if match_score is not None else None,
        created_by=actor,
        **fields.stored(),
        official_reference=official_reference,
        official_on=official_on,
    )
    changes = {
        "kind": [None, fields.kind],
        "position": [None, str(position.pk)],
        "period": [None, f"{fields.start_on}–{fields.end_on}"],
    }
    if lacks_agreement:
        changes["without_agreement"] = [None, "confirmed"]
    if match_score is not None:
        changes["match_score"] = [None, f"{match_score:.3f}"]
    changes.update(official.reference_changes("", None, official_reference, official_on))
    audit_record(
        actor=actor,
        action="placement.create",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes=changes,
    )
    stage_follows(actor, placement, in_step.EVENT_PLANNED)
    notices.period_notice(actor=actor, placement=placement, event=notices.PLANNED)
    return placement


def _fields_of(placement: Placement, **override: Any) -> PeriodFields:
    values: dict[str, Any] = {
        "kind": placement.kind,
        "start_on": placement.start_on,
        "end_on": placement.end_on,
        "days_per_week": placement.days_per_week,
        "hours_per_day": placement.hours_per_day,
        "objective": placement.objective,
        "track": placement.track,
        "subsidy_percent": placement.subsidy_percent,
        "monthly_pay": placement.monthly_pay,
        "monthly_subsidy": placement.monthly_subsidy,
        "working_time_percent": placement.working_time_percent,
    }
    values.update(override)
    return PeriodFields(**values)


def _refuse_if_breaking(placement: Placement, **changed: Any) -> None:
    """Check a saved period with some of its fields changed, as if it were new."""
    refused = rules.breaches(
        period_check(
            client=placement.client,
            position=placement.position,
            fields=_fields_of(placement, **changed),
            exclude_pk=placement.pk,
        )
    )
    if refused:
        raise PlacementRefused(refused)


def _placement_spell(placement: Placement) -> StatusSpell | None:
    return placement.client.spells.filter(
        status=placement.kind, start_on=placement.start_on
    ).first()


@transaction.atomic
def placement_extend(
    *, actor: User, placement: Placement, end_on: date, note: str, today: date
) -> Placement:
    """Move the planned end later; the whole period is checked again as if new."""
    if not placement.is_open:
        raise ValidationError(_("Only a planned or running period can be extended."))
    if end_on <= placement.end_on:
        raise ValidationError(_("The new end must be later than the current planned end."))
    _lock_position(placement.position)
    _refuse_if_breaking(placement, end_on=end_on)
    before = placement.end_on
    placement.end_on = end_on
    placement.save(update_fields=["end_on"])
    spell = _placement_spell(placement)
    if spell is not None:
        _reshape_following(placement.client, spell, end_on)
        spell.end_on = end_on
        spell.save(update_fields=["end_on"])
        refresh_unemployed_since(placement.client, today)
    PlacementTransition.objects.create(
        placement=placement,
        from_status=placement.status,
        to_status=placement.status,
        occurred_on=today,
        end_before=before,
        end_after=end_on,
        note=note,
        changed_by=actor,
    )
    audit_record(
        actor=actor,
        action="placement.extend",
        obj=placement.client,
        area=placement.area,
        person_ref=placement.client.person_ref,
        reason=note,
        changes={"end_on": [before.isoformat(), end_on.isoformat()]},
    )
    notices.period_notice(actor=actor, placement=placement, event=notices.CHANGED)
    return placement


def _reshape_following(client: Client, spell: StatusSpell, new_end: date) -> None:
    """A longer period pushes the start of the status that follows it."""
    following = client.spells.filter(start_on__gt=spell.start_on, start_on__lte=new_end)
    for later in following:
        if later.end_on is not None and later.end_on <= new_end:
            later.delete()
        else:
            later.start_on = new_end + timedelta(days=1)
            later.save(update_fields=["start_on"])


# The status that follows a period, by its outcome.
STATUS_AFTER: dict[str, str] = {
    Outcome.EMPLOYED_SAME: "employed",
    Outcome.EMPLOYED_OTHER: "employed",
    Outcome.ENTREPRENEUR: "employed",
    Outcome.EDUCATION: "education",
    Outcome.NEXT_SERVICE: "other_service",
    Outcome.JOB_SEEKING: "unemployed",
    Outcome.OUTSIDE_LABOUR_FORCE: "outside_labour_force",
}


def _start_spell(placement: Placement) -> None:
    client = placement.client
    ongoing = client.spells.filter(end_on__isnull=True, start_on__lt=placement.start_on).first()
    if ongoing is not None:
        ongoing.end_on = placement.start_on - timedelta(days=1)
        ongoing.save(update_fields=["end_on"])
    # Anything recorded inside the period gives way to it: the period is the fact now.
    client.spells.filter(start_on__gte=placement.start_on, start_on__lte=placement.end_on).delete()
    StatusSpell.objects.create(
        client=client, status=placement.kind, start_on=placement.start_on, end_on=placement.end_on
    )


def _close_spell(placement: Placement, last_day: date, outcome: str) -> None:
    client = placement.client
    spell = _placement_spell(placement)
    if spell is not None:
        spell.end_on = last_day
        spell.save(update_fields=["end_on"])
    client.spells.filter(start_on__gt=last_day).delete()
    status = STATUS_AFTER.get(outcome)
    if status is not None:
        StatusSpell.objects.create(
            client=client, status=status, start_on=last_day + timedelta(days=1), end_on=None
        )


# The event of a period's move that the person's service stage follows.
STAGE_EVENTS: dict[str, str] = {
    PlacementStatus.ACTIVE: in_step.EVENT_STARTED,
    PlacementStatus.ENDED: in_step.EVENT_ENDED,
    PlacementStatus.INTERRUPTED: in_step.EVENT_ENDED,
    PlacementStatus.CANCELLED: in_step.EVENT_CANCELLED,
}


def _stage_reason(placement: Placement, event: str) -> str:
    period = {"organisation": placement.organisation.name, "period": str(placement)}
    if event == in_step.EVENT_PLANNED:
        return _("A period at %(organisation)s was planned (%(period)s).") % period
    if event == in_step.EVENT_STARTED:
        return _("The period at %(organisation)s started (%(period)s).") % period
    if event == in_step.EVENT_CANCELLED:
        return _("The period at %(organisation)s was cancelled (%(period)s).") % period
    return _("The period at %(organisation)s ended (%(period)s): %(outcome)s.") % {
        **period,
        "outcome": placement.get_outcome_display() or _("outcome not recorded"),
    }


def stage_follows(actor: User, placement: Placement, event: str) -> None:
    """The person's service stage follows the period's event (`in_step.stage_target`),
    one allowed move at a time, each in the stage history and the audit log, in the
    transaction of the event itself."""
    client = placement.client
    others = client.placements.exclude(pk=placement.pk)
    target = in_step.stage_target(
        client.stage,
        event,
        placement.outcome,
        other_running=others.filter(status=PlacementStatus.ACTIVE).exists(),
        other_planned=others.filter(status=PlacementStatus.PLANNED).exists(),
    )
    if target is None:
        return
    reason = _stage_reason(placement, event)
    for stage in in_step.stage_path(SERVICE_PATH.moves, client.stage, target):
        client_stage_change(actor=actor, client=client, to_stage=stage, reason=reason)


def _check_transition(
    placement: Placement, to_status: str, *, on: date, today: date, reason: str
) -> None:
    """Refuse a move the pipeline does not allow, or a day that does not fit it."""
    PERIOD_LIFE.check(placement.status, to_status)
    if to_status == PlacementStatus.INTERRUPTED and not reason:
        raise ValidationError({"reason": _("Give the reason for the interruption.")})
    ending = to_status in (PlacementStatus.ENDED, PlacementStatus.INTERRUPTED)
    if ending and not placement.start_on <= on <= placement.end_on:
        raise ValidationError(
            {
                "on": _(
                    "The last day must fall within the period (%(start)s–%(end)s). "
                    "Extend the period first to end it later."
                )
                % {
                    "start": f"{placement.start_on:%d.%m.%Y}",
                    "end": f"{placement.end_on:%d.%m.%Y}",
                }
            }
        )
    if to_status == PlacementStatus.ACTIVE and on > today:
        raise ValidationError({"on": _("A period cannot start in the future.")})


def _moved(
    actor: User,
    placement: Placement,
    to_status: str,
    on: date,
    reason: str,
    note: str,
    update: list[str],
    **notice: Any,
) -> None:
    """The move itself, checked before: the status, the fields that changed with it, and
    the history row with the day it happened."""
    move(
        placement,
        PERIOD_LIFE,
        to_status,
        actor=actor,
        reason=reason,
        check=False,
        also_save=update,
        occurred_on=on,
        note=note,
        **notice,
    )


def _started(
    actor: User,
    placement: Placement,
    on: date,
    reason: str,
    note: str,
    reference: str,
    reference_on: date | None,
) -> None:
    """The period starts: with its agreement's or decision's reference, on its real first
    day, and the person's status period with it."""
    update: list[str] = []
    if reference:
        placement.official_reference = reference
        placement.official_on = reference_on
        update += ["official_reference", "official_on"]
    if on != placement.start_on:
        # The real first day decides the law's months: check the period as it really is.
        _refuse_if_breaking(placement, start_on=on)
        placement.start_on = on
        update.append("start_on")
    _moved(actor, placement, PlacementStatus.ACTIVE, on, reason, note, update)
    _start_spell(placement)


def _ended(
    actor: User,
    placement: Placement,
    to_status: str,
    on: date,
    reason: str,
    note: str,
    outcome: str,
    reference: str,
    reference_on: date | None,
) -> None:
    """The period ends or is interrupted on its last day, with the notice's reference, and
    the person's status period closes with its outcome."""
    placement.ended_on = on
    placement.interruption_reason = reason if to_status == PlacementStatus.INTERRUPTED else ""
    if outcome:
        placement.outcome = outcome
    update = ["ended_on", "interruption_reason", "outcome"]
    notice = bool(reference)
    _moved(
        actor,
        placement,
        to_status,
        on,
        reason,
        note,
        update,
        official_reference=reference if notice else "",
        official_on=reference_on if notice else None,
    )
    _close_spell(placement, on, placement.outcome)


@transaction.atomic
def placement_transition(
    *,
    actor: User,
    placement: Placement,
    to_status: str,
    on: date,
    today: date,
    reason: str = "",
    outcome: str = "",
    note: str = "",
    official_reference: str = "",
    official_on: date | None = None,
) -> Placement:
    """Start, end, interrupt or cancel a period; the person's status periods follow. On a
    start the reference is the work-trial agreement's or wage-subsidy decision's, on an end
    or interruption the notice's, each made in the national system."""
    official_reference, official_on = official.reference_checked(official_reference, official_on)
    _check_transition(placement, to_status, on=on, today=today, reason=reason)
    ending = to_status in (PlacementStatus.ENDED, PlacementStatus.INTERRUPTED)

    from_status = placement.status
    start_before = placement.start_on
    before_reference = (placement.official_reference, placement.official_on)
    if to_status == PlacementStatus.ACTIVE:
        _started(actor, placement, on, reason, note, official_reference, official_on)
    elif to_status in (PlacementStatus.ENDED, PlacementStatus.INTERRUPTED):
        _ended(
            actor, placement, to_status, on, reason, note, outcome, official_reference, official_on
        )
    else:
        _moved(actor, placement, to_status, on, reason, note, [])
    refresh_unemployed_since(placement.client, today)
    stage_follows(actor, placement, STAGE_EVENTS[to_status])
    notice = ending and bool(official_reference)
    client = placement.client
    client_served(client, on, today=today)
    audit_record(
        actor=actor,
        action="placement.transition",
        obj=client,
        area=placement.area,
        person_ref=client.person_ref,
        reason=note,
        changes={
            "status": [from_status, to_status],
            "reason": [None, reason or None],
            **official.reference_changes(
                *before_reference, placement.official_reference, placement.official_on
            ),
            **({"notice_reference": [None, official_reference]} if notice else {}),
        },
    )
    notices.after_move(
        actor=actor, placement=placement, to_status=to_status, start_before=start_before
    )
    return placement


@transaction.atomic
def placement_reference_set(
    *, actor: User, placement: Placement, official_reference: str, official_on: date | None
) -> Placement:
    """Link the period to its work-trial agreement or wage-subsidy decision in the national
    system, or correct the link; an empty reference removes it."""
    if placement.status == PlacementStatus.CANCELLED:
        raise ValidationError(_("A period cancelled before its start has no agreement to link."))
    official.link_recorded(
        actor=actor,
        record=placement,
        official_reference=official_reference,
        official_on=official_on,
        action="placement.reference",
        client=placement.client,
    )
    return placement


@transaction.atomic
def outcome_record(*, actor: User, placement: Placement, outcome: str, today: date) -> Placement:
    """Where the person went after the period; the status after it follows."""
    if placement.status not in (PlacementStatus.ENDED, PlacementStatus.INTERRUPTED):
        raise ValidationError(_("The outcome is recorded when the period has ended."))
    before = placement.outcome
    placement.outcome = outcome
    placement.save(update_fields=["outcome"])
    assert placement.ended_on is not None  # an ended or interrupted period has its last day
    _close_spell(placement, placement.ended_on, outcome)
    refresh_unemployed_since(placement.client, today)
    stage_follows(actor, placement, in_step.EVENT_ENDED)
    audit_record(
        actor=actor,
        action="placement.outcome",
        obj=placement.client,
        area=placement.area,
        person_ref=placement.client.person_ref,
        changes={"outcome": [before or None, outcome]},
    )
    return placement


@transaction.atomic
def review_record(*, actor: User, placement: Placement, today: date, **fields: Any) -> Review:
    """A three-way review. The end review's summary and next steps go into the person's
    continuation plan, where the next coach will look."""
    stage = fields["stage"]
    if placement.status in (PlacementStatus.PLANNED, PlacementStatus.CANCELLED):
        raise ValidationError(_("Reviews are held once the period has started."))
    if placement.reviews.filter(stage=stage).exists():
        raise ValidationError({"stage": _("This review has already been recorded for the period.")})
    if fields["held_on"] < placement.start_on:
        raise ValidationError({"held_on": _("The review cannot be before the period starts.")})
    if fields["held_on"] > today:
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    if stage != Review.Stage.END:
        fields["summary"] = ""
    review = Review.objects.create(placement=placement, recorded_by=actor, **fields)
    client = placement.client
    if stage == Review.Stage.END:
        plan, _created = Plan.objects.get_or_create(client=client, kind=Plan.Kind.CONTINUATION)
        heading = _("After the period at %(organisation)s (%(period)s):") % {
            "organisation": placement.organisation.name,
            "period": str(placement),
        }
        addition = f"{heading}\n{fields.get('summary', '').strip()}".strip()
        plan.summary = f"{plan.summary}\n\n{addition}".strip()
        plan.save(update_fields=["summary"])
        for line in (fields.get("next_steps") or "").splitlines():
            if line.strip():
                plan_step_add(
                    actor=actor,
                    client=client,
                    kind=Plan.Kind.CONTINUATION,
                    text=line.strip()[:300],
                    owner=_("coach"),
                    due_on=today + timedelta(days=30),
                )
    client_served(client, review.held_on)
    audit_record(
        actor=actor,
        action="placement.review",
        obj=client,
        area=placement.area,
        person_ref=client.person_ref,
        changes={"review": [None, stage]},
    )
    return review
