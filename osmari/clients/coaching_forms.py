"""Field shapes of client work: an activity, a group session with attendance, a kind."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.clients.models import Attendance, CoachingActivity
from osmari.clients.service_hours import MAX_MINUTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_IN_GROUP = ""


class ActivityForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=None, empty_label=None)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=MAX_MINUTES,
        help_text=_("For example 45. At most 480 minutes (8 hours)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
        error_messages={
            "invalid": _("Give the duration as whole minutes, for example 45."),
            "min_value": _("The duration must be at least one minute."),
            "max_value": _("One activity lasts at most 480 minutes (8 hours)."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=CoachingActivity._meta.get_field("note").help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Pick a kind from the area's current list."
        )


class GroupSessionForm(ActivityForm):
    """A session and, for each person of the coach's caseload, whether they took part."""

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        choices = [
            (NOT_IN_GROUP, _("Not in the group")),
            (Attendance.PRESENT, Attendance.PRESENT.label),
            (Attendance.ABSENT, Attendance.ABSENT.label),
        ]
        for client in self.candidates:
            self.fields[f"p_{client.pk}"] = forms.ChoiceField(
                label=f"{client.last_name} {client.first_name}",
                choices=choices,
                required=False,
            )

    def participant_fields(self):
        return [self[f"p_{client.pk}"] for client in self.candidates]

    def attendance(self) -> dict:
        """{client: present?} for each person marked present or absent."""
        marked = {}
        for client in self.candidates:
            value = self.cleaned_data.get(f"p_{client.pk}")
            if value:
                marked[client] = value == Attendance.PRESENT
        return marked


class KindForm(forms.Form):
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=100)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=100, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=100, required=False)
    is_group = forms.BooleanField(
        label=_("Group session"),
        required=False,
        help_text=_("Several participants at once, each marked present or absent."),
    )
