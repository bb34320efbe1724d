"""Forms that correct a journal entry and change a plan step or a plan's summary."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.clients.forms import DATE


class JournalCorrectionForm(forms.Form):
    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        help_text=_(
            "For example: wrong date in the text, a name misspelt, written to the wrong person."
        ),
    )
    # How many corrections the corrector saw: a correction made meanwhile is not overwritten.
    corrections_seen = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class PlanStepEditForm(forms.Form):
    text = forms.CharField(label=_("Step"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=100)
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    done_on = forms.DateField(label=_("Done"), widget=DATE, required=False)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        done_on = cleaned.get("done_on")
        if done_on and self.today and done_on > self.today:
            self.add_error("done_on", _("A step cannot be done in the future."))
        return cleaned


class PlanSummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary and goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
