"""A table as a CSV or Excel download: every export of the service goes through here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(
    header: Sequence[object], rows: Iterable[Sequence[object]], *, name: str, fmt: str
) -> HttpResponse:
    """`fmt` is "xlsx" or "csv"; the file is called `name.fmt`."""
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
