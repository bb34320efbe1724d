import csv
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from osmari.clients import importing
from osmari.clients.models import Client, Enrolment

pytestmark = pytest.mark.django_db

GOOD = {
    "personal_identity_code": "131052-308T",
    "first_name": "Aino",
    "last_name": "Esimerkki",
    "gender": "female",
    "municipality_code": "",
    "postal_code": "50100",
    "email": "aino@example.fi",
    "phone": "",
    "language": "fi",
    "education_level": "3",
    "unemployed_since": "1.3.2025",
    "status_at_entry": "unemployed",
    "enrolled_on": "2025-09-01",
    "left_on": "",
    "situation_on_leaving": "",
    "qualification_gained": "",
    "employed_6_months_after": "",
}


def _csv(rows, delimiter=",") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=importing.COLUMNS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("clients.csv", buffer.getvalue().encode("utf-8"))


def _rows():
    bad_code = {**GOOD, "personal_identity_code": "131052-308U", "last_name": "Väärä"}
    bad_exit = {
        **GOOD,
        "personal_identity_code": "010101A123N",
        "left_on": "2025-01-01",
        "situation_on_leaving": "employed",
    }
    second = {
        **GOOD,
        "personal_identity_code": "150570-2029",
        "first_name": "Eero",
        "postal_code": "",
        "municipality_code": "97",
        "enrolled_on": "",
        "status_at_entry": "",
    }
    return [GOOD, bad_code, bad_exit, second]


def test_valid_rows_are_saved_and_invalid_rows_listed_with_nothing_of_them_saved(coach, area):
    report = importing.import_rows(actor=coach, area=area, rows=importing.read_rows(_csv(_rows())))
    assert (report.created, report.updated) == (2, 0)
    assert [number for number, _code, _problems in report.errors] == [3, 4]
    assert (
        "tarkistusmerkki" in report.errors[0][2][0] or "check character" in report.errors[0][2][0]
    )
    assert not Client.objects.filter(last_name="Väärä").exists()
    assert not Client.objects.filter(personal_identity_code="010101A123N").exists()
    aino = Client.objects.get(personal_identity_code="131052-308T")
    assert aino.municipality.code == "491"
    assert aino.unemployed_since.isoformat() == "2025-03-01"
    assert Enrolment.objects.get(client=aino).entered_on.isoformat() == "2025-09-01"
    assert Client.objects.get(personal_identity_code="150570-2029").municipality.code == "097"


def test_importing_the_same_file_twice_creates_no_duplicates(coach, area):
    rows = importing.read_rows(_csv(_rows(), delimiter=";"))
    importing.import_rows(actor=coach, area=area, rows=rows)
    again = importing.import_rows(actor=coach, area=area, rows=rows)
    assert (again.created, again.updated) == (0, 2)
    assert Client.objects.count() == 2
    assert Client.objects.get(personal_identity_code="131052-308T").spells.count() == 1


def test_xlsx_from_the_template_imports(coach, area):
    content, _type = importing.template("xlsx")
    upload = SimpleUploadedFile("template.xlsx", content)
    report = importing.import_rows(actor=coach, area=area, rows=importing.read_rows(upload))
    assert report.created == 1 and report.errors == []


def test_xlsx_dates_and_numbers_are_read_as_typed(coach, area):
    book = Workbook()
    sheet = book.active
    sheet.append(importing.COLUMNS)
    from datetime import datetime

    row = dict(GOOD, unemployed_since=datetime(2025, 3, 1), education_level=3, enrolled_on="")
    sheet.append([row[c] for c in importing.COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = importing.read_rows(SimpleUploadedFile("c.xlsx", buffer.getvalue()))
    assert rows[0]["unemployed_since"] == "2025-03-01" and rows[0]["education_level"] == "3"


def test_a_file_without_the_header_row_is_refused(coach, area):
    upload = SimpleUploadedFile("c.csv", b"131052-308T,Aino,Esimerkki\n")
    with pytest.raises(importing.ImportFileError):
        importing.read_rows(upload)


def test_the_import_page_reports_the_result(login, coach):
    response = login(coach).post(reverse("clients:import"), {"file": _csv(_rows())})
    assert response.status_code == 200
    text = response.content.decode()
    assert "131052-308U" in text  # the refused row is listed
    assert Client.objects.count() == 2


def test_the_import_page_refuses_other_file_types(login, coach):
    upload = SimpleUploadedFile("clients.pdf", b"%PDF")
    assert login(coach).post(reverse("clients:import"), {"file": upload}).status_code == 422


def test_the_template_downloads(login, coach):
    response = login(coach).get(reverse("clients:import_template", args=["csv"]))
    assert response.content.decode().splitlines()[0] == ",".join(importing.COLUMNS)


def test_the_command_imports_and_reports_refused_rows(coach, area, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(_rows()).read())
    out = StringIO()
    with pytest.raises(CommandError, match="2 rows were refused"):
        call_command("import_clients", str(path), "--area", "mikkeli", stdout=out)
    assert "created 2, updated 0, refused 2" in out.getvalue()
    assert Client.objects.count() == 2
