from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from osmari.core.i18n import current_language
from osmari.core.params import plain_text, whole_number
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


def clean_answers(questions: list[Question], data) -> tuple[dict[int, dict], dict[str, str]]:
    """The submitted form as answers per question, and a message per field that is wrong."""
    answers: dict[int, dict] = {}
    errors: dict[str, str] = {}
    for q in questions:
        name = f"q_{q.key}"
        if q.kind == QuestionKind.MULTIPLE:
            values = [v for v in data.getlist(name) if v in {c["value"] for c in q.choices}]
            if values:
                answers[q.pk] = {"choices": values}
        else:
            raw = (data.get(name) or "").strip()
            if not raw:
                pass
            elif q.is_scale:
                low, high = (1, 5) if q.kind == QuestionKind.SCALE_5 else (0, 10)
                number = whole_number(raw, maximum=high)
                if number is not None and low <= number:
                    answers[q.pk] = {"number": number}
                else:
                    errors[name] = gettext("Choose a number from %(low)s to %(high)s.") % {
                        "low": low,
                        "high": high,
                    }
            elif q.kind == QuestionKind.SINGLE:
                if raw in {c["value"] for c in q.choices}:
                    answers[q.pk] = {"choices": [raw]}
                else:
                    errors[name] = gettext("Choose one of the options.")
            else:
                limit = 200 if q.kind == QuestionKind.SHORT_TEXT else 4000
                answers[q.pk] = {"text": plain_text(raw)[:limit]}
        if q.required and q.pk not in answers and name not in errors:
            errors[name] = gettext("Please answer this question.")
    return answers, errors
