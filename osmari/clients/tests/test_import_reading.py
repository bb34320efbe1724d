"""Any file given to the import gets a clear message on the page, never a server error, and a
file that cannot be read whole imports nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from osmari.clients.models import Client, ImportRun

pytestmark = pytest.mark.django_db

HEADER = "personal_identity_code;first_name;last_name;municipality_code\n"


def _import(http, content: bytes, name: str = "clients.csv"):
    return http.post(
        reverse("clients:import"),
        {"file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _workbook_with_a_broken_sheet() -> bytes:
    """A workbook that opens, whose sheet has a number cell that is not a number."""
    book = Workbook()
    book.active.append(["personal_identity_code", "first_name", "last_name"])
    buffer = io.BytesIO()
    book.save(buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name in original.namelist():
            data = original.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = (
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData><row r="1"><c r="A1" t="n"><v>abc</v></c></row></sheetData>'
                    b"</worksheet>"
                )
            archive.writestr(name, data)
    return broken.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"personal_identity_code\n131052-308T\n", "missing: first_name, last_name"),
        ("\ufeffpersonal_identity_code\n".encode(), "missing: first_name, last_name"),
        (HEADER.encode().replace(b";first", b"\x00;first"), "neither a CSV file saved as UTF-8"),
        ((HEADER + ";Äänä;Öö\n").encode("latin-1"), "neither a CSV file saved as UTF-8"),
        (
            (HEADER + "131052-308T;Aino;Esimerkki;491;Mikkeli\n").encode(),
            "Row 2 has more cells than the first row has column names.",
        ),
        (
            (HEADER + '131052-308T;"Aino;' + "x" * 200_000 + "\n").encode(),
            "The CSV file cannot be read: a quotation mark is left open",
        ),
    ],
    ids=["empty", "one-column", "bom", "nul", "latin-1", "ragged", "open-quote"],
)
def test_an_irregular_csv_gets_a_clear_message_and_imports_nothing(login, coach, content, message):
    response = _import(login(coach), content)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Client.objects.exists()


def test_a_bom_and_short_rows_are_read_and_each_row_judged(login, coach):
    text = "\ufeff" + HEADER.replace(";", ",") + "131052-308T,Aino,Esimerkki,491\n010170-002K\n"
    response = _import(login(coach), text.encode())
    assert response.status_code == 302
    call_command("run_worker", "--once", "--no-periodic", verbosity=0)
    assert Client.objects.get().first_name == "Aino"
    # The short row is judged as a row with empty cells, and refused as one.
    run = ImportRun.objects.get()
    assert run.created == 1
    assert [number for number, _code, _errors in run.errors] == [3]


def test_a_workbook_whose_sheet_cannot_be_read_is_refused(login, coach):
    response = _import(login(coach), _workbook_with_a_broken_sheet(), name="clients.xlsx")
    assert response.status_code == 422
    assert "The file is not a readable XLSX workbook." in response.content.decode()
