"""The work-trial patterns in words: neutral, with the numbers that raised them and the
threshold they were judged by; used by the figures page and the organisation's page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from osmari.core.models import EmploymentArea
from osmari.employers.models import ReductionKind
from osmari.employers.page_notices import PageNotice
from osmari.placements import trial_patterns
from osmari.reporting import trial_selectors


def setting_name(name: str) -> str:
    return str(EmploymentArea._meta.get_field(name).verbose_name)


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def share_text(value) -> str:
    return f"{number_format(float(value) * 100, 0)} %"


# By kind, since the words around each differ in Finnish and Swedish.
REDUCTION_TEXTS = {
    ReductionKind.LAYOFF: ngettext_lazy(
        "%(count)s work trial ran during a layoff recorded in the same tasks "
        "(%(tasks)s, %(from)s–%(until)s).",
        "%(count)s work trials ran during a layoff recorded in the same tasks "
        "(%(tasks)s, %(from)s–%(until)s).",
        "count",
    ),
    ReductionKind.DISMISSAL: ngettext_lazy(
        "%(count)s work trial ran during dismissals recorded in the same tasks "
        "(%(tasks)s, %(from)s–%(until)s).",
        "%(count)s work trials ran during dismissals recorded in the same tasks "
        "(%(tasks)s, %(from)s–%(until)s).",
        "count",
    ),
    ReductionKind.OTHER: ngettext_lazy(
        "%(count)s work trial ran during another reduction of staff recorded in the same tasks "
        "(%(tasks)s, %(from)s–%(until)s).",
        "%(count)s work trials ran during another reduction of staff recorded in the same "
        "tasks (%(tasks)s, %(from)s–%(until)s).",
        "count",
    ),
}


def pattern_text(pattern: trial_patterns.Pattern) -> str:
    """The pattern in neutral words, with its numbers and the threshold it was judged by."""
    n = pattern.numbers
    if pattern.code == "successive":
        return _(
            "%(count)s work trials in a row in the same tasks (%(tasks)s, %(first)s–%(last)s) "
            "with no hire between. Area setting “%(setting)s”: %(limit)s."
        ) % {
            "count": n["count"],
            "tasks": n["tasks"],
            "first": _day(n["first"]),
            "last": _day(n["last"]),
            "setting": setting_name("trial_successive_limit"),
            "limit": n["limit"],
        }
    if pattern.code == "duration":
        return ngettext(
            "The work trials of %(people)s person here add up to more than the law allows with "
            "one organiser: the longest %(longest)s months, the limit %(limit)s months "
            "(%(basis)s).",
            "The work trials of %(people)s people here add up to more than the law allows with "
            "one organiser: the longest %(longest)s months, the limit %(limit)s months "
            "(%(basis)s).",
            n["people"],
        ) % {
            "people": n["people"],
            "longest": number_format(n["longest"], 1),
            "limit": n["limit"],
            "basis": n["basis"],
        }
    if pattern.code == "reduction":
        return REDUCTION_TEXTS[n["kind"]] % {
            "count": n["count"],
            "tasks": n["tasks"],
            "from": _day(n["from"]),
            "until": _day(n["until"]) if n["until"] else _("still going on"),
        }
    return _(
        "%(onward)s of %(finished)s finished work trials led on to work, education or a further "
        "service (%(share)s). Area settings “%(min_setting)s”: %(min_count)s, "
        "“%(share_setting)s”: %(threshold)s."
    ) % {
        "onward": n["onward"],
        "finished": n["finished"],
        "share": share_text(n["share"]),
        "min_setting": setting_name("trial_min_count"),
        "min_count": n["min_count"],
        "share_setting": setting_name("trial_onward_share"),
        "threshold": share_text(n["threshold"]),
    }


def organisation_notices(user, organisation) -> list[PageNotice]:
    """The short notice on an organisation's page when its work trials are worth a look."""
    figures = trial_selectors.organisation_figures_for_user(
        user=user, organisation=organisation, today=timezone.localdate()
    )
    if figures is None or not figures.patterns:
        return []
    url = (
        f"{reverse('reporting:trials')}?area={organisation.area_id}#organisation-{organisation.pk}"
    )
    return [
        PageNotice(
            text=_("The work trials here are worth a look:"),
            url=url,
            link_text=_("See the work-trial figures"),
            numbers=tuple(pattern_text(p) for p in figures.patterns),
        )
    ]
