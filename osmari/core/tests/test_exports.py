"""Exports carry no formulas, and downloads are named only from a fixed alphabet."""

import ast
import csv
import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.http import HttpResponse
from openpyxl import load_workbook
from openpyxl.styles import Font

from osmari.core import exports

OSMARI = Path(__file__).resolve().parents[2]

HOSTILE = [
    '=HYPERLINK("http://x")',
    "@SUM(1)",
    "-2+3",
    "+1+1",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_csv_cell_that_would_start_a_formula_gets_a_leading_apostrophe(value):
    content, content_type = exports.table_content(["name"], [[value]], fmt="csv")
    assert content_type == exports.CSV
    assert _csv_rows(content)[1] == ["'" + value]


def test_csv_keeps_plain_text_numbers_and_dates_as_they_are():
    content, _type = exports.table_content(
        ["name", "n", "amount", "on"],
        [["Saimaan Puutyö Oy", -2, Decimal("-1.50"), date(2026, 3, 1)], ["a-b = c", 0, 1, None]],
        fmt="csv",
    )
    assert _csv_rows(content)[1:] == [
        ["Saimaan Puutyö Oy", "-2", "-1.50", "2026-03-01"],
        ["a-b = c", "0", "1", ""],
    ]


def test_a_hostile_header_is_escaped_too():
    content, _type = exports.table_content(["=1+1"], [], fmt="csv")
    assert _csv_rows(content)[0] == ["'=1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_an_xlsx_text_cell_is_text_never_a_formula(value):
    content, content_type = exports.table_content(["name"], [[value]], fmt="xlsx")
    assert content_type == exports.XLSX
    cell = _book(content).active["A2"]
    assert cell.data_type == "s"
    # XML reads a carriage return back as a line feed; the text is otherwise as written.
    assert cell.value == value.replace("\r", "\n")
    # Excel's quote prefix: editing the cell in Excel keeps it text.
    assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_xlsx_keeps_numbers_and_dates_typed_and_plain_text_unmarked():
    content, _type = exports.table_content(
        ["name", "n", "amount", "on"],
        [["Saimaan Puutyö Oy", -2, Decimal("1.5"), date(2026, 3, 1)]],
        fmt="xlsx",
    )
    name, n, amount, on = _book(content).active[2]
    assert (name.value, name.data_type, name.quotePrefix) == ("Saimaan Puutyö Oy", "s", False)
    assert (n.value, n.data_type) == (-2, "n")
    assert (amount.value, amount.data_type) == (1.5, "n")
    assert on.is_date and on.value.date() == date(2026, 3, 1)


def test_control_characters_that_xlsx_cannot_hold_are_dropped_not_a_crash():
    content, _type = exports.table_content(["name"], [["Oy\x01\x1b=Ab"]], fmt="xlsx")
    assert _book(content).active["A2"].value == "Oy=Ab"


def test_a_row_written_into_a_styled_sheet_stays_text_and_keeps_its_style():
    book = exports.workbook()
    sheet = book.active
    exports.xlsx_append(sheet, ['=HYPERLINK("http://x")', 3])
    sheet["A1"].font = Font(bold=True)
    response = exports.xlsx_download(book, name="report")
    cell = _book(response.content).active["A1"]
    assert (cell.value, cell.data_type, cell.font.b) == ('=HYPERLINK("http://x")', "s", True)
    assert response["Content-Disposition"] == 'attachment; filename="report.xlsx"'


def test_the_streamed_csv_is_escaped_row_by_row():
    rows = ([f"row {n}", "@SUM(1)"] for n in range(3))
    response = exports.csv_stream(["time", "object"], rows, name="osmari-audit-20260101")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="osmari-audit-20260101.csv"'
    lines = _csv_rows(b"".join(response.streaming_content))
    assert lines[1:] == [[f"row {n}", "'@SUM(1)"] for n in range(3)]


def test_an_unknown_table_format_is_refused():
    with pytest.raises(ValueError, match="Unknown table format"):
        exports.table_content(["a"], [], fmt="html")


# ---------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "filename",
    ["osmari-gaps.csv", "progress-report-2026-01-01-2026-06-30.xlsx", "a_b.1.pdf"],
)
def test_a_download_is_named_from_the_fixed_alphabet(filename):
    response = exports.attachment(HttpResponse(), filename)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


@pytest.mark.parametrize(
    "filename",
    [
        "",
        "report 2026.pdf",
        "x\";filename*=UTF-8''evil.html",
        "x\r\nSet-Cookie: a=b",
        "../../etc/passwd",
        "kumppanikooste-Jyväskylä.pdf",
        "feedback-<script>.csv",
    ],
)
def test_a_download_name_outside_the_alphabet_is_refused(filename):
    with pytest.raises(ValueError):
        exports.attachment(HttpResponse(), filename)


def test_a_table_download_refuses_a_name_outside_the_alphabet():
    with pytest.raises(ValueError):
        exports.table_download(["a"], [], name="Oy Ab", fmt="csv")


def test_a_stored_file_is_served_under_the_name_given_not_its_own(tmp_path):
    stored = tmp_path / "Matti Meikäläinen allekirjoitus.pdf"
    stored.write_bytes(b"%PDF-1.4")
    with stored.open("rb") as handle:
        response = exports.file_download(
            handle, filename="allekirjoitus-1-2.pdf", content_type="application/pdf"
        )
        assert response["Content-Disposition"] == 'attachment; filename="allekirjoitus-1-2.pdf"'
        assert response["Content-Type"] == "application/pdf"


# ---------------------------------------------------------------- one way out

# The one module that may write a spreadsheet or name a download.
EXPORTS = OSMARI / "core" / "exports.py"


WRITERS = {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook")}


def _bypasses(path: Path) -> list[str]:
    """Where a module writes CSV or XLSX, or names a download, without `core.exports`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{getattr(node, 'lineno', 0)}: {what}"
        for node in ast.walk(tree)
        for what in _node_bypasses(node)
    ]


def _import_bypasses(node: ast.ImportFrom) -> list[str]:
    module = node.module or ""
    if module in ("csv", "openpyxl"):
        return [
            f"from {module} import {alias.name}"
            for alias in node.names
            if alias.name in ("writer", "DictWriter", "Workbook")
        ]
    if module.startswith("openpyxl.") and any(alias.name == "Workbook" for alias in node.names):
        return [f"from {module} import …"]
    return []


def _node_bypasses(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return _import_bypasses(node)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        used = (node.value.id, node.attr)
        return [f"{used[0]}.{used[1]}"] if used in WRITERS else []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return ["sets Content-Disposition"] if "content-disposition" in node.value.lower() else []
    if isinstance(node, ast.Name | ast.alias):
        name = node.id if isinstance(node, ast.Name) else node.name
        if name == "FileResponse" or name.endswith(".FileResponse"):
            return ["FileResponse names its own download"]
        return []
    if isinstance(node, ast.keyword) and node.arg == "as_attachment":
        return ["as_attachment"]
    return []


def _modules():
    for path in sorted(OSMARI.rglob("*.py")):
        parts = path.relative_to(OSMARI).parts
        if path == EXPORTS or "tests" in parts or "migrations" in parts:
            continue
        yield path


def test_every_export_and_download_goes_through_core_exports():
    offences = [
        f"{path.relative_to(OSMARI.parent)}:{where}"
        for path in _modules()
        for where in _bypasses(path)
    ]
    assert offences == []


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nw = csv.writer(f)\n",
        "from csv import DictWriter\n",
        "from openpyxl import Workbook\n",
        "import openpyxl\nbook = openpyxl.Workbook()\n",
        "response['Content-Disposition'] = 'attachment'\n",
        "from django.http import FileResponse\n",
        "r = FileResponse(f, as_attachment=True, filename=name)\n",
    ],
)
def test_the_check_catches_a_module_that_bypasses_exports(tmp_path, source):
    path = tmp_path / "views.py"
    path.write_text(source)
    assert _bypasses(path) != []


def test_the_check_lets_a_module_read_csv_and_xlsx(tmp_path):
    path = tmp_path / "importing.py"
    path.write_text(
        "import csv\nfrom openpyxl import load_workbook\n"
        "rows = csv.reader(f)\ndialect = csv.Sniffer()\nbook = load_workbook(f)\n"
    )
    assert _bypasses(path) == []
