"""Words for the levels and their criteria: the published criteria, in every language."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from osmari.reciprocity import levels

LEVEL_NAMES = {
    "new": pgettext_lazy("responsibility level", "New partner"),
    "partner": pgettext_lazy("responsibility level", "Partner"),
    "committed": pgettext_lazy("responsibility level", "Committed partner"),
    "responsible": pgettext_lazy("responsibility level", "Responsible partner"),
}

CRITERIA = {
    "positions_offered": _("Places offered"),
    "participants_hosted": _("Participants hosted"),
    "participant_months": _("Participant-months guided"),
    "trained_instructors": _("Workplace instructors trained"),
    "reviews_held_share": _("Three-way reviews held of those due"),
    "instructor_feedback_share": _("Instructor feedback given of that asked"),
    "guidance_rating": _("Participants' rating of the guidance (1–5)"),
    "moves_into_work_or_education": _("Moves into work or education after the period"),
}

SHARES = {"reviews_held_share", "instructor_feedback_share"}

SUBSIDY_RULES = {
    "months_at_least_one": _("A decision is for at least one month."),
    "months_over_max": _("The scheme allows at most %(max)s months."),
    "pay_needed": _("This scheme pays a percent of the pay: enter the monthly pay."),
}


def format_value(key: str, value) -> str:
    if value is None:
        return "–"
    if key in SHARES:
        return f"{round(value * 100)} %"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, 1)
    return str(int(value))


def format_threshold(key: str, threshold: float) -> str:
    if key in SHARES:
        return f"{round(threshold * 100)} %"
    if key == "guidance_rating":
        return number_format(threshold, 1)
    return str(int(threshold))


def criterion_rows(results, *, hide: frozenset[str] = frozenset()) -> list[dict]:
    """A level's criteria as table rows; a hidden criterion shows whether it is met only."""
    return [
        {
            "label": CRITERIA[r.key],
            "value": "–" if r.key in hide else format_value(r.key, r.value),
            "threshold": format_threshold(r.key, r.threshold),
            "met": r.met,
            "key": r.key,
        }
        for r in results
    ]


def published_criteria() -> list[dict]:
    """Every level with what it asks, as the profile pages publish them."""
    return [
        {
            "number": level.number,
            "name": LEVEL_NAMES[level.key],
            "criteria": [
                {"label": CRITERIA[c.key], "threshold": format_threshold(c.key, c.threshold)}
                for c in level.criteria
            ],
        }
        for level in levels.LEVELS
    ]
