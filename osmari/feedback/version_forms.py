from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.core.params import plain_text
from osmari.feedback.models import Question, QuestionKind, ServiceChange, SurveyVersion
from osmari.feedback.version_services import NEW_QUESTION_KINDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class _PlainText:
    """Typed text is kept as plain text: control characters and the like are dropped."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = plain_text(value).strip()
        return cleaned


class VersionForm(_PlainText, forms.ModelForm):
    class Meta:
        model = SurveyVersion
        fields = [
            "change_summary",
            "change_reason",
            "prompted_by_change",
            "prompted_by_question",
            "prompted_by_theme",
            "guidance_fi",
            "guidance_sv",
            "guidance_en",
            "guidance_fi_plain",
            "notice_fi",
            "notice_sv",
            "notice_en",
            "notice_fi_plain",
        ]
        labels = {
            "notice_fi": _("Notice in Finnish"),
            "notice_sv": _("Notice in Swedish"),
            "notice_en": _("Notice in English"),
            "notice_fi_plain": _("Notice in plain Finnish"),
        }
        help_texts = {
            "change_summary": _("The questions and texts changed from the version before."),
            "prompted_by_theme": _(
                "A theme that came up in the answers, in a few words, without anyone's words "
                "or details."
            ),
            "guidance_fi": _("Shown above the questions: how to answer."),
            "notice_fi": _("What is collected, why, who sees it, and that answering is voluntary."),
        }
        widgets = dict.fromkeys(
            [
                "change_summary",
                "change_reason",
                "guidance_fi",
                "guidance_sv",
                "guidance_en",
                "guidance_fi_plain",
                "notice_fi",
                "notice_sv",
                "notice_en",
                "notice_fi_plain",
            ],
            TEXT,
        )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        survey = self.instance.survey
        self.fields["prompted_by_change"].queryset = ServiceChange.objects.filter(area=area)
        self.fields["prompted_by_question"].queryset = (
            Question.objects.filter(version__survey=survey)
            .exclude(version=self.instance)
            .select_related("version")
        )
        self.fields["prompted_by_question"].label_from_instance = _question_label
        for name in ("notice_fi", "notice_sv", "notice_en"):
            self.fields[name].required = True


def _question_label(question: Question) -> str:
    return f"v{question.version.number}: {question}"


class QuestionForm(_PlainText, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text_fi", "text_sv", "text_en", "text_fi_plain", "required"]
        labels = {
            "text_fi": _("Finnish"),
            "text_sv": _("Swedish"),
            "text_en": _("English"),
            "text_fi_plain": _("Plain Finnish"),
            "required": _("An answer is required"),
        }


class NewQuestionForm(QuestionForm):
    class Meta(QuestionForm.Meta):
        fields = ["key", "kind", *QuestionForm.Meta.fields]
        labels = {
            **QuestionForm.Meta.labels,
            "key": _("Short name"),
            "kind": _("Kind of question"),
        }
        help_texts = {
            "key": _(
                "Letters, numbers and dashes, e.g. guidance-at-start. A question keeps its "
                "short name in later versions, so its results can be compared."
            )
        }

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["kind"].choices = [
            (value, label) for value, label in QuestionKind.choices if value in NEW_QUESTION_KINDS
        ]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.version is not None and self.version.questions.filter(key=key).exists():
            raise forms.ValidationError(_("This version already has a question with this key."))
        return key


class PilotForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations in the pilot"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their periods' invitations, and their own, use this version."),
    )
    starts = forms.DateField(label=_("Pilot from"), required=False, widget=DATE)
    ends = forms.DateField(label=_("Pilot until"), required=False, widget=DATE)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The pilot cannot end before it starts."))
        return cleaned
