"""The host organisation's forms: short, one thing each, usable on a phone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.core.official import OfficialReferenceFields
from osmari.core.validators import date_in_range
from osmari.placements.models import AbsenceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AbsenceForm(forms.Form):
    # Three forms share the page: each field's id stays unique.
    prefix = "absence"

    first_on = forms.DateField(label=_("First day"), widget=DATE, validators=[date_in_range])
    last_on = forms.DateField(
        label=_("Last day"),
        widget=DATE,
        validators=[date_in_range],
        required=False,
        help_text=_("Leave empty for a single day."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of absence"), choices=AbsenceKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example whether the participant called. Do not write about illness or "
            "health: the coach handles those."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("first_on") and not data.get("last_on") and "last_on" not in self.errors:
            data["last_on"] = data["first_on"]
        return data


class ReviewPartForm(forms.Form):
    prefix = "review"

    stage = forms.ChoiceField(label=_("Review"))
    view = forms.CharField(
        label=_("Your view as the workplace instructor"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the work has gone, what has been learnt, what to practise next."),
    )

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = list(stages)


class HostViewForm(forms.Form):
    prefix = "period"

    view = forms.CharField(
        label=_("Your view of the period"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The coach reads it. Do not write about illness or health."),
    )


class AbsenceReportedForm(OfficialReferenceFields):
    """The coach's note that an absence was reported in the national system."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_reference(_("Notice reference in the national system"), _("Date of the notice"))
        self.fields["official_reference"].required = True
        self.fields["official_on"].required = True
