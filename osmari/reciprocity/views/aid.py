"""De minimis aid granted by the area, year by year, as the national register asks for it."""

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.core.audit import download_recorded
from osmari.core.exports import FORMATS, table_download
from osmari.core.params import whole_number
from osmari.reciprocity import deminimis, selectors

# The register's lines are kept ten years; older years are not offered.
YEARS_SHOWN = 10


def _year(request) -> int:
    this_year = timezone.localdate().year
    year = whole_number(request.GET.get("year"), maximum=9999)
    if year is None or not this_year - YEARS_SHOWN <= year <= this_year:
        return this_year
    return year


def _period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@access.permission_required("reciprocity.subsidies")
def aid(request):
    area = access.areas_where(request.user, "reciprocity.subsidies")[0]
    year = _year(request)
    start, end = _period(year)
    granted = list(selectors.aid_granted(area.pk, start, end))
    this_year = timezone.localdate().year
    return render(
        request,
        "reciprocity/aid.html",
        {
            "year": year,
            "years": range(this_year, this_year - YEARS_SHOWN - 1, -1),
            "granted": granted,
            "total": sum((c.amount for c in granted if not c.cancelled_on), selectors.ZERO),
            "refusals": selectors.aid_refusals(area.pk, start, end),
            "ceiling": deminimis.CEILING,
            "may_export": access.may(request.user, "reciprocity.subsidy_decide", area),
        },
    )


def _header() -> list[str]:
    return [
        _("Date granted"),
        _("Business ID"),
        _("Undertaking"),
        _("Aid (€)"),
        _("Regulation"),
        _("Scheme"),
        _("Decision"),
        _("Granted by"),
        _("Other de minimis aid declared (€)"),
        _("Declaration signed on"),
        _("Cancelled on"),
    ]


@access.permission_required("reciprocity.subsidy_decide")
def aid_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    area = access.areas_where(request.user, "reciprocity.subsidy_decide")[0]
    year = _year(request)
    start, end = _period(year)
    rows = [
        [
            c.decided_on,
            c.organisation.business_id,
            c.organisation.name,
            c.amount,
            "(EU) 2023/2831",
            str(c.scheme),
            c.decision_number,
            area.name_fi,
            c.other_aid_declared,
            c.declared_on,
            c.cancelled_on,
        ]
        for c in selectors.aid_granted(area.pk, start, end)
    ]
    download_recorded(
        actor=request.user,
        action="reciprocity.aid_export",
        area=area,
        changes={"year": [None, year], "rows": [None, len(rows)]},
    )
    return table_download(_header(), rows, name=f"osmari-de-minimis-{year}", fmt=fmt)
