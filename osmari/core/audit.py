"""Write audit events. Called by services inside their own transaction."""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db import connection, models, transaction

from osmari.core import request_context
from osmari.core.models import AuditEvent, AuditLogExpiry, EmploymentArea

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

# Who acts: a user, logged in or not (a request's), or nobody (a command, a schedule, an
# answer without login). Core is below accounts, so it names Django's user types.
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | None"

# Change records name these fields but never copy their values: a person's name, contact
# details, identity code or free text about them would otherwise live on in the log, beyond
# the record's own retention and erasure.
PERSONAL_KEYS = frozenset(
    {
        "first_name",
        "last_name",
        "full_name",
        "name",
        "email",
        "phone",
        "street_address",
        "personal_identity_code",
        # Its keyed hash finds the person as surely as the code does.
        "identity_hash",
        "contact",
        "user",
        "signer_name",
        "step",
        "text",
        "notes",
        "reduced_work_ability_notes",
        "note",
        # Health, background and who looks after the person.
        "restrictions",
        "languages",
        "gender",
        "postal_code",
        "municipality",
        "coach",
        "person",
        "staff",
        # A reference is a case number, yet whoever types it may type more; the record
        # keeps it, the log says only that it changed. A status history is the person's.
        "official_reference",
        "notice_reference",
        "spells",
        # The person's own answers six months after leaving: the record keeps them, erasure
        # removes them, and the log must not outlive it with them.
        "employed_after_6_months",
        "improved_after_6_months",
    }
)
CHANGED = "changed"


def _without_personal_values(changes: dict[str, Any]) -> dict[str, Any]:
    return {key: CHANGED if key in PERSONAL_KEYS else value for key, value in changes.items()}


def _shown_as(obj: models.Model, person_ref: str) -> str:
    # An object about a person is named by its kind and number, not by the person's name.
    if person_ref:
        return f"{obj._meta.model_name} {obj.pk}"[:200]
    return str(obj)[:200]


def _event(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None,
    area_id: int | None,
    person_ref: str,
    reason: str,
    changes: dict[str, Any],
    recipient: str = "",
) -> AuditEvent:
    """An unsaved event: who acted, on what, and from which request."""
    context = request_context.current()
    # A logged-in actor is an instance of the user model, which core cannot name; an API
    # token acts as itself and is named by its label, never saved as a user.
    is_user = isinstance(actor, models.Model) and getattr(actor, "is_authenticated", False)
    label = getattr(actor, "audit_label", "") or (getattr(actor, "email", "") if is_user else "")
    return AuditEvent(
        actor=actor if is_user else None,  # type: ignore[misc]
        actor_label=label or "",
        area_id=area_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=_shown_as(obj, person_ref) if obj is not None else "",
        person_ref=person_ref,
        reason=reason[:500],
        changes=_without_personal_values(changes),
        recipient=recipient[:200],
        request_id=context.request_id,
        ip_address=context.ip_address,
    )


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    area: EmploymentArea | None = None,
    person_ref: str = "",
    reason: str = "",
    changes: dict[str, Any] | None = None,
    recipient: str = "",
) -> AuditEvent:
    """Append one audit event; the request id and address come from the current request."""
    event = _event(
        actor=actor,
        action=action,
        obj=obj,
        area_id=area.pk if area is not None else None,
        person_ref=person_ref,
        # A reason written about a person (a decision's grounds, why a period was
        # interrupted) is health or life detail: it stays in its own record, which has a
        # retention period and can be erased.
        reason="" if person_ref else reason,
        changes=changes or {},
        recipient=recipient,
    )
    event.save()
    return event


def changed_fields(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict:
    """The fields whose values differ from `before`, as {"field": [old, new]} (as text)."""
    result = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            result[name] = [None if old is None else str(old), None if new is None else str(new)]
    return result


def persons_read(
    *,
    actor: Actor,
    persons: Iterable[Any],
    part: str = "record",
    obj: models.Model | None = None,
    reason: str = "",
) -> int:
    """Record that the actor was shown these people: one event per person, naming them, so
    that each person can learn who consulted their data and why (GDPR art. 15). The one way
    a read of a person is audited; it also keeps the response out of every cache.

    `persons` are records with `person_ref` and `area_id` (a client); `obj` is what was
    opened when it is not the person themself (a period, a place, a programme number).
    """
    request_context.mark("personal_data")
    action = "client.view" if part == "record" else f"client.view_{part}"
    events = []
    seen: set[str] = set()
    for person in persons:
        if person.person_ref in seen:
            continue
        seen.add(person.person_ref)
        events.append(
            # The reason here is the service's own (which number, which period), not words
            # about the person.
            _event(
                actor=actor,
                action=action,
                obj=obj if obj is not None else person,
                area_id=person.area_id,
                person_ref=person.person_ref,
                reason=reason,
                changes={},
            )
        )
    AuditEvent.objects.bulk_create(events)
    return len(events)


def recipient_ref(*records: Any) -> str:
    """Recipients as references ("user:7 client:42"): the log says who received data
    without keeping their names or addresses beyond the records' own retention."""
    refs = []
    for record in records:
        if record is None:
            continue
        # A recipient that is not a row (an API token's caller) names itself.
        ref = (
            getattr(record, "recipient_key", None)
            or getattr(record, "person_ref", None)
            or f"{record._meta.model_name}:{record.pk}"
        )
        if ref not in refs:
            refs.append(ref)
    return " ".join(refs)


def disclosure_recorded(
    *,
    actor: Actor,
    action: str,
    recipient: str,
    obj: models.Model | None = None,
    area: EmploymentArea | None = None,
    person_ref: str = "",
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that data left the service and who received it (`recipient_ref`): a file
    downloaded, a document printed, an e-mail sent, later an API call."""
    if not recipient:
        raise ValueError("A disclosure names its recipient.")
    return audit_record(
        actor=actor,
        action=action,
        obj=obj,
        area=area,
        person_ref=person_ref,
        reason=reason,
        changes=changes,
        recipient=recipient,
    )


def download_recorded(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    area: EmploymentArea | None = None,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that the actor took a file out of the service (an export, a PDF, a scan): the
    actor is its recipient.

    Files about named people record each person through `persons_read` as well."""
    return disclosure_recorded(
        actor=actor,
        action=action,
        recipient=recipient_ref(actor),
        obj=obj,
        area=area,
        reason=reason,
        changes=changes,
    )


LOG_EXPIRY_BATCH = 5000


def log_expire(
    *, before: datetime, area: EmploymentArea | None, batch: int = LOG_EXPIRY_BATCH
) -> int:
    """Remove the log's events of one area (None: the events recorded without an area) that
    occurred before `before`, whose retention has ended.

    The expiry row is committed first: it is what lets the database remove those events,
    and nothing later. Then the events go in batches, each in its own transaction, so that
    a long log does not hold one huge transaction; an interrupted run resumes under the same
    row. The removal is itself an audit event. The ORM refuses to delete audit events, so
    this is the one place that does, in SQL; on PostgreSQL only the owner role may.
    Returns how many events this run removed."""
    with transaction.atomic():
        expiry, _created = AuditLogExpiry.objects.get_or_create(expired_before=before)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    in_area = "area_id IS NULL" if area is None else "area_id = %s"
    params: list[Any] = [before] + ([] if area is None else [area.pk]) + [batch]
    removed = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN "  # noqa: S608 - the table name is ours
                f"(SELECT id FROM {table} WHERE occurred_at < %s AND {in_area} "
                "ORDER BY id LIMIT %s)",
                params,
            )
            if cursor.rowcount <= 0:
                break
            removed += cursor.rowcount
    with transaction.atomic():
        expiry.removed += removed
        expiry.save(update_fields=["removed"])
        audit_record(
            actor=None,
            action="audit.log_expired",
            area=area,
            changes={"before": [None, before.isoformat()], "removed": [None, removed]},
        )
    return removed


def operator_name() -> str:
    """Who ran a command, as the operating system knows them: the log names a person for
    what a command does, as commands run with no Osmari account."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
