"""The end of retention: a destruction list prepared, approved by the manager, carried out.

Before anyone's rows go, the ESF+ indicators and targets of every closed reporting period of
the area's programmes are frozen (`FrozenPeriod`), so that what was reported stays as
reported. The list keeps what went (model, key, a bare reference) and when, never the
content. What remains of a person elsewhere (a reference in the log) is pseudonymised, not
anonymous.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models import Min
from django.utils import timezone

from osmari.accounts.models import User
from osmari.accounts.services import user_personal_data_remove
from osmari.core import retention_hooks
from osmari.core.audit import Actor, audit_record, log_expire
from osmari.core.models import AuditEvent, EmploymentArea
from osmari.employers.models import OrganisationMembership
from osmari.feedback.models import Response
from osmari.privacy import archive, due
from osmari.privacy.models import DestructionEntry, DestructionList, FrozenPeriod, ProgrammePayment

BATCH = 200
# What the end of retention does to a record, as the audit log names it.
ACTION_OF = {"account": "retention.pseudonymise", "programme": "retention.archive"}


class NotApproved(Exception):
    """The list has not been approved: nothing on it is destroyed."""


@transaction.atomic
def payment_record(
    *, actor: Actor, area: EmploymentArea, programme_id: int, last_paid_on: date
) -> ProgrammePayment:
    """The day of the programme's last payment: its participants' ESF+ period starts then."""
    payment, _created = ProgrammePayment.objects.update_or_create(
        programme_id=programme_id,
        defaults={
            "last_paid_on": last_paid_on,
            "recorded_by": actor if isinstance(actor, User) else None,
        },
    )
    audit_record(
        actor=actor,
        action="retention.last_payment",
        obj=payment,
        area=area,
        changes={"last_paid_on": [None, last_paid_on.isoformat()]},
    )
    return payment


@transaction.atomic
def prepare(*, actor: Actor, area: EmploymentArea, today: date) -> DestructionList:
    """List every record of the area due today, for the manager to approve."""
    reports = due.due_in(area, today)
    listing = DestructionList.objects.create(
        area=area,
        due_on=today,
        created_by=actor if isinstance(actor, User) else None,
        counts={r.key: r.due_count for r in reports if r.action in due.LISTED},
    )
    DestructionEntry.objects.bulk_create(
        DestructionEntry(
            destruction_list=listing,
            record_type=r.key,
            model_label=d.model_label,
            object_pk=d.pk,
            person_ref=d.person_ref,
            records=d.count,
        )
        for r in reports
        for d in r.due
    )
    audit_record(
        actor=actor, action="retention.prepare", obj=listing, area=area, changes=listing.counts
    )
    return listing


@transaction.atomic
def approve(*, actor: User, listing: DestructionList) -> DestructionList:
    locked = DestructionList.objects.select_for_update().get(pk=listing.pk)
    if locked.approved_at is None:
        locked.approved_at = timezone.now()
        locked.approved_by = actor
        locked.save(update_fields=["approved_at", "approved_by"])
        audit_record(
            actor=actor,
            action="retention.approve",
            obj=locked,
            area=locked.area,
            changes=locked.counts,
        )
    return locked


def freeze(*, area: EmploymentArea, today: date) -> list[FrozenPeriod]:
    """The indicators and targets of each closed reporting period of the area's programmes,
    as they stand now; a period already frozen stays as it was first frozen."""
    known = {
        (programme_id, start, end)
        for programme_id, start, end in FrozenPeriod.objects.filter(
            programme__area=area
        ).values_list("programme_id", "start", "end")
    }
    return [
        FrozenPeriod.objects.create(
            programme_id=period.programme,
            start=period.start,
            end=period.end,
            indicators=period.indicators,
            targets=period.targets,
        )
        for period in retention_hooks.closed_periods(area, today, known)
    ]


@dataclass
class Outcome:
    destroyed: Counter[str]
    no_longer_due: Counter[str]
    already_done: bool = False
    # Log ranges the database refused to remove for the application's role: they wait for
    # the database owner (`expire_audit_log`).
    waiting_for_owner: int = 0


def _is_log_range(entry: DestructionEntry) -> bool:
    return entry.object_pk.startswith(due.LOG_RANGE)


def _log_before(entry: DestructionEntry) -> datetime:
    day = date.fromisoformat(entry.object_pk.removeprefix(due.LOG_RANGE))
    return timezone.make_aware(datetime.combine(day, time.min))


def log_range_expire(*, actor: Actor, entry: DestructionEntry) -> int:
    """Remove the area's audit events of an approved list's log range: only those older than
    the listed cutoff, which the manager approved, in batches under a recorded expiry. The
    list and the log keep how many went and from when to when, never what they said.
    Raises DatabaseError where the database refuses the application's role (PostgreSQL):
    the owner then runs `expire_audit_log`. Running it again removes nothing more."""
    listing = entry.destruction_list
    # Only the events that were there when the list was made: those the manager approved.
    before = min(_log_before(entry), listing.created_at)
    first = AuditEvent.objects.filter(area=listing.area, occurred_at__lt=before).aggregate(
        first=Min("occurred_at")
    )["first"]
    removed = log_expire(before=before, area=listing.area)
    with transaction.atomic():
        entry.destroyed_at = timezone.now()
        entry.save(update_fields=["destroyed_at"])
        audit_record(
            actor=actor,
            action="retention.log_expire",
            area=listing.area,
            changes={
                "list": [None, listing.pk],
                "removed": [None, removed],
                "from": [None, first.isoformat() if first else None],
                "before": [None, before.isoformat()],
            },
        )
    return removed


def _log_ranges(actor: Actor, entries: list[DestructionEntry], outcome: Outcome) -> None:
    for entry in entries:
        try:
            log_range_expire(actor=actor, entry=entry)
        except DatabaseError:
            outcome.waiting_for_owner += 1
            continue
        outcome.destroyed[entry.record_type] += entry.records


def _destroy_client_feedback(listing: DestructionList, client_pk: str) -> int:
    """The answers given through the client's periods' invitations go with the client:
    the invitation goes with the period, and the answer points to it."""
    responses = list(
        Response.objects.filter(invitation__placement__client_id=client_pk).values_list(
            "pk", flat=True
        )
    )
    label = Response._meta.label
    for pk in responses:
        entry, _created = DestructionEntry.objects.get_or_create(
            destruction_list=listing,
            model_label=label,
            object_pk=str(pk),
            defaults={"record_type": "feedback"},
        )
        entry.destroyed_at = timezone.now()
        entry.save(update_fields=["destroyed_at"])
    Response.objects.filter(pk__in=responses).delete()
    return len(responses)


def _account_end(actor: Actor, pk: int) -> None:
    user = User.objects.filter(pk=pk, personal_data_removed_on__isnull=True).first()
    if user is not None:
        OrganisationMembership.objects.filter(user=user).delete()
        user_personal_data_remove(actor=actor if isinstance(actor, User) else None, user=user)


def _destroy(
    actor: Actor,
    listing: DestructionList,
    entry: DestructionEntry,
    outcome: Outcome,
    today: date,
) -> None:
    model = apps.get_model(entry.model_label)
    if entry.model_label == "clients.Client":
        outcome.destroyed["feedback"] += _destroy_client_feedback(listing, entry.object_pk)
    if model is User:
        _account_end(actor, int(entry.object_pk))
    elif entry.record_type == "programme":
        archive.programme_hand_over(entry, today)
    else:
        model._default_manager.filter(pk=entry.object_pk).delete()
    entry.destroyed_at = timezone.now()
    entry.save(update_fields=["destroyed_at", "archived_to", "checksum"])
    outcome.destroyed[entry.record_type] += 1
    changes = {"record": [entry.model_label, None], "list": [listing.pk, None]}
    if entry.archived_to:
        changes["archived_to"] = [None, entry.archived_to]
        changes["checksum"] = [None, entry.checksum]
    audit_record(
        actor=actor,
        action=ACTION_OF.get(entry.record_type, "retention.destroy"),
        area=listing.area,
        person_ref=entry.person_ref,
        changes=changes,
    )


def execute(*, actor: Actor, listing: DestructionList, today: date) -> Outcome:
    """Destroy what an approved list holds, in batches, each in its own transaction with its
    audit events. A record already gone is recorded as destroyed; one no longer due (the
    client came back) stays and is reported. Running it again destroys nothing more."""
    listing = DestructionList.objects.select_related("area").get(pk=listing.pk)
    if listing.approved_at is None:
        raise NotApproved
    outcome = Outcome(Counter(), Counter())
    if listing.executed_at is not None:
        outcome.already_done = True
        return outcome
    freeze(area=listing.area, today=today)
    still_due = due.due_keys(listing.area, today)
    waiting = list(listing.entries.filter(destroyed_at__isnull=True))
    # A log range stays due as the days pass: its events only grow older.
    cutoff = due.log_cutoff(today)
    log_ranges = [e for e in waiting if _is_log_range(e) and _log_before(e) <= cutoff]
    pending = [
        e.pk for e in waiting if not _is_log_range(e) and (e.model_label, e.object_pk) in still_due
    ]
    for first in range(0, len(pending), BATCH):
        with transaction.atomic():
            batch = DestructionEntry.objects.select_for_update().filter(
                pk__in=pending[first : first + BATCH], destroyed_at__isnull=True
            )
            for entry in batch:
                _destroy(actor, listing, entry, outcome, today)
    _log_ranges(actor, log_ranges, outcome)
    for entry in listing.entries.filter(destroyed_at__isnull=True):
        if _is_log_range(entry):
            continue
        model = apps.get_model(entry.model_label)
        if model._default_manager.filter(pk=entry.object_pk).exists():
            outcome.no_longer_due[entry.record_type] += 1
        else:  # gone already, with the record it belonged to
            entry.destroyed_at = timezone.now()
            entry.save(update_fields=["destroyed_at"])
    with transaction.atomic():
        listing.executed_at = timezone.now()
        listing.save(update_fields=["executed_at"])
        audit_record(
            actor=actor,
            action="retention.execute",
            obj=listing,
            area=listing.area,
            changes={key: [None, n] for key, n in outcome.destroyed.items()},
        )
    return outcome
