"""The coach's proposal of a person to a place and the host's answer: short forms, usable
on a phone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.placements.models import DeclineReason, PlacementKind


class ProposalForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Place"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Kind of period"), choices=PlacementKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to the host"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _(
                "Write the host a few words: why this person and this place, and when they "
                "could start."
            )
        },
        help_text=_(
            "The host reads this. Why this person and this place, when they could start, "
            "what they would like to learn. Do not write about health or support needs."
        ),
    )

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = lambda p: f"{p.title} – {p.organisation}"


ANSWERS = [("accept", _("Yes, we can take them")), ("decline", _("No"))]


class ProposalAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Can you take the person?"), choices=ANSWERS, widget=forms.RadioSelect
    )
    decline_reason = forms.ChoiceField(
        label=_("Reason for saying no"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the coach"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example when the person could come to meet you. Do not write about illness "
            "or health."
        ),
    )

    def answer_values(self) -> dict:
        data = self.cleaned_data
        return {
            "accept": data["answer"] == "accept",
            "decline_reason": data.get("decline_reason") or "",
            "note": data.get("note") or "",
        }
