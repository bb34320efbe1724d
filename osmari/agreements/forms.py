from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from osmari.agreements.models import AgreementStatus, Signature
from osmari.core.params import whole_number
from osmari.core.uploads import NOT_A_SCAN, SCAN_KINDS, CheckedFileField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SectionTextsMixin:
    """One text area per template section, with the section's guidance as help."""

    def add_sections(self, sections, initial_texts: dict[str, str]) -> None:
        self.section_keys = []
        for section in sections:
            name = f"section_{section.key}"
            self.fields[name] = forms.CharField(
                label=str(section),
                help_text=section.guidance,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=initial_texts.get(section.key, ""),
            )
            self.section_keys.append(section.key)

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"section_{key}"] for key in self.section_keys}


class AgreementCreateForm(SectionTextsMixin, forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    review_every_months = forms.IntegerField(
        label=_("Review every (months)"), min_value=1, max_value=36, initial=12
    )

    def __init__(self, *args, sections, initial_texts, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_sections(sections, initial_texts)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end of validity must not be before its start."))
        return cleaned


class AmendForm(SectionTextsMixin, forms.Form):
    summary = forms.CharField(label=_("What changes and why"), max_length=300)

    def __init__(self, *args, sections, initial_texts, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_sections(sections, initial_texts)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=AgreementStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class SignatureForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"), choices=Signature.Party.choices)
    signer_name = forms.CharField(label=_("Signed by"), max_length=150)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    scan = CheckedFileField(
        kinds=SCAN_KINDS,
        wrong_kind_message=NOT_A_SCAN,
        label=_("Signed scan (PDF or image)"),
        required=False,
        help_text=_("Optional. PDF, JPEG or PNG."),
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    participants = forms.CharField(label=_("Participants"), max_length=300)
    notes = forms.CharField(
        label=_("What was agreed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlaceChoices(forms.ModelMultipleChoiceField):
    """Places chosen by id; an id no database key can hold is a wrong choice, refused before
    it reaches the query (where the database would overflow)."""

    def clean(self, value):
        for raw in value or ():
            if whole_number(raw) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": raw},
                )
        return super().clean(value)


class PositionsForm(forms.Form):
    positions = PlaceChoices(
        label=_("Places offered under this agreement"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions"].queryset = organisation.positions.order_by("title", "pk")
