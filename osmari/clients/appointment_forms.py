"""Field shapes of an appointment: the day and the time apart, as a person types them."""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.clients.models import Appointment, AppointmentWay
from osmari.clients.service_hours import MAX_MINUTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AppointmentForm(forms.Form):
    day = forms.DateField(
        label=_("Date"),
        widget=DATE,
        error_messages={"invalid": _("Give the date as day.month.year, for example 15.1.2027.")},
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=TIME,
        error_messages={"invalid": _("Give the time as hours and minutes, for example 13.30.")},
    )
    minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=MAX_MINUTES,
        initial=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
        error_messages={
            "invalid": _("Give the duration as whole minutes, for example 45."),
            "min_value": _("The duration must be at least one minute."),
            "max_value": _("One appointment lasts at most 480 minutes (8 hours)."),
        },
    )
    way = forms.ChoiceField(
        label=_("Way of meeting"),
        choices=AppointmentWay.choices,
        initial=AppointmentWay.IN_PERSON,
        error_messages={"invalid_choice": _("Pick how you meet: in person, by phone or by video.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=Appointment._meta.get_field("place").help_text,
    )
    note_for_client = forms.CharField(
        label=_("Note for the client"),
        max_length=300,
        required=False,
        help_text=Appointment._meta.get_field("note_for_client").help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("day"), cleaned.get("time")
        if day is not None and time is not None:
            try:
                starts_at = timezone.make_aware(datetime.combine(day, time))
                # The ends of the calendar do not survive the move to UTC.
                starts_at.astimezone(UTC)
            except (OverflowError, ValueError):
                self.add_error("day", _("Check the date."))
            else:
                cleaned["starts_at"] = starts_at
        return cleaned

    def service_fields(self) -> dict:
        """The values as the booking service takes them."""
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "minutes": data["minutes"],
            "way": data["way"],
            "place": data["place"],
            "note_for_client": data["note_for_client"],
        }
