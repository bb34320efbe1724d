from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.core.validators import date_in_range
from osmari.reporting import outcomes
from osmari.reporting.forms import DATE

GROUPING_LABELS = {
    "instrument": _("Instrument (work trial, wage subsidy by track, none)"),
    "host": _("Host organisation"),
    "position_kind": _("Kind of position"),
    "municipality": _("Municipality"),
    "gender": _("Gender"),
    "age_band": _("Age band on entry"),
    "language": _("Language"),
}
COMPARE_CHOICES = [
    ("", _("No comparison")),
    ("groups", _("Two groups in the same period")),
    ("periods", _("The same group (or everyone) in two periods")),
]


class OutcomeForm(forms.Form):
    """How the outcomes are grouped, and what is compared side by side. The period itself is
    the reporting pages' `PeriodForm`."""

    by = forms.ChoiceField(
        label=_("Group by"),
        choices=[(key, GROUPING_LABELS[key]) for key in GROUPING_LABELS],
        required=False,
    )
    compare = forms.ChoiceField(label=_("Compare"), choices=COMPARE_CHOICES, required=False)
    a = forms.ChoiceField(label=_("Group A"), required=False)
    b = forms.ChoiceField(label=_("Group B"), required=False)
    start_b = forms.DateField(
        label=_("Second period from"), widget=DATE, validators=[date_in_range], required=False
    )
    end_b = forms.DateField(
        label=_("Second period to"), widget=DATE, validators=[date_in_range], required=False
    )

    def __init__(self, *args, groups: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Everyone")), *(groups or [])]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean_by(self):
        return self.cleaned_data["by"] or "instrument"

    def clean(self):
        data = super().clean()
        compare = data.get("compare")
        if compare == "groups" and not (data.get("a") and data.get("b")):
            raise forms.ValidationError(_("Choose the two groups to compare."))
        if compare == "groups" and data.get("a") == data.get("b"):
            raise forms.ValidationError(_("Choose two different groups to compare."))
        if compare == "periods":
            start, end = data.get("start_b"), data.get("end_b")
            if not (start and end):
                raise forms.ValidationError(_("Give the first and last day of the second period."))
            if start > end:
                raise forms.ValidationError(_("The first day must not be after the last day."))
        return data


assert set(GROUPING_LABELS) == set(outcomes.GROUPINGS)
