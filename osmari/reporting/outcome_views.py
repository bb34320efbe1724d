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
from osmari.reporting import charts, outcomes, selectors
from osmari.reporting.outcome_forms import OutcomeForm
from osmari.reporting.outcome_selectors import (
    group_labels,
    outcome_counts_shown,
    outcome_groups_as_seen,
)
from osmari.reporting.views import _period, _tabs

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


@dataclass
class Table:
    rows: list[Row]
    total: dict[str, outcomes.Cell]
    hidden: bool


def _table(groups: dict[str, dict[str, int]], labels: dict[str, str], *, minimum, persons):
    """The groups as the viewer may see them (`outcome_counts_shown`), with shares."""
    shown, total = outcome_counts_shown(groups, minimum=minimum, persons_allowed=persons)
    hidden = any(v is None for g in shown.values() for v in g.values()) or None in total.values()
    rows = [Row(key, labels[key], outcomes.cells(counts)) for key, counts in shown.items()]
    return Table(rows, outcomes.cells(total), hidden)


def _groups_as_seen(programme, start: date, end: date, by: str, persons: bool):
    return outcome_groups_as_seen(
        area=programme.area, start=start, end=end, by=by, persons_allowed=persons
    )


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
    labels = group_labels(by, list(groups), area)
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
        start_b, end_b = selectors.period_as_seen(start_b, end_b, persons_allowed=persons)
        groups_b, start_b, end_b, persons_b = _groups_as_seen(
            programme, start_b, end_b, by, persons
        )
        other = _table(
            groups_b,
            group_labels(by, list(groups_b), programme.area),
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
        group_labels(by, list(groups), programme.area),
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
