"""The outcomes page: for the people who left in a period, how many were in work, in education,
job searching and in work six months later, by instrument, host, position kind or any group of
the outcomes module, with a share and its 95 % interval beside each count; and two groups, or
two periods, side by side.

Aggregates only: no person is listed. Those who may not see the people behind the numbers see
whole calendar months and small groups hidden, as on the indicator page.
"""

from dataclasses import dataclass
from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.accounts import access
from osmari.reporting import charts, outcomes, periods, selectors
from osmari.reporting.group_labels import GROUP_LABELS
from osmari.reporting.outcome_forms import OutcomeForm
from osmari.reporting.outcome_selectors import (
    host_names,
    municipality_names,
    outcome_page_groups,
)
from osmari.reporting.views import _period, _tabs

INSTRUMENT_LABELS = {
    "work_trial": gettext_lazy("Work trial"),
    "wage_subsidy_professional_skills": gettext_lazy("Wage subsidy: lack of professional skills"),
    "wage_subsidy_reduced_work_ability": gettext_lazy("Wage subsidy: reduced work ability"),
    "wage_subsidy_association": gettext_lazy(
        "Wage subsidy: association, foundation or religious community"
    ),
    "wage_subsidy_age_55_plus": gettext_lazy("Wage subsidy: aged 55 or over"),
    "wage_subsidy": gettext_lazy("Wage subsidy, track not recorded"),
    "none": gettext_lazy("No work trial or wage subsidy"),
}
POSITION_KIND_LABELS = {
    "work_trial": gettext_lazy("Work-trial position"),
    "wage_subsidy": gettext_lazy("Wage-subsidy position"),
    "both": gettext_lazy("Work trial or wage subsidy"),
    "none": gettext_lazy("No period"),
}
OUTCOMES = {
    "employed": gettext_lazy("In work on leaving"),
    "education": gettext_lazy("In education on leaving"),
    "job_searching": gettext_lazy("Job searching on leaving"),
    "employed_6_months": gettext_lazy("In work six months later"),
}


@dataclass
class Row:
    key: str
    label: str
    cells: dict[str, outcomes.Cell]


def _labels(by: str, keys: list[str], area) -> dict[str, str]:
    if by == "instrument":
        return {key: str(INSTRUMENT_LABELS.get(key, key)) for key in keys}
    if by == "position_kind":
        return {key: str(POSITION_KIND_LABELS.get(key, key)) for key in keys}
    if by == "host":
        names = host_names(keys, area=area)
        return {key: names.get(key, str(INSTRUMENT_LABELS["none"])) for key in keys}
    if by == "municipality":
        names = municipality_names(keys)
        return {key: f"{names.get(key, key)} ({key})" for key in keys}
    return {key: str(GROUP_LABELS.get(key, key)) for key in keys}


@dataclass
class Table:
    rows: list[Row]
    total: dict[str, outcomes.Cell]
    hidden: bool


def _table(groups: dict[str, dict[str, int]], labels: dict[str, str], *, minimum, persons):
    """The groups as the viewer may see them: small groups hidden for aggregates-only viewers,
    by the same rule as the indicator page (`feedback.suppression.suppress`)."""
    if persons:
        shown: dict[str, dict[str, int | None]] = {k: dict(v) for k, v in groups.items()}
        total: dict[str, int | None] = {
            name: sum(g[name] for g in groups.values()) for name in outcomes.PAGE_COUNTS
        }
    else:
        shown, total = outcomes.hide_small(groups, minimum)
    hidden = any(v is None for g in shown.values() for v in g.values()) or None in total.values()
    rows = [Row(key, labels[key], outcomes.cells(counts)) for key, counts in shown.items()]
    return Table(rows, outcomes.cells(total), hidden)


def _groups(programme, start: date, end: date, by) -> dict[str, dict[str, int]]:
    return outcome_page_groups(area=programme.area, start=start, end=end, by=by)


# Grouped by instrument, one group is the wage subsidy's track for reduced work ability:
# being in it is health data, which the period's own page shows only to those who may see it.
HEALTH_GROUP = "wage_subsidy_reduced_work_ability"


def _groups_as_seen(programme, start: date, end: date, by: str, persons: bool):
    """The groups, the period and whether they are shown exactly. Where the health group is
    smaller than the minimum (but not empty), everyone, the manager too, sees the table as
    aggregates-only viewers do: whole months and small groups hidden with their complement,
    so that no one's track can be read from a count of one."""
    groups = _groups(programme, start, end, by)
    minimum = programme.area.min_group_size
    small = any(0 < count < minimum for count in groups.get(HEALTH_GROUP, {}).values())
    if persons and small:
        start, end = periods.whole_months(start, end)
        return _groups(programme, start, end, by), start, end, False
    return groups, start, end, persons


def _span(start: date, end: date) -> str:
    return f"{date_format(start, 'j.n.Y')}–{date_format(end, 'j.n.Y')}"


@access.permission_required("reporting.view")
def outcomes_page(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    area = programme.area
    minimum = area.min_group_size
    persons = access.may(request.user, "reporting.persons", programme)
    period_form, start, end = _period(request, programme)
    asked = request.GET.get("by", "")
    by = asked if asked in outcomes.GROUPINGS else "instrument"
    groups, start, end, persons = _groups_as_seen(programme, start, end, by, persons)
    labels = _labels(by, list(groups), area)
    table = _table(groups, labels, minimum=minimum, persons=persons)

    form = OutcomeForm(
        request.GET if "by" in request.GET else None,
        groups=[(key, labels[key]) for key in groups],
        initial={"by": by},
    )
    comparison = None
    if form.is_bound and form.is_valid() and form.cleaned_data["compare"]:
        comparison = _comparison(
            programme, form.cleaned_data, table, by, labels, start, end, minimum, persons
        )
    chart_query = request.GET.urlencode()
    return render(
        request,
        "reporting/outcomes.html",
        {
            "programme": programme,
            "form": period_form,
            "outcome_form": form,
            "start": start,
            "end": end,
            "by": by,
            "by_label": dict(form.fields["by"].choices)[by],
            "table": table,
            "outcomes": OUTCOMES,
            "comparison": comparison,
            "minimum": minimum,
            "persons": persons,
            "whole_months": not persons,
            "chart_query": chart_query,
            **_tabs(request, programme, "outcomes"),
        },
    )


@dataclass
class Comparison:
    sides: tuple[outcomes.Side, outcomes.Side]
    rows: list[tuple[str, outcomes.Cell, outcomes.Cell, outcomes.Difference]]
    periods: tuple[tuple[date, date], tuple[date, date]] | None = None


def _comparison(programme, data, table: Table, by, labels, start, end, minimum, persons):
    by_key = {row.key: row.cells for row in table.rows}
    a, b = data["a"], data["b"]
    if data["compare"] == "groups":
        sides = (outcomes.Side(labels[a], by_key[a]), outcomes.Side(labels[b], by_key[b]))
        spans = None
    else:
        start_b, end_b = data["start_b"], data["end_b"]
        if not persons:
            start_b, end_b = periods.whole_months(start_b, end_b)
        groups_b, start_b, end_b, persons_b = _groups_as_seen(
            programme, start_b, end_b, by, persons
        )
        other = _table(
            groups_b,
            _labels(by, list(groups_b), programme.area),
            minimum=minimum,
            persons=persons_b,
        )
        other_by_key = {row.key: row.cells for row in other.rows}
        what = labels[a] if a else _("Everyone")
        first = by_key.get(a) if a else table.total
        second = other_by_key.get(a) if a else other.total
        empty = outcomes.cells({})
        sides = (
            outcomes.Side(f"{what}, {_span(start, end)}", first or empty),
            outcomes.Side(f"{what}, {_span(start_b, end_b)}", second or empty),
        )
        spans = ((start, end), (start_b, end_b))
    rows = [
        (
            str(label),
            sides[0].cells[name],
            sides[1].cells[name],
            outcomes.difference(sides[0].cells[name], sides[1].cells[name], minimum=minimum),
        )
        for name, label in OUTCOMES.items()
    ]
    return Comparison(sides, rows, spans)


@access.permission_required("reporting.view")
def outcomes_chart(request, pk):
    """The share in work on leaving per group, in per cent, as the table beside it shows it."""
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    persons = access.may(request.user, "reporting.persons", programme)
    _form, start, end = _period(request, programme)
    by = request.GET.get("by", "")
    by = by if by in outcomes.GROUPINGS else "instrument"
    groups, start, end, persons = _groups_as_seen(programme, start, end, by, persons)
    table = _table(
        groups,
        _labels(by, list(groups), programme.area),
        minimum=programme.area.min_group_size,
        persons=persons,
    )
    rows = [row for row in table.rows if row.cells["employed"].share is not None][::-1]

    def percent(cell: outcomes.Cell) -> int:
        value = cell.share.value if cell.share else None
        return round(100 * value) if value is not None else 0

    svg = charts.targets_svg(
        title=_("Share of those who left, by group (%)"),
        labels=[row.label for row in rows],
        series=[
            (str(OUTCOMES["employed"]), [percent(row.cells["employed"]) for row in rows]),
            (
                str(OUTCOMES["employed_6_months"]),
                [percent(row.cells["employed_6_months"]) for row in rows],
            ),
        ],
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
