"""Pages of coaching appointments: book one with a client, or cancel one. The client's page
lists the upcoming ones (clients/appointments/_client_section.html)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients import appointments
from osmari.clients.appointment_forms import AppointmentForm
from osmari.clients.selectors import appointment_of, client_get_for_user
from osmari.core.audit import persons_read
from osmari.core.form_errors import add_service_error

# The service names the moment; the form asks its day and time apart.
FIELD_OF = {"starts_at": "day"}


def _on_form(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {FIELD_OF.get(name, name): problems for name, problems in error.error_dict.items()}
    )


def _back_to(client) -> str:
    return f"{reverse('clients:detail', args=[client.pk])}#appointments"


@access.permission_required("client.edit")
def appointment_book(request, pk):
    """Book an appointment with the client: the form on the client's page posts here, and an
    invalid one comes back on a page of its own, as it was filled in."""
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = AppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointments.appointment_book(
                actor=request.user, client=client, now=timezone.now(), **form.service_fields()
            )
        except ValidationError as error:
            add_service_error(form, _on_form(error))
        else:
            messages.success(request, _("Appointment booked."))
            return redirect(_back_to(client))
    persons_read(actor=request.user, persons=[client], part="appointment")
    return render(
        request,
        "clients/appointments/appointment_form.html",
        {"form": form, "client": client},
        status=422 if form.is_bound else 200,
    )


@require_POST
@access.permission_required("client.edit")
def appointment_cancel(request, pk, appointment_pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    appointment = appointment_of(client, appointment_pk)
    try:
        appointments.appointment_cancel(
            actor=request.user, appointment=appointment, now=timezone.now()
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Appointment cancelled."))
    return redirect(_back_to(client))
