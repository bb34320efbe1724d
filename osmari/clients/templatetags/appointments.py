"""The client page's appointments card reads its rows here, so that the card can be included
in the page without the page's view knowing of it. The client is already fetched for the
user (and the page's read audited) by the page's view."""

from dataclasses import dataclass

from django import template
from django.utils import timezone

from osmari.clients.appointment_forms import AppointmentForm
from osmari.clients.models import Appointment, Client
from osmari.clients.selectors import upcoming_appointments_of

register = template.Library()


@dataclass(frozen=True)
class AppointmentsCard:
    upcoming: list[Appointment]
    form: AppointmentForm


@register.simple_tag
def client_appointments(client: Client) -> AppointmentsCard:
    return AppointmentsCard(
        upcoming=list(upcoming_appointments_of(client, timezone.now())),
        form=AppointmentForm(auto_id="appointment_%s"),
    )
