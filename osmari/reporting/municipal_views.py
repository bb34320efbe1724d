"""The municipalities' co-financing against the costs, and each municipality's figures.

A municipal representative reaches only their own municipality (`access.municipalities_for`)
and only numbers: no page here names a person.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.core.form_errors import add_service_error
from osmari.reporting import municipal_selectors, municipal_services, periods, selectors
from osmari.reporting.models import MunicipalShare
from osmari.reporting.municipal_forms import MunicipalSharesForm

PERMISSION = "reporting.municipal"


def _so_far(programme) -> tuple[date, date]:
    """The programme so far in whole calendar months, the same for every viewer: a period
    of free dates could single out whoever entered or left on a given day."""
    today = min(timezone.localdate(), programme.ends_on)
    return periods.whole_months(programme.starts_on, today)


def _context(request, programme, tab: str = "municipal") -> dict:
    """The programme's tabs for those who see its other pages; a municipal representative
    sees only these pages, so the tabs would lead nowhere."""
    return {
        "programme": programme,
        "tab": tab,
        "show_tabs": access.may(request.user, "reporting.view", programme),
        "tab_manage": access.may(request.user, "reporting.manage", programme),
        "tab_budget": access.may(request.user, "reporting.budget", programme),
        "tab_report": access.may(request.user, "reporting.report", programme),
        "may_edit": access.may(request.user, "reporting.municipal_shares", programme),
    }


@access.permission_required(PERMISSION)
def municipal_index(request):
    """Where a municipal representative starts: their area's programmes."""
    programmes = selectors.programmes_for(request.user, PERMISSION)
    return render(request, "reporting/municipal_index.html", {"programmes": programmes})


@access.permission_required(PERMISSION)
def shares_page(request, pk):
    programme = selectors.programme_get_for_user(user=request.user, pk=pk, permission=PERMISSION)
    start, end = _so_far(programme)
    visible = access.municipalities_for(request.user, PERMISSION, programme.area)
    every = visible.count() == programme.area.municipalities.count()
    shares = municipal_selectors.municipal_shares(
        programme, start, end, municipalities=None if every else visible
    )
    return render(
        request,
        "reporting/municipal.html",
        {
            **_context(request, programme),
            "shares": shares,
            "every": every,
            "municipalities": list(visible.order_by("name_fi", "pk")),
        },
    )


@access.permission_required(PERMISSION)
def municipality_page(request, pk, municipality_pk):
    programme = selectors.programme_get_for_user(user=request.user, pk=pk, permission=PERMISSION)
    municipality = (
        access.municipalities_for(request.user, PERMISSION, programme.area)
        .filter(pk=municipality_pk)
        .first()
    )
    if municipality is None:
        raise Http404
    start, end = _so_far(programme)
    figures = municipal_selectors.municipality_figures(
        programme,
        municipality,
        start,
        end,
        minimum=programme.area.min_group_size,
        # Even the manager sees this page as numbers only; the people are on their own pages.
        persons_allowed=False,
    )
    shares = municipal_selectors.municipal_shares(
        programme, start, end, municipalities=[municipality]
    )
    return render(
        request,
        "reporting/municipality.html",
        {
            **_context(request, programme),
            "municipality": municipality,
            "figures": figures,
            "share": shares.rows[0] if shares.rows else None,
            "start": start,
            "end": end,
            "minimum": programme.area.min_group_size,
        },
    )


@access.permission_required("reporting.municipal_shares")
def shares_edit(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.municipal_shares"
    )
    form = MunicipalSharesForm(
        request.POST or None,
        municipalities=programme.area.municipalities.order_by("name_fi", "pk"),
        shares=list(MunicipalShare.objects.filter(programme=programme)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            municipal_services.municipal_shares_save(
                actor=request.user,
                programme=programme,
                basis=form.cleaned_data["basis"],
                shares=form.shares(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Municipal shares saved."))
            return redirect("reporting:municipal", pk=programme.pk)
    return render(
        request,
        "reporting/municipal_form.html",
        {"form": form, "programme": programme},
        status=422 if form.is_bound else 200,
    )
