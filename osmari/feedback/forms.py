from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.core.i18n import current_language
from osmari.feedback.models import Question, QuestionKind, ServiceChange

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServiceChangeForm(forms.ModelForm):
    class Meta:
        model = ServiceChange
        fields = ["title", "description", "changed_on", "question"]
        widgets = {"changed_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "question": _(
                "The question whose answers led to the change. Its average before and after is "
                "shown beside the change."
            )
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        questions = Question.objects.filter(
            kind__in=[QuestionKind.SCALE_5, QuestionKind.SCALE_10]
        ).select_related("version__survey")
        self.fields["question"].queryset = questions
        self.fields["question"].label_from_instance = _question_label


def _question_label(question: Question) -> str:
    language = current_language()
    return f"{question.version.survey}: {question.text_in(language)}"
