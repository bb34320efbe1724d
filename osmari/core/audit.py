"""Write audit events. Called by services inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from osmari.core import request_context
from osmari.core.models import AuditEvent, EmploymentArea


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    area: EmploymentArea | None = None,
    person_ref: str = "",
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; the request id and address come from the current request."""
    context = request_context.current()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(getattr(actor, "email", "") or "") if is_user else "",
        area=area,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        person_ref=person_ref,
        reason=reason[:500],
        changes=changes or {},
        request_id=context.request_id,
        ip_address=context.ip_address,
    )


def changed_fields(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict:
    """The fields whose values differ from `before`, as {"field": [old, new]} (as text)."""
    result = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            result[name] = [None if old is None else str(old), None if new is None else str(new)]
    return result
