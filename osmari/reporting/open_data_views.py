"""The open-data pages and files: public, without a login, since they hold only the frozen
quarters (small groups already hidden) and the programme's and area's own names. They read
no table that holds people, so row-level security has nothing to let them through."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from osmari.core import exports
from osmari.feedback.suppression import rounding_base
from osmari.reporting import open_data

FILES = {
    "indicators": ("csv", "json"),
    "outcomes": ("csv", "json"),
}


def _area(area_code: str):
    area = open_data.published_area(area_code)
    if area is None:
        raise Http404
    return area


def _addresses(request, area) -> open_data.Addresses:
    def absolute(name: str) -> str:
        return request.build_absolute_uri(reverse(f"reporting:{name}", args=[area.code]))

    return open_data.Addresses(
        page=absolute("open_data_area"),
        catalog=absolute("open_data_catalog"),
        files={
            dataset: {kind: absolute(f"open_data_{dataset}_{kind}") for kind in kinds}
            for dataset, kinds in FILES.items()
        },
    )


def _open(response: HttpResponse) -> HttpResponse:
    # Anyone's page or tool may fetch the files: they are public and no cookie matters.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def index(request):
    return render(
        request, "reporting/open_data/index.html", {"areas": open_data.publishing_areas()}
    )


@require_GET
def area_page(request, area_code: str):
    area = _area(area_code)
    rows = open_data.published_quarters(area)
    minimum = rows[-1].min_group_size if rows else area.min_group_size
    return render(
        request,
        "reporting/open_data/area.html",
        {
            "area": area,
            "rows": rows,
            "minimum": minimum,
            "rounding_base": rounding_base(minimum),
            "after_days": open_data.after_days(),
            "licence": open_data.LICENCE,
            "licence_name": open_data.LICENCE_NAME,
            "groupings": [str(open_data.GROUPING_LABELS[by]) for by in open_data.GROUPINGS],
            "languages": open_data.LANGUAGES,
        },
    )


@require_GET
def download(request, area_code: str, dataset: str, kind: str):
    """One of the area's files; `?lang=sv` or `en` gives the labels in that language."""
    area = _area(area_code)
    language = open_data.language_of(request.GET.get("lang"))
    rows = open_data.published_quarters(area)
    if dataset == "indicators":
        records = open_data.indicator_records(rows, language)
        columns = open_data.INDICATOR_COLUMNS
    else:
        records = open_data.outcome_records(rows, language)
        columns = open_data.OUTCOME_COLUMNS
    if kind == "csv":
        content, content_type = exports.table_content(
            columns, open_data.csv_rows(records, columns), fmt="csv"
        )
        response = HttpResponse(content, content_type=content_type)
    else:
        response = HttpResponse(
            json.dumps(open_data.as_json(records, language=language), ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    exports.attachment(response, f"{area.code}-{dataset}-{language}.{kind}", inline=True)
    response["Content-Language"] = language
    return _open(response)


@require_GET
def catalog(request, area_code: str):
    """The DCAT-AP description of the area's datasets, for open-data portals to harvest."""
    area = _area(area_code)
    rows = open_data.published_quarters(area)
    document = open_data.catalog(area, rows, _addresses(request, area))
    return _open(
        HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2),
            content_type="application/ld+json; charset=utf-8",
        )
    )
