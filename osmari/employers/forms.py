from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from osmari.clients.choices import Language
from osmari.core.models import Industry
from osmari.core.selectors import esco_find
from osmari.core.uploads import NOT_A_SCAN, SCAN_KINDS, CheckedFileField
from osmari.core.validators import date_in_range
from osmari.employers.models import (
    Activity,
    Adjustment,
    Contact,
    Demand,
    EnterpriseSize,
    Guidance,
    Organisation,
    PipelineStage,
    Position,
    StaffReduction,
)
from osmari.employers.services import POSITION_FIELDS, normalise_business_id

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "size",
            "industry",
            "municipality",
            "street_address",
            "postal_code",
            "latitude",
            "longitude",
        ]

    def __init__(self, *args, area=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Classes (level 4) are what an organisation is registered under.
        self.fields["industry"].queryset = Industry.objects.filter(level=4).order_by("code")
        if area is not None:
            self.fields["municipality"].queryset = area.municipalities.order_by("name_fi")
        self.fields["size"].required = False

    def clean_size(self):
        # Enterprises only: associations and public bodies leave it as not known.
        return self.cleaned_data.get("size") or EnterpriseSize.UNKNOWN

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if code and not (len(code) == 5 and code.isdigit()):
            raise forms.ValidationError(_("A postcode has five digits."))
        return code


class OrganisationCreateForm(OrganisationForm):
    business_id = forms.CharField(
        label=_("Business ID"), max_length=9, help_text=_("For example 2077474-0.")
    )
    field_order = ["name", "business_id"]

    def clean_business_id(self):
        return normalise_business_id(self.cleaned_data["business_id"])


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("New stage"), choices=PipelineStage.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class LetterOfIntentForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE, validators=[date_in_range])
    signatory = forms.CharField(
        label=_("Signed by"),
        max_length=150,
        help_text=_("The name of the person who signed for the organisation."),
    )
    document = CheckedFileField(
        kinds=SCAN_KINDS,
        wrong_kind_message=NOT_A_SCAN,
        label=_("The signed letter (PDF or image)"),
        required=False,
        help_text=_("PDF, JPEG or PNG. Add it now or with a later letter."),
    )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "occurred_on", "notes", "next_contact_on"]
        widgets = {
            "occurred_on": DATE,
            "next_contact_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


def occupation_picker(label, list_id: str) -> forms.CharField:
    """An ESCO occupation typed with suggestions from the classification as one types; the
    form's `clean_occupation_label` turns the label into the occupation."""
    return forms.CharField(
        label=label,
        required=False,
        help_text=_("Start typing and pick from the list."),
        widget=forms.TextInput(
            attrs={
                "list": list_id,
                "autocomplete": "off",
                "hx-get": reverse_lazy("core:occupation_options"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{list_id}",
            }
        ),
    )


class OccupationChosen:
    """Reads the occupation typed in an `occupation_picker` field."""

    def clean_occupation_label(self):
        label = self.cleaned_data["occupation_label"].strip()
        if not label:
            return None
        occupation = esco_find(kind="occupation", label=label)
        if occupation is None:
            raise forms.ValidationError(_("Pick an occupation from the list."))
        return occupation


class StaffReductionForm(OccupationChosen, forms.ModelForm):
    occupation_label = occupation_picker(_("Occupation concerned (ESCO)"), "reduction-occupations")

    class Meta:
        model = StaffReduction
        fields = ["kind", "first_on", "last_on", "position", "tasks", "note"]
        widgets = {
            "first_on": DATE,
            "last_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "note": _("About the organisation's staff and tasks: name no one."),
        }

    field_order = ["kind", "first_on", "last_on", "position", "occupation_label", "tasks"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = organisation.positions.order_by("title")
        for name in ("first_on", "last_on"):
            self.fields[name].validators.append(date_in_range)

    def clean(self):
        data = super().clean()
        first_on, last_on = data.get("first_on"), data.get("last_on")
        if first_on and last_on and last_on < first_on:
            self.add_error("last_on", _("The last day must not be before the first day."))
        named = data.get("position") or data.get("occupation_label")
        if not named and "occupation_label" not in self.errors:
            self.add_error(
                "position",
                _(
                    "Name the place or the occupation concerned, so that the trials in the "
                    "same tasks can be compared with it."
                ),
            )
        return data

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["occupation"] = self.cleaned_data.get("occupation_label")
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]


class PositionForm(OccupationChosen, forms.ModelForm):
    occupation_label = occupation_picker(_("Occupation (ESCO)"), "position-occupations")
    demands = forms.MultipleChoiceField(
        label=_("What the work asks"),
        choices=Demand.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    adjustments = forms.MultipleChoiceField(
        label=_("What the place can arrange"),
        choices=Adjustment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Working language"), choices=Language.choices)
    skill_labels = forms.CharField(
        label=_("Skills that help (ESCO)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One skill a line, as ESCO names it (Finnish, Swedish or English). "
            "Matching compares them with the skills of the people."
        ),
    )

    class Meta:
        model = Position
        # The service's fields; the occupation comes from `occupation_label`.
        fields = [name for name in POSITION_FIELDS if name != "occupation"]
        widgets = {
            "open_from": DATE,
            "open_to": DATE,
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "learning_environment": forms.Textarea(attrs={"rows": 2}),
            "helpful_competences": forms.Textarea(attrs={"rows": 2}),
            "required_competences": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "required_competences": _(
                "Only for wage-subsidised work. A work-trial organiser may not set competence "
                "requirements: write them under “competences that help”."
            ),
            "days_per_week": _("A work trial is 1–5 days a week."),
            "hours_per_day": _("A work trial is 4–8 hours a day."),
        }

    field_order = ["kind", "title", "occupation_label"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Older forms and imports leave it out: the place then gives regular guidance.
        self.fields["guidance"].required = False
        self.fields["instructor"].queryset = organisation.contacts.filter(
            role=Contact.Role.WORKPLACE_INSTRUCTOR
        )
        self.fields["municipality"].queryset = organisation.area.municipalities.order_by("name_fi")
        if self.instance.pk:
            self.fields["demands"].initial = [d.code for d in self.instance.demands.all()]
            self.fields["adjustments"].initial = [a.code for a in self.instance.adjustments.all()]
            self.fields["skill_labels"].initial = "\n".join(
                str(skill) for skill in self.instance.skills.all()
            )
            if self.instance.occupation_id:
                self.fields["occupation_label"].initial = str(self.instance.occupation)
        else:
            self.fields["municipality"].initial = organisation.municipality_id

    def clean_skill_labels(self):
        lines = [line.strip() for line in self.cleaned_data["skill_labels"].splitlines()]
        found, unknown = [], []
        for line in filter(None, lines):
            skill = esco_find(kind="skill", label=line)
            (found if skill is not None else unknown).append(skill or line)
        if unknown:
            raise forms.ValidationError(
                _("Not found in ESCO: %(names)s. Check the spelling or pick another name.")
                % {"names": ", ".join(unknown)}
            )
        return found

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["skills"] = self.cleaned_data.get("skill_labels") or []
        data["guidance"] = self.cleaned_data.get("guidance") or Guidance.REGULAR
        data["occupation"] = self.cleaned_data.get("occupation_label")
        data["demands"] = self.cleaned_data.get("demands", [])
        data["adjustments"] = self.cleaned_data.get("adjustments", [])
        return data


class ColleagueInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")],
    )
