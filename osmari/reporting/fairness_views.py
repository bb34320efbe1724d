"""The fairness page: for each step of the way, each group's rate beside the highest."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.accounts import access
from osmari.feedback.suppression import suppress
from osmari.reporting import fairness, fairness_selectors, selectors
from osmari.reporting.group_labels import GROUP_LABELS
from osmari.reporting.outcomes import Comparison
from osmari.reporting.views import _period, _tabs

# What a person may be grouped by here, and nothing else: never a special category.
GROUPINGS: list[tuple[str, str | Promise]] = [
    ("gender", gettext_lazy("Gender")),
    ("age_band", gettext_lazy("Age band on entry")),
    ("language", gettext_lazy("Language")),
    ("municipality", gettext_lazy("Municipality")),
]


# Each step: its name, and its population and event in plain words.
STEP_TEXTS: dict[fairness.Step, tuple[str | Promise, str | Promise]] = {
    "identified": (
        gettext_lazy("Identified as likely to benefit"),
        gettext_lazy(
            "Of the people screened in the period (a needs assessment or a coach's decision "
            "dated within it): those a coach's decision within the period proposed for a work "
            "trial or wage-subsidised work."
        ),
    ),
    "proposed": (
        gettext_lazy("Proposed to a host"),
        gettext_lazy(
            "Of the people identified as likely to benefit within the period: those proposed to "
            "a host organisation's place on or after that day, by the period's last day."
        ),
    ),
    "placed": (
        gettext_lazy("Placed with a host"),
        gettext_lazy(
            "Of the people proposed to a host within the period: those with a work trial or a "
            "wage-subsidised period starting on or after that day, by the period's last day. "
            "Periods cancelled before they started do not count."
        ),
    ),
    "work_or_education": (
        gettext_lazy("Left into work or education"),
        gettext_lazy(
            "Of the people who left the programme within the period after a period with a "
            "host: those who left into work (self-employment included) or education, as the "
            "ESF+ indicators count them."
        ),
    ),
}


class GroupingForm(forms.Form):
    by = forms.ChoiceField(
        label=gettext_lazy("Group by"),
        choices=GROUPINGS,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Groups can be by gender, age band, language or municipality only; "
                "the page shows them by gender."
            )
        },
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{number_format(round(value * 100))} %"


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{number_format(round(low * 100))}–{number_format(round(high * 100))} %"


@dataclass
class Row:
    """One group's line of a step as the viewer may see it (None: hidden)."""

    key: str
    label: str
    of: int | None
    count: int | None
    rate: str
    interval: str
    ratio: str
    highest: bool
    small: bool
    flagged: bool
    because: str


def _rows(
    compared: dict[str, Comparison],
    labels: dict[str, str],
    *,
    minimum: int,
    persons: bool,
    threshold: Decimal,
) -> list[Row]:
    # The groups of a grouping add up to the step's whole, which another grouping shows: a
    # small group is hidden with enough others that it cannot be found by subtraction.
    hidden: frozenset[str] = frozenset()
    if not persons:
        hidden = suppress({k: c.share.of for k, c in compared.items()}, minimum).hidden
        hidden |= suppress({k: c.share.count for k, c in compared.items()}, minimum).hidden

    rows = []
    for key, c in compared.items():
        s, shows = c.share, key not in hidden
        because = ""
        if c.flagged and c.highest is not None:
            best = compared[c.highest]
            if shows and c.highest not in hidden:
                because = _(
                    "%(rate)s (%(count)s of %(of)s) against %(best_rate)s (%(best_count)s of "
                    "%(best_of)s) for %(best)s: a ratio of %(ratio)s, below %(threshold)s, and "
                    "the intervals %(interval)s and %(best_interval)s do not overlap."
                ) % {
                    "rate": _percent(s.value),
                    "count": s.count,
                    "of": s.of,
                    "best_rate": _percent(best.share.value),
                    "best_count": best.share.count,
                    "best_of": best.share.of,
                    "best": labels[c.highest],
                    "ratio": number_format(c.ratio or 0, 2),
                    "threshold": number_format(threshold, 2),
                    "interval": _interval(s.low, s.high),
                    "best_interval": _interval(best.share.low, best.share.high),
                }
            else:
                because = _(
                    "The numbers behind it are hidden: a count of fewer than %(n)s people."
                ) % {"n": minimum}
        rows.append(
            Row(
                key=key,
                label=labels[key],
                of=s.of if shows else None,
                count=s.count if shows else None,
                rate=_percent(s.value) if shows else "",
                interval=_interval(s.low, s.high) if shows else "",
                ratio=number_format(c.ratio, 2) if shows and c.ratio is not None else "",
                highest=c.highest == key,
                small=shows and 0 < s.of < minimum,
                flagged=c.flagged and shows,
                because=because if shows else "",
            )
        )
    return rows


@access.permission_required("reporting.report")
def fairness_view(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.report"
    )
    form, start, end = _period(request, programme)
    grouping = GroupingForm(request.GET if "by" in request.GET else None)
    by: fairness.By = "gender"
    if grouping.is_bound and grouping.is_valid():
        by = grouping.cleaned_data["by"]
    area = programme.area
    minimum = area.min_group_size
    threshold = area.fairness_threshold
    persons = access.may(request.user, "reporting.persons", programme)
    compared = fairness.compared(
        fairness_selectors.ways(area=area, start=start, end=end),
        by,
        start,
        end,
        minimum=minimum,
        threshold=float(threshold),
    )
    keys = sorted({key for groups in compared.values() for key in groups})
    names = fairness_selectors.municipality_names(keys) if by == "municipality" else {}
    labels = {key: str(names.get(key) or GROUP_LABELS.get(key, key)) for key in keys}
    steps = [
        {
            "step": step,
            "title": STEP_TEXTS[step][0],
            "population": STEP_TEXTS[step][1],
            "rows": _rows(
                compared[step], labels, minimum=minimum, persons=persons, threshold=threshold
            ),
        }
        for step in fairness.STEPS
    ]
    return render(
        request,
        "reporting/fairness.html",
        {
            "programme": programme,
            "form": form,
            "grouping": grouping,
            "by": by,
            "groupings": GROUPINGS,
            "start": start,
            "end": end,
            "steps": steps,
            "minimum": minimum,
            "threshold": threshold,
            "persons": persons,
            "whole_months": not persons,
            "suppressed": any(row.of is None for step in steps for row in step["rows"]),
            **_tabs(request, programme, "fairness"),
        },
    )
