from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from osmari.core.official import OfficialReferenceFields
from osmari.core.validators import date_in_range
from osmari.placements.models import (
    InterruptionReason,
    Outcome,
    PlacementKind,
    PlacementStatus,
    Review,
    SubsidyTrack,
)
from osmari.placements.services import PeriodFields

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The agreement or decision is made in the national client information system; the labels
# say so, so that nobody takes Osmari's period for it.
AGREEMENT_REFERENCE = _(
    "Reference of the work-trial agreement / wage-subsidy decision in the national client "
    "information system"
)
AGREEMENT_DATE = _("Date of the agreement / decision")
AGREEMENT_HELP = _(
    "The identifier of the agreement or decision made in the national client information "
    "system (URA). It may be added later; until then the period is not linked to its "
    "official record."
)
NOTICE_REFERENCE = _(
    "Reference of the notice of the end or interruption in the national client information system"
)
NOTICE_DATE = _("Date of the notice")
NOTICE_HELP = _("The notice is made in the national client information system (URA).")


class PlacementForm(OfficialReferenceFields):
    position = forms.ModelChoiceField(label=_("Position"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlacementKind.choices)
    start_on = forms.DateField(
        label=pgettext_lazy("period", "Start"), widget=DATE, validators=[date_in_range]
    )
    end_on = forms.DateField(label=_("Planned end"), widget=DATE, validators=[date_in_range])
    days_per_week = forms.IntegerField(label=_("Days per week"), min_value=1, max_value=7)
    hours_per_day = forms.DecimalField(
        label=_("Hours per day"), min_value=1, max_value=12, decimal_places=1
    )
    objective = forms.CharField(
        label=_("Objective"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the person wants to find out or learn during the period."),
    )
    track = forms.ChoiceField(
        label=_("Subsidy track"),
        choices=[("", "—"), *SubsidyTrack.choices],
        required=False,
        help_text=_("Wage-subsidised work only."),
    )
    subsidy_percent = forms.IntegerField(
        label=_("Subsidy percent"), required=False, min_value=1, max_value=100
    )
    monthly_pay = forms.DecimalField(
        label=_("Monthly pay (€)"), required=False, min_value=0, decimal_places=2
    )
    monthly_subsidy = forms.DecimalField(
        label=_("Monthly subsidy (€)"), required=False, min_value=0, decimal_places=2
    )
    working_time_percent = forms.IntegerField(
        # A percent sign, not a placeholder: xgettext:no-python-format
        label=_("Working time (% of full time)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Needed for the associations' track."),
    )
    # Carried from a suggestion; a mangled value only loses the note, never blocks the form.
    match_score = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.name_reference(AGREEMENT_REFERENCE, AGREEMENT_DATE, AGREEMENT_HELP)

    def clean_match_score(self) -> float | None:
        try:
            value = float(self.cleaned_data["match_score"].replace(",", "."))
        except ValueError:
            return None
        return value if 0.0 <= value <= 1.0 else None

    def clean(self):
        data = super().clean()
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("The end date must not be before the start date."))
        if data.get("kind") == PlacementKind.WAGE_SUBSIDY and not data.get("track"):
            self.add_error("track", _("Choose the subsidy track."))
        return data

    def period_fields(self) -> PeriodFields:
        data = self.cleaned_data
        subsidy = data["kind"] == PlacementKind.WAGE_SUBSIDY
        return PeriodFields(
            kind=data["kind"],
            start_on=data["start_on"],
            end_on=data["end_on"],
            days_per_week=data["days_per_week"],
            hours_per_day=data["hours_per_day"],
            objective=data["objective"],
            track=data["track"] if subsidy else "",
            subsidy_percent=data["subsidy_percent"] if subsidy else None,
            monthly_pay=data["monthly_pay"] if subsidy else None,
            monthly_subsidy=data["monthly_subsidy"] if subsidy else None,
            working_time_percent=data["working_time_percent"] if subsidy else None,
        )


class TransitionForm(OfficialReferenceFields):
    to_status = forms.ChoiceField(label=_("Change to"), choices=PlacementStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DATE, validators=[date_in_range])
    reason = forms.ChoiceField(
        label=_("Reason for interruption"),
        choices=[("", "—"), *InterruptionReason.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("What comes next"), choices=[("", "—"), *Outcome.choices], required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (value, label) for value, label in PlacementStatus.choices if value in allowed
        ]
        if PlacementStatus.ACTIVE in allowed:
            self.name_reference(
                AGREEMENT_REFERENCE,
                AGREEMENT_DATE,
                _(
                    "Give it when the period starts; it may also be added later. Not needed "
                    "when the period is cancelled."
                ),
            )
        else:
            self.name_reference(NOTICE_REFERENCE, NOTICE_DATE, NOTICE_HELP)


class PlacementReferenceForm(OfficialReferenceFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_reference(AGREEMENT_REFERENCE, AGREEMENT_DATE, AGREEMENT_HELP)


class ExtendForm(forms.Form):
    end_on = forms.DateField(label=_("New planned end"), widget=DATE, validators=[date_in_range])
    note = forms.CharField(label=_("Why"), max_length=500)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = [
            "stage",
            "held_on",
            "participant_present",
            "instructor_present",
            "coach_present",
            "participant_view",
            "instructor_view",
            "notes",
            "next_steps",
            "summary",
        ]
        widgets = {
            "held_on": DATE,
            "participant_view": forms.Textarea(attrs={"rows": 3}),
            "instructor_view": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "next_steps": _(
                "One step a line. After the end review they become steps of the continuation plan."
            ),
            "summary": _(
                "End review only: what was learnt and what comes next. It is added "
                "to the continuation plan."
            ),
        }
