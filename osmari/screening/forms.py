from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from osmari.core.models import Municipality
from osmari.core.official import OfficialReferenceFields
from osmari.screening.labels import WORKLIST_REASONS
from osmari.screening.models import DOMAINS, Decision, NeedsAssessment
from osmari.screening.selectors import WorklistFilter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = NeedsAssessment
        fields = ["assessed_on"] + [
            name for stem, _label, _special in DOMAINS for name in (stem, f"{stem}_notes")
        ]
        widgets = {"assessed_on": DATE} | {
            f"{stem}_notes": forms.Textarea(attrs={"rows": 2}) for stem, _l, _s in DOMAINS
        }

    def __init__(self, *args, include_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for stem, _label, _special in DOMAINS:
            self.fields[stem].widget = forms.RadioSelect(choices=self.fields[stem].choices[1:])
            self.fields[stem].help_text = _("1 = great need of support, 5 = no need")
        if not include_sensitive:
            # Work ability is health data: only those who may see it may record it.
            del self.fields["work_ability"], self.fields["work_ability_notes"]

    def domains(self):
        for stem, label, special in DOMAINS:
            if stem in self.fields:
                yield label, special, self[stem], self[f"{stem}_notes"]


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["proposal", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"reason": _("Why: the client reads this in the explanation.")}


class DecisionReferenceForm(OfficialReferenceFields):
    """The statutory decision is made in the national system; Osmari keeps its reference."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_reference(
            _("Reference of the decision in the national client information system"),
            _("Date of the decision"),
            _("The decision on the service made in the national client information system (URA)."),
        )


class WorklistFilterForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    coach = forms.TypedChoiceField(label=_("Coach"), required=False, coerce=int, empty_value=None)
    instrument = forms.ChoiceField(
        label=_("Latest proposal"),
        required=False,
        choices=[("", _("All")), *Decision.Proposal.choices],
    )

    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", _("All")), *WORKLIST_REASONS.items()],
    )

    def __init__(self, *args, areas, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.filter(employment_areas__in=areas).order_by("name_fi")
        self.fields["municipality"].choices = [("", _("All"))] + [
            (m.code, str(m)) for m in municipalities
        ]
        self.fields["coach"].choices = [("", _("All"))] + [(c.pk, str(c)) for c in coaches]

    def to_filter(self) -> WorklistFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return WorklistFilter(
            municipality=data.get("municipality", ""),
            coach=data.get("coach"),
            instrument=data.get("instrument", ""),
            reason=data.get("reason", ""),
        )


class DistanceForm(forms.Form):
    """Which two of the client's assessments to compare: by default the first and the latest."""

    def __init__(self, data, *, assessments):
        super().__init__(data)
        choices = [(a.pk, date_format(a.assessed_on, "SHORT_DATE_FORMAT")) for a in assessments]
        self.fields["from"] = forms.TypedChoiceField(
            label=_("From the assessment of"), choices=choices, coerce=int
        )
        self.fields["to"] = forms.TypedChoiceField(
            label=_("to the assessment of"), choices=choices, coerce=int
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            raise forms.ValidationError(_("Choose two different assessments to compare."))
        return cleaned
