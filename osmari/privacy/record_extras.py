"""What explains a record in a person's export beyond its fields: a consent's wording, a
proposal's reasons in the person's language, a feedback answer's question."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.clients.models import ActivityParticipant, Consent
from osmari.core.i18n import localized
from osmari.feedback.models import Answer, Invitation, Response
from osmari.screening.models import Decision


@dataclass(frozen=True)
class Extra:
    """What the export adds to a kind of record to explain it: fields it reads through
    relations (`related`), their labels, and a function giving (JSON, texts) per row."""

    related: list[str]
    labels: dict[str, Any]
    explain: Callable[[Any, str], tuple[dict[str, Any], dict[str, str]]]


def _consent(consent: Consent, language: str):
    wording = localized(consent.text, "text", language=language)
    return {"wording": wording, "version": consent.text.version}, {"wording": wording}


def _decision(decision: Decision, language: str):
    stored = decision.explained_in(language)
    instruments = {
        "work_trial": stored.get("work_trial", {}),
        "wage_subsidy": stored.get("wage_subsidy", {}),
    }
    outcome = {True: _("Met"), False: _("Not met"), None: _("Unknown")}
    lines = [
        _(
            "This is a proposal recorded with its reasons to support the decision. It is not "
            "the statutory decision: the decision on a service is made in the national client "
            "information system."
        )
    ]
    for heading, key in ((_("Work trial"), "work_trial"), (_("Wage subsidy"), "wage_subsidy")):
        lines.append(f"{heading}:")
        for reason in instruments[key].get("reasons", []):
            mark = outcome.get(reason.get("met"), _("Unknown"))
            lines.append(f"– {mark}: {reason.get('explanation', '')} ({reason.get('legal_basis')})")
    details = {
        "rules_version": decision.rules_version,
        "estimate": bool(decision.engine_result.get("estimate", False)),
        "explanation": instruments,
    }
    return details, {"explanation": "\n".join(lines)}


def _activity(row: ActivityParticipant, language: str):
    # A group session is no one person's record; what the person took part in is theirs.
    activity = row.activity
    kind = localized(activity.kind, "name", language=language)
    what = f"{kind} {activity.occurred_on:%d.%m.%Y}, {activity.minutes} min"
    details = {
        "kind": kind,
        "occurred_on": activity.occurred_on.isoformat(),
        "minutes": activity.minutes,
    }
    return details, {"activity_described": what}


def _answer(answer: Answer, language: str):
    question = answer.question.text_in(language)
    return {"question": question, "question_key": answer.question.key}, {"question": question}


def _survey(row: Invitation | Response, language: str):
    title = localized(row.survey, "title", language=language)
    return {"survey": title}, {"survey": title}


EXTRAS: dict[str, Extra] = {
    "clients.Consent": Extra(["text"], {"wording": gettext_lazy("Wording")}, _consent),
    "screening.Decision": Extra(
        [], {"explanation": gettext_lazy("Explanation of the proposal")}, _decision
    ),
    "clients.ActivityParticipant": Extra(
        ["activity__kind"], {"activity_described": gettext_lazy("Activity")}, _activity
    ),
    "feedback.Answer": Extra(["question"], {"question": gettext_lazy("Question")}, _answer),
    "feedback.Invitation": Extra(["survey"], {"survey": gettext_lazy("Survey")}, _survey),
    "feedback.Response": Extra(["survey"], {"survey": gettext_lazy("Survey")}, _survey),
}
