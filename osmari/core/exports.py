"""Every download of the service: tables as CSV or XLSX, and the file name of any download.

A spreadsheet runs a cell whose text begins with "=", "+", "-" or "@" (some also after a tab
or a carriage return) as a formula, so an organisation's name or an answer typed into a form
could run on the machine of whoever opens the export (CSV injection, OWASP). Here every text
cell is made inert: in CSV such a text gets a leading apostrophe, which the spreadsheet shows
as text; in XLSX every text is written as a text cell, never as a formula, and such a text
carries Excel's quote prefix, so editing the cell keeps it text. Numbers and dates keep their
type. Nothing else in Osmari writes CSV or XLSX, and nothing else names a download: the tests
in `osmari/core/tests/test_exports.py` fail on a module that tries.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, time
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMATS = ("csv", "xlsx")
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Typed values are written as what they are; a number cannot become a formula.
_TYPED = (int, float, Decimal, date, time)
# The most a cell of Excel holds; openpyxl refuses more.
_XLSX_CELL_MAX = 32_767
_FILENAME = re.compile(r"[A-Za-z0-9._-]+")


def attachment(
    response: HttpResponseBase, filename: str, *, inline: bool = False
) -> HttpResponseBase:
    """Name a download. The name is built from constants, formats, dates and numeric ids only.
    `inline` lets a browser show the file (open data) instead of saving it."""
    if not _FILENAME.fullmatch(filename):
        raise ValueError(f"A download's file name must match [A-Za-z0-9._-]+: {filename!r}")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def file_download(handle, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download under a name of our own, never the name it was uploaded as."""
    response = FileResponse(handle, content_type=content_type)
    attachment(response, filename)
    return response


def csv_cell(value: object) -> object:
    """The value as CSV writes it, with a text that could start a formula made inert."""
    if value is None or isinstance(value, _TYPED):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(row: Iterable[object]) -> list[object]:
    return [csv_cell(value) for value in row]


def _xlsx_cell(sheet: Worksheet, value: object) -> object:
    if value is None or isinstance(value, _TYPED):
        return value
    # Control characters cannot be stored in XLSX: a hostile value is cleaned, not a 500.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_XLSX_CELL_MAX]
    cell = Cell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would otherwise store a leading "=" as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def xlsx_append(sheet: Worksheet, row: Iterable[object]) -> None:
    """Append a row to a workbook's sheet, every text cell written as text."""
    sheet.append([_xlsx_cell(sheet, value) for value in row])


def workbook() -> Workbook:
    """A new workbook; fill it with `xlsx_append` and send it with `xlsx_download`."""
    return Workbook()


def _xlsx_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_download(book: Workbook, *, name: str) -> HttpResponse:
    response = HttpResponse(_xlsx_bytes(book), content_type=XLSX)
    attachment(response, f"{name}.xlsx")
    return response


def table_content(
    header: Sequence[object], rows: Iterable[Sequence[object]], *, fmt: str
) -> tuple[bytes, str]:
    """A table as the bytes of a `fmt` file ("csv" or "xlsx") and their content type."""
    if fmt == "xlsx":
        book = workbook()
        sheet = book.active
        xlsx_append(sheet, header)
        for row in rows:
            xlsx_append(sheet, row)
        return _xlsx_bytes(book), XLSX
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(csv_row(header))
        writer.writerows(csv_row(row) for row in rows)
        return text.getvalue().encode("utf-8"), CSV
    raise ValueError(f"Unknown table format: {fmt!r}")


def table_download(
    header: Sequence[object], rows: Iterable[Sequence[object]], *, name: str, fmt: str
) -> HttpResponse:
    """`fmt` is "xlsx" or "csv"; the file is called `name.fmt`."""
    content, content_type = table_content(header, rows, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    attachment(response, f"{name}.{fmt}")
    return response


class _Echo:
    """A file that hands back what is written, so csv.writer yields lines one at a time."""

    def write(self, value: str) -> str:
        return value


def csv_stream(
    header: Sequence[object], rows: Iterable[Sequence[object]], *, name: str
) -> StreamingHttpResponse:
    """A table too long to hold in memory, as CSV written row by row while it is sent."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(csv_row(header))
        for row in rows:
            yield writer.writerow(csv_row(row))

    response = StreamingHttpResponse(lines(), content_type=CSV)
    attachment(response, f"{name}.csv")
    return response
