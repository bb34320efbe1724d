from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.core.uploads import NOT_A_SCAN, SCAN_KINDS, CheckedFileField
from osmari.core.validators import date_in_range
from osmari.reporting.competence_models import Audience, DisseminationKind, TrainingTopic
from osmari.reporting.forms import DATE

HOURS = {"min_value": 0.5, "max_digits": 5, "decimal_places": 1}


class AreaTrainingForm(forms.Form):
    """A training of someone with a role in the area; the people come from the view."""

    person = forms.TypedChoiceField(label=_("Person trained"), coerce=int)
    topic = forms.ChoiceField(label=_("Topic"), choices=TrainingTopic.choices)
    title = forms.CharField(label=_("Training"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=150, required=False)
    completed_on = forms.DateField(label=_("Completed"), widget=DATE, validators=[date_in_range])
    hours = forms.DecimalField(label=_("Hours"), **HOURS)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "---------"), *people]


class TopicGoalForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=TrainingTopic.choices)
    roles = forms.MultipleChoiceField(
        label=_("To be trained"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone holding one of these roles in the area."),
    )
    due_on = forms.DateField(label=_("Trained by"), widget=DATE, validators=[date_in_range])

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = roles


class DisseminationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DisseminationKind.choices)
    title = forms.CharField(label=_("What was communicated"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE, validators=[date_in_range])
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    reached = forms.IntegerField(
        label=_("People reached"), min_value=0, max_value=1_000_000, required=False
    )
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea
    )
    material_link = forms.URLField(
        label=_("Link to the material"), max_length=200, required=False, assume_scheme="https"
    )
    material_file = CheckedFileField(
        label=_("Material as a file"),
        kinds=SCAN_KINDS,
        wrong_kind_message=NOT_A_SCAN,
        required=False,
        help_text=_("A PDF, JPEG or PNG file."),
    )
