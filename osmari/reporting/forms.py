from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.core.validators import date_in_range
from osmari.reporting.competence_models import TrainingTopic
from osmari.reporting.models import (
    CompetenceGoal,
    Programme,
    ReportSection,
    StaffMember,
    StaffTraining,
    WorkingTime,
    WorkPackage,
)
from osmari.reporting.services import PROGRAMME_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The programme's months and years are counted to its end on every page of it.
        for name in ("starts_on", "ends_on"):
            self.fields[name].validators.append(date_in_range)


class PeriodForm(forms.Form):
    """The period a page or report covers; both days are included."""

    start = forms.DateField(label=_("From"), widget=DATE, validators=[date_in_range])
    end = forms.DateField(label=_("To"), widget=DATE, validators=[date_in_range])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The first day must not be after the last day."))
        return data


class PlanForm(forms.Form):
    """The funding decision's eligible salary costs for each implementation year."""

    def __init__(self, *args, years, plan, **kwargs):
        super().__init__(*args, **kwargs)
        for span in years:
            self.fields[f"year_{span.number}"] = forms.DecimalField(
                label=_("Year %(n)s (%(span)s), eligible salary costs (€)")
                % {"n": span.number, "span": span.label},
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=plan.get(span.number),
            )


class StaffForm(forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = ["name", "title", "hourly_rate", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class WorkingTimeForm(forms.ModelForm):
    month = forms.DateField(
        label=_("Month"),
        widget=MONTH,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text=_("For example 2026-03."),
    )

    class Meta:
        model = WorkingTime
        fields = ["month", "package", "hours"]

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        package = self.fields["package"]
        package.queryset = WorkPackage.objects.filter(programme=programme)
        package.empty_label = _("Not allocated")
        package.help_text = _("Each work package's hours are recorded separately.")

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


class GoalForm(forms.ModelForm):
    class Meta:
        model = CompetenceGoal
        fields = ["goal", "due_on"]
        widgets = {"due_on": DATE}


class TrainingForm(forms.ModelForm):
    class Meta:
        model = StaffTraining
        fields = ["title", "topic", "provider", "completed_on", "hours", "goal"]
        widgets = {"completed_on": DATE}

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = CompetenceGoal.objects.filter(staff=staff)
        # The topics of the area's training matrix, where the paid staff count too; a
        # training given without one is "other", as those recorded before topics were.
        self.fields["topic"] = forms.ChoiceField(
            label=_("Topic"),
            choices=TrainingTopic.choices,
            initial=TrainingTopic.OTHER,
            required=False,
        )

    def clean_topic(self):
        return self.cleaned_data.get("topic") or TrainingTopic.OTHER


# What each section's text is for, shown under its box.
SECTION_HELP = {
    ReportSection.SUMMARY: _(
        "How the period went as a whole: what was reached, what was not, and what comes next."
    ),
    ReportSection.TP1: _("How people were identified and reached, and what was learnt."),
    ReportSection.TP2: _("What the feedback said and what was changed because of it."),
    ReportSection.TP3: _("How the agreement model was used and developed with the organisations."),
    ReportSection.TP4: _("What the organisations got back, and how they took part."),
    ReportSection.MANAGEMENT: _(
        "Steering, the municipalities' part, communication and the staff's competence."
    ),
}
NARRATIVE_MAX = 6000


class ReportTextsForm(forms.Form):
    """The manager's own words for each section of one period's progress report."""

    def __init__(self, *args, initial_texts: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for section in ReportSection:
            self.fields[section.value] = forms.CharField(
                label=section.label,
                required=False,
                max_length=NARRATIVE_MAX,
                help_text=SECTION_HELP[section],
                initial=(initial_texts or {}).get(section.value, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
