from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.core.validators import date_in_range
from osmari.employers.models import Contact, Organisation
from osmari.reciprocity.models import (
    EVENT_KINDS,
    Benefit,
    Delivery,
    Event,
    SubsidyCommitment,
    SubsidyPayment,
    SubsidyScheme,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = [
            "kind",
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "asks_fi",
            "asks_sv",
            "asks_en",
            "order",
            "is_active",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in fields
            if name.startswith(("description", "asks"))
        }


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["benefit", "title", "starts_at", "ends_at", "place", "capacity", "description"]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].queryset = Benefit.objects.filter(
            area=area, kind__in=EVENT_KINDS, is_active=True
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].validators.append(date_in_range)


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    contact = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=_("Someone already named as a contact of the organisation."),
    )
    new_name = forms.CharField(
        label=_("Or a new person's name"),
        max_length=150,
        required=False,
        help_text=_("Added to the organisation's contacts as a workplace instructor."),
    )
    new_email = forms.EmailField(label=_("The new person's e-mail"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["contact"].queryset = Contact.objects.filter(
            organisation__in=organisations
        ).select_related("organisation")
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["contact"].label_from_instance = lambda c: (
                f"{c.name} ({c.get_role_display()})"
            )
        else:
            self.fields["contact"].label_from_instance = lambda c: (
                f"{c.name} – {c.organisation.name}"
            )

    def clean(self):
        data = super().clean()
        contact, organisation = data.get("contact"), data.get("organisation")
        if contact and organisation and contact.organisation_id != organisation.pk:
            self.add_error("contact", _("Choose a person of the chosen organisation."))
        if not contact and not (data.get("new_name") or "").strip():
            self.add_error("contact", _("Choose a person or write the name of a new one."))
        return data


class DeliveryForm(forms.ModelForm):
    class Meta:
        model = Delivery
        fields = ["benefit", "delivered_on", "quantity", "notes"]
        widgets = {"delivered_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].queryset = Benefit.objects.filter(area=area, is_active=True)


class SchemeForm(forms.ModelForm):
    class Meta:
        model = SubsidyScheme
        fields = [
            "name",
            "year",
            "who",
            "basis",
            "percent",
            "monthly_amount",
            "max_months",
            "cap",
            "budget",
        ]
        widgets = {"who": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "percent": _("For a scheme that pays a percent of the monthly pay."),
            "monthly_amount": _("For a scheme that pays a fixed amount a month."),
            "cap": _("Leave empty when only the months limit the decision."),
        }


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = SubsidyCommitment
        fields = [
            "organisation",
            "placement",
            "decision_number",
            "decided_on",
            "months",
            "monthly_pay",
            "economic_activity",
            "other_aid_declared",
            "declared_on",
            "other_aid_from",
        ]
        widgets = {"decided_on": DATE, "declared_on": DATE}

    economic_activity = forms.BooleanField(
        label=_("The aid goes to the organisation's economic activity"),
        help_text=_(
            "Asked of associations, foundations and religious communities only: aid to their "
            "economic activity (selling goods or services) is de minimis aid. Companies always "
            "are undertakings; municipalities and the state are not."
        ),
        required=False,
    )

    def __init__(self, *args, scheme, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_aid_declared"].help_text = _(
            "De minimis aid the undertaking declares it got from others in the three years "
            "before this decision (0 if none). The area's own decisions are counted from Osmari."
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(area=scheme.area)
        # Periods are people's: the view passes those its user may see (a selector's).
        self.fields["placement"].queryset = placements
        self.fields["placement"].label_from_instance = lambda p: (
            f"{p.organisation.name}: {p.start_on:%d.%m.%Y}–{p.end_on:%d.%m.%Y} (#{p.pk})"
        )
        self.fields["months"].min_value = 1


class PaymentForm(forms.ModelForm):
    class Meta:
        model = SubsidyPayment
        fields = ["paid_on", "amount", "reference"]
        widgets = {"paid_on": DATE}
