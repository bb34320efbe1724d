"""Coaching appointments: a meeting booked ahead with one client, and its cancellation. Each
write audits in its own transaction. Work done at a meeting is still recorded afterwards
as a coaching activity (osmari.clients.coaching)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.accounts.models import User
from osmari.clients import service_hours
from osmari.clients.models import Appointment, AppointmentWay, Client
from osmari.core.audit import audit_record

# An appointment further ahead than this is taken to be a typing error in the year.
MAX_DAYS_AHEAD = 365


def _may_book(actor: User, client: Client) -> None:
    """The coach who may edit the client's record books and cancels their appointments."""
    if not access.may(actor, "client.edit", client):
        raise PermissionDenied


def _check(*, starts_at: datetime, minutes: int, way: str, now: datetime) -> None:
    """The rules every appointment keeps, each broken one named on its field."""
    problems: dict[str, str] = {}
    if starts_at <= now:
        problems["starts_at"] = _(
            "The time has already passed. Book an appointment for a later time; record work "
            "already done as an activity."
        )
    elif starts_at - now > timedelta(days=MAX_DAYS_AHEAD):
        problems["starts_at"] = _("The time is more than a year ahead: check the year.")
    duration = service_hours.duration_problem(minutes)
    if duration == "not_positive":
        problems["minutes"] = _("The duration must be at least one minute.")
    elif duration == "too_long":
        problems["minutes"] = _("One appointment lasts at most %(max)s minutes (8 hours).") % {
            "max": service_hours.MAX_MINUTES
        }
    if way not in AppointmentWay.values:
        problems["way"] = _("Pick how you meet: in person, by phone or by video.")
    if problems:
        raise ValidationError(problems)


def _audit_changes(appointment: Appointment) -> dict:
    # The place and the note are free text: the record keeps them, the log does not.
    return {
        "starts_at": [None, appointment.starts_at.isoformat()],
        "minutes": [None, appointment.minutes],
        "way": [None, appointment.way],
    }


@transaction.atomic
def appointment_book(
    *,
    actor: User,
    client: Client,
    starts_at: datetime,
    minutes: int,
    way: str,
    place: str = "",
    note_for_client: str = "",
    now: datetime,
) -> Appointment:
    """Book an appointment with the client, ahead of time, with the actor as the coach."""
    _may_book(actor, client)
    _check(starts_at=starts_at, minutes=minutes, way=way, now=now)
    appointment = Appointment.objects.create(
        area=client.area,
        client=client,
        coach=actor,
        starts_at=starts_at,
        minutes=minutes,
        way=way,
        place=place.strip(),
        note_for_client=note_for_client.strip(),
    )
    audit_record(
        actor=actor,
        action="appointment.book",
        obj=appointment,
        area=client.area,
        person_ref=client.person_ref,
        changes=_audit_changes(appointment),
    )
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: User, appointment: Appointment, now: datetime) -> Appointment:
    """Cancel an appointment that has not yet begun; cancelling it again changes nothing."""
    # Read again under a lock, so that two cancellations at once write one event.
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("area", "client__area")
        .get(pk=appointment.pk)
    )
    _may_book(actor, appointment.client)
    if appointment.cancelled_at is not None:
        return appointment
    if appointment.starts_at <= now:
        raise ValidationError(
            _("The appointment has already begun, so it can no longer be cancelled.")
        )
    appointment.cancelled_at = now
    appointment.save(update_fields=["cancelled_at"])
    audit_record(
        actor=actor,
        action="appointment.cancel",
        obj=appointment,
        area=appointment.area,
        person_ref=appointment.client.person_ref,
        changes={"cancelled_at": [None, now.isoformat()]},
    )
    return appointment
