"""The reasons of a match in the reader's language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.clients.choices import Restriction
from osmari.employers.models import Adjustment, Demand, Guidance
from osmari.matching.scoring import Condition, Criterion

# Module-level tables stay lazy: each request reads them in its own language.
LANGUAGE_NAMES = {
    "fi": gettext_lazy("Finnish"),
    "sv": gettext_lazy("Swedish"),
    "en": gettext_lazy("English"),
}


def _instrument_names(instruments) -> str:
    names = {"work_trial": _("work trial"), "wage_subsidy": _("wage-subsidised work")}
    return _(" or ").join(str(names[i]) for i in instruments)


def condition_text(condition: Condition) -> str:
    p = condition.params
    if condition.code == "not_eligible":
        return _("Not eligible for %(what)s with this organisation.") % {
            "what": _instrument_names(p["instruments"])
        }
    if condition.code == "eligibility_unknown":
        return _("Eligibility for %(what)s cannot be confirmed: check the missing data.") % {
            "what": _instrument_names(p["instruments"])
        }
    if condition.code == "restriction_conflict":
        return _("The work asks for “%(demand)s”, which the person’s restriction rules out.") % {
            "demand": Demand(p["demand"]).label
        }
    if condition.code == "adjustment_missing":
        return _("The person needs “%(adjustment)s”, which the place does not offer.") % {
            "adjustment": Adjustment(p["adjustment"]).label
        }
    if condition.code == "language":
        return _(
            "The working language is %(language)s; the person does not know it well enough."
        ) % {"language": LANGUAGE_NAMES.get(p["language"], p["language"])}
    if condition.code == "no_free_place":
        return _("No free place.")
    if condition.code == "no_active_agreement":
        return _("The organisation has no active cooperation agreement.")
    return condition.code


def condition_texts_counted(conditions: Iterable[Condition]) -> list[tuple[str, int]]:
    """The conditions in words with how many times each comes, most often first. Each
    distinct condition is put in words once, however many places it excludes."""
    counted: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], Condition] = {}
    for condition in conditions:
        key = (condition.code, repr(sorted(condition.params.items())))
        counted[key] += 1
        examples.setdefault(key, condition)
    by_text: Counter[str] = Counter()
    for key, n in counted.items():
        by_text[condition_text(examples[key])] += n
    return by_text.most_common()


CRITERION_NAMES = {
    "occupation": gettext_lazy("Occupation"),
    "skills": gettext_lazy("Skills"),
    "distance": gettext_lazy("Distance"),
    "schedule": gettext_lazy("Working time"),
    "learning": gettext_lazy("Guidance"),
}


def criterion_name(criterion: Criterion) -> str:
    return str(CRITERION_NAMES[criterion.code])


def criterion_text(criterion: Criterion) -> str:
    p = criterion.params
    code = criterion.code
    if code == "occupation":
        return {
            "unknown": _("No occupation of interest or no occupation for the place: neutral."),
            "same": _("The occupation the person is interested in."),
            "broader": _("A closely related occupation (ESCO)."),
            "isco4": _("The same occupation group (ISCO unit group)."),
            "isco3": _("A neighbouring occupation group (ISCO minor group)."),
            "isco2": _("The same field (ISCO sub-major group)."),
            "isco1": _("The same broad field (ISCO major group)."),
            "none": _("Not in the fields the person is interested in."),
        }[p["basis"]]
    if code == "skills":
        if p.get("basis") == "none_listed":
            return _("The place lists no skills: neutral.")
        text = _("%(shared)s of the %(wanted)s skills the place lists.") % p
        return f"{text} {p['names']}".strip()
    if code == "distance":
        if p.get("km") is None:
            return _("Home or place not known: neutral.")
        if p["car"]:
            return _("About %(km)s km from home; with a car, up to %(reach)s km counts.") % p
        return _("About %(km)s km from home; without a car, up to %(reach)s km counts.") % p
    if code == "schedule":
        return {
            "any": _("%(hours)s hours a week; the person has no limit on working time."),
            "part_time": _("%(hours)s hours a week suits part-time work."),
            "can_shorten": _("%(hours)s hours a week, but the place can arrange part time."),
            "too_long": _("%(hours)s hours a week is more than the person can work."),
        }[p["basis"]] % {"hours": f"{p['hours']:g}"}
    if code == "learning":
        guidance = Guidance(p["guidance"]).label
        if p["need"] is None:
            return _("No needs assessment: neutral. The place gives: %(guidance)s.") % {
                "guidance": guidance
            }
        return _("Needs guidance %(need)s/5; the place gives: %(guidance)s.") % {
            "need": p["need"],
            "guidance": guidance,
        }
    return code


def restriction_label(code: str) -> str:
    return str(Restriction(code).label)
