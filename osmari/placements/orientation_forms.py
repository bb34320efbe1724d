from django import forms
from django.utils.translation import gettext_lazy as _


class PlanChangeForm(forms.Form):
    """What the orientation plan agrees beyond the dates: working time, instructor, goals."""

    days_per_week = forms.IntegerField(label=_("Days per week"), min_value=1, max_value=7)
    hours_per_day = forms.DecimalField(
        label=_("Hours per day"), min_value=1, max_value=12, decimal_places=1
    )
    instructor = forms.ModelChoiceField(
        label=_("Workplace instructor"), queryset=None, required=False, empty_label="—"
    )
    objective = forms.CharField(
        label=_("Objective"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the person wants to find out or learn during the period."),
    )

    def __init__(self, *args, instructors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = instructors
