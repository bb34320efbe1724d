from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.agreements.forms import PlaceChoices
from osmari.core.params import whole_number

TEXT = forms.Textarea(attrs={"rows": 3})


class SectionForm(forms.Form):
    title_fi = forms.CharField(label=_("Title in Finnish"), max_length=150)
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=150)
    title_en = forms.CharField(label=_("Title in English"), max_length=150)
    guidance_fi = forms.CharField(label=_("Guidance in Finnish"), widget=TEXT)
    guidance_sv = forms.CharField(label=_("Guidance in Swedish"), widget=TEXT)
    guidance_en = forms.CharField(label=_("Guidance in English"), widget=TEXT)
    guidance_plain_fi = forms.CharField(
        label=_("Guidance in plain Finnish"),
        widget=TEXT,
        required=False,
        help_text=_("Optional: for readers who need simpler language (selkokieli)."),
    )
    position = forms.IntegerField(
        label=_("Place among the sections"), min_value=1, max_value=99, required=False
    )

    def texts(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if name != "position"}


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agreement.organisation.name} – {obj.held_on:%d.%m.%Y}"

    def to_python(self, value):
        # An id no database key can hold is a wrong choice, not a database error.
        if value not in self.empty_values and whole_number(str(value)) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ChangeForm(forms.Form):
    what_changed = forms.CharField(label=_("What changed"), widget=TEXT, max_length=4000)
    why = forms.CharField(label=_("Why"), widget=TEXT, max_length=4000)
    prompted_by_meeting = MeetingChoice(
        label=_("Agreement review or meeting that prompted it"),
        queryset=None,
        required=False,
    )
    prompted_by_feedback = forms.CharField(
        label=_("Or the feedback that prompted it"),
        max_length=300,
        required=False,
        help_text=_("Name the feedback, e.g. the service change or the survey theme."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prompted_by_meeting"].queryset = meetings

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("prompted_by_meeting") and not cleaned.get("prompted_by_feedback"):
            self.add_error(
                "prompted_by_feedback",
                _("Choose the review or meeting, or name the feedback that prompted the change."),
            )
        return cleaned


class PilotForm(forms.Form):
    organisations = PlaceChoices(
        label=_("Organisations piloting this version"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one organisation.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = choices
