from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.core.models import Industry
from osmari.employers.models import Activity, Contact, Organisation, PipelineStage
from osmari.employers.services import normalise_business_id

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
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
    letter_of_intent_on = forms.DateField(
        label=_("Letter of intent dated"),
        required=False,
        widget=DATE,
        help_text=_("Needed when the organisation becomes interested."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "occurred_on", "notes", "next_contact_on"]
        widgets = {
            "occurred_on": DATE,
            "next_contact_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]
