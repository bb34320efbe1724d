"""Extract files for tests: CSV text or an XLSX workbook with the default columns."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from osmari.extracts import services

HEADER = ["henkilotunnus", "tietolaji", "koodi", "alkupvm", "loppupvm", "tunniste", "paatospvm"]


def csv_file(rows: list[list[str]], *, name: str = "ote.csv", header=HEADER) -> SimpleUploadedFile:
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode())


def xlsx_file(rows: list[list[object]], *, name: str = "ote.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def import_rows(
    rows, *, area, actor=None, extracted_on=date(2026, 11, 1), today=date(2026, 11, 27), **kw
):
    return services.extract_import(
        actor=actor,
        area=area,
        upload=csv_file(rows, **kw),
        extracted_on=extracted_on,
        today=today,
    )
