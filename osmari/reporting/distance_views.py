"""Distance travelled by group: how the programme's participants' needs assessments changed,
by area, municipality, coach, instrument or entry quarter, for the manager and the analyst."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.accounts import access
from osmari.reporting import charts, distance_selectors, selectors
from osmari.reporting.views import _tabs

# The groups as numbers only: the same right as the progress report (manager, analyst and,
# while their access lasts, an auditor); the manager alone also sees the small groups.
PERMISSION = "reporting.report"
DEFAULT_BY = "municipality"


class DistanceForm(forms.Form):
    by = forms.ChoiceField(
        label=gettext_lazy("Group by"),
        choices=[(key, label) for key, label in distance_selectors.GROUPINGS.items()],
    )
    group = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)


def _chosen(request) -> tuple[DistanceForm, str, str]:
    """The grouping and the group whose chart is drawn; a wrong grouping says so and the
    page shows the default."""
    form = DistanceForm(request.GET if "by" in request.GET else None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["by"], form.cleaned_data["group"]
    if not form.is_bound:
        form = DistanceForm(initial={"by": DEFAULT_BY})
    return form, DEFAULT_BY, ""


def _read(request, pk):
    programme = selectors.programme_get_for_user(user=request.user, pk=pk, permission=PERMISSION)
    form, by, group = _chosen(request)
    persons = access.may(request.user, "reporting.persons", programme)
    total, rows, people = distance_selectors.distance_by_group(
        programme, by, persons_allowed=persons
    )
    charted = next((row for row in rows if row.key == group), total)
    return programme, form, by, total, rows, people, charted, persons


@access.permission_required(PERMISSION)
def distance_page(request, pk):
    programme, form, by, total, rows, people, charted, persons = _read(request, pk)
    return render(
        request,
        "reporting/distance.html",
        {
            "programme": programme,
            "form": form,
            "by": by,
            "by_label": distance_selectors.GROUPINGS[by],
            "total": total,
            "rows": rows,
            "people": people,
            "charted": charted,
            "persons": persons,
            "minimum": programme.area.min_group_size,
            "suppressed": total.hidden or any(_has_hidden(row) for row in [total, *rows]),
            **_tabs(request, programme, "distance"),
        },
    )


def _has_hidden(row) -> bool:
    return row.hidden or any(None in (d.worse, d.same, d.better) for d in row.domains)


@access.permission_required(PERMISSION)
def distance_chart(request, pk):
    _programme, _form, _by, _total, _rows, _people, charted, _persons = _read(request, pk)
    svg = charts.distance_svg(
        title=_("Change from the first to the latest needs assessment: %(group)s")
        % {"group": charted.label},
        labels=[d.label for d in charted.domains][::-1],
        series=[
            (_("Worse"), [d.worse for d in charted.domains][::-1]),
            (_("No change"), [d.same for d in charted.domains][::-1]),
            (_("Better"), [d.better for d in charted.domains][::-1]),
        ],
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    # An image cannot run scripts; its own inline styles are all it needs.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
