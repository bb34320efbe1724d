import csv
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients import importing
from osmari.clients.management.commands.import_clients import Command as ImportClients
from osmari.clients.models import Client, Enrolment
from osmari.clients.tests.builders import build_client
from osmari.core.encryption import lookup_hash

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
    assert not Client.objects.filter(identity_hash=lookup_hash("010101A123N")).exists()
    aino = Client.objects.get(identity_hash=lookup_hash("131052-308T"))
    assert aino.municipality.code == "491"
    assert aino.unemployed_since.isoformat() == "2025-03-01"
    assert Enrolment.objects.get(client=aino).entered_on.isoformat() == "2025-09-01"
    assert Client.objects.get(identity_hash=lookup_hash("150570-2029")).municipality.code == "097"


def test_importing_the_same_file_twice_creates_no_duplicates(coach, area):
    rows = importing.read_rows(_csv(_rows(), delimiter=";"))
    importing.import_rows(actor=coach, area=area, rows=rows)
    again = importing.import_rows(actor=coach, area=area, rows=rows)
    assert (again.created, again.updated) == (0, 2)
    assert Client.objects.count() == 2
    assert Client.objects.get(identity_hash=lookup_hash("131052-308T")).spells.count() == 1


def test_xlsx_from_the_template_imports(login, coach, area):
    content = login(coach).get(reverse("clients:import_template", args=["xlsx"])).content
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


def _import_in_background(http, upload):
    """Post the file, let the worker run its job, and read the import's page."""
    response = http.post(reverse("clients:import"), {"file": upload})
    assert response.status_code == 302
    call_command("run_worker", "--once", "--no-periodic", verbosity=0)
    return http.get(response.url)


def test_the_import_page_reports_the_result(login, coach):
    response = _import_in_background(login(coach), _csv(_rows()))
    assert response.status_code == 200
    text = response.content.decode()
    assert "131052-308U" in text  # the refused row is listed
    assert Client.objects.count() == 2


def test_the_import_page_refuses_other_file_types(login, coach):
    upload = SimpleUploadedFile("clients.pdf", b"%PDF")
    assert login(coach).post(reverse("clients:import"), {"file": upload}).status_code == 422
    assert not Client.objects.exists()


def test_the_template_downloads(login, coach):
    response = login(coach).get(reverse("clients:import_template", args=["csv"]))
    assert response.content.decode().splitlines()[0] == ",".join(importing.COLUMNS)


def test_the_template_comes_only_as_csv_or_xlsx(login, coach):
    http = login(coach)
    assert http.get(reverse("clients:import_template", args=['x";evil=1'])).status_code == 404


def test_the_command_imports_and_reports_refused_rows(coach, area, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(_rows()).read())
    out = StringIO()
    with pytest.raises(CommandError, match="2 rows were refused"):
        call_command("import_clients", str(path), "--area", "mikkeli", stdout=out)
    assert "created 2, updated 0, refused 2" in out.getvalue()
    assert Client.objects.count() == 2


# ---------------------------------------------------------------- who may write what


def _upload(rows, columns) -> list[dict[str, str]]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return importing.read_rows(SimpleUploadedFile("c.csv", buffer.getvalue().encode("utf-8")))


NEUTRAL = "Cannot be imported: the person cannot be created or updated by you."


@pytest.fixture
def colleague(area):
    return make_person("colleague@test.osmari.fi", Role.COACH, area)


@pytest.fixture
def colleagues_client(area, colleague):
    client = build_client(
        actor=colleague, area=area, coach=colleague, first_name="Kaisa", last_name="Salainen"
    )
    area.coaches_see_own_caseload_only = True
    area.save()
    return client


def test_a_coach_cannot_update_a_client_outside_their_own_caseload(coach, area, colleagues_client):
    rows = _upload([{**GOOD, "first_name": "Muutettu"}], importing.COLUMNS)
    with translation.override("en"):
        report = importing.import_rows(actor=coach, area=area, rows=rows)
    assert (report.created, report.updated) == (0, 0)
    assert report.errors == [(2, "131052-308T", [NEUTRAL])]
    colleagues_client.refresh_from_db()
    assert colleagues_client.first_name == "Kaisa"
    assert not Enrolment.objects.filter(client=colleagues_client).exists()


def test_a_refused_row_reads_the_same_whether_or_not_the_person_is_a_client(
    coach, area, colleagues_client
):
    # A file without the place of residence may update a client, but cannot add one.
    columns = ["personal_identity_code", "first_name", "last_name", "left_on"]
    unknown = {**GOOD, "personal_identity_code": "150570-2029", "left_on": "2026-01-31"}
    known = {**GOOD, "left_on": "2026-01-31"}
    with translation.override("en"):
        report = importing.import_rows(
            actor=coach, area=area, rows=_upload([unknown, known], columns)
        )
    # Checked as a new person's row would be, the row about a client outside the caseload
    # gets the same reasons as the row about someone unknown: never the stored record's.
    assert report.errors[0][2] == report.errors[1][2]
    assert report.errors[0][2] == [
        "municipality_code: Give the municipality code or a postcode.",
        "left_on: An exit date needs an entry date.",
        "situation_on_leaving: Record the situation on leaving with the exit date.",
    ]
    assert Client.objects.count() == 1


def test_the_import_page_names_no_one_it_refuses(login, coach, colleagues_client):
    http = login(coach)
    http.cookies["django_language"] = "en"
    response = _import_in_background(http, _csv([GOOD]))
    text = response.content.decode()
    assert NEUTRAL in text
    assert "Salainen" not in text and "Kaisa" not in text


def test_a_client_in_another_area_is_not_told_of_and_a_new_one_is_made_here(
    coach, area, other_area, coach_other_area
):
    build_client(actor=coach_other_area, area=other_area, last_name="Muualla")
    report = importing.import_rows(actor=coach, area=area, rows=_upload([GOOD], importing.COLUMNS))
    assert (report.created, report.updated, report.errors) == (1, 0, [])
    assert Client.objects.get(area=other_area).last_name == "Muualla"


def test_a_managers_import_creates_new_clients_and_updates_nobody(manager, coach, area):
    existing = build_client(actor=coach, area=area, first_name="Vanha")
    new = {**GOOD, "personal_identity_code": "150570-2029", "first_name": "Uusi"}
    with translation.override("en"):
        report = importing.import_rows(
            actor=manager,
            area=area,
            rows=_upload([{**GOOD, "first_name": "Muutettu"}, new], importing.COLUMNS),
        )
    assert (report.created, report.updated) == (1, 0)
    assert report.errors == [(2, "131052-308T", [NEUTRAL])]
    existing.refresh_from_db()
    assert existing.first_name == "Vanha"
    assert Client.objects.get(identity_hash=lookup_hash("150570-2029")).first_name == "Uusi"


def test_a_coach_keeping_to_their_caseload_can_import_their_own_file_again(coach, area):
    area.coaches_see_own_caseload_only = True
    area.save()
    rows = _upload([GOOD], importing.COLUMNS)
    importing.import_rows(actor=coach, area=area, rows=rows)
    again = importing.import_rows(actor=coach, area=area, rows=rows)
    assert (again.created, again.updated, again.errors) == (0, 1, [])
    assert Client.objects.get().coach == coach


# ---------------------------------------------------------------- only what the file holds


@pytest.fixture
def imported(coach, area):
    importing.import_rows(
        actor=coach,
        area=area,
        rows=_upload(
            [
                {
                    **GOOD,
                    "phone": "040 123 4567",
                    "left_on": "2026-01-31",
                    "situation_on_leaving": "employed",
                }
            ],
            importing.COLUMNS,
        ),
    )
    return Client.objects.get(identity_hash=lookup_hash("131052-308T"))


def test_a_column_left_out_of_the_file_keeps_the_stored_value(coach, area, imported):
    columns = ["personal_identity_code", "first_name", "last_name", "phone"]
    rows = _upload([{**GOOD, "first_name": "Aino-Maria", "phone": "050 765 4321"}], columns)
    report = importing.import_rows(actor=coach, area=area, rows=rows)
    assert (report.updated, report.errors) == (1, [])
    imported.refresh_from_db()
    assert (imported.first_name, imported.phone) == ("Aino-Maria", "050 765 4321")
    assert imported.email == "aino@example.fi"
    assert imported.gender == "female" and imported.education_level.code == "3"
    assert imported.postal_code.code == "50100"
    enrolment = Enrolment.objects.get(client=imported)
    assert (enrolment.left_on.isoformat(), enrolment.situation_on_leaving) == (
        "2026-01-31",
        "employed",
    )


@pytest.mark.parametrize("column", ["email", "phone", "gender", "postal_code", "left_on"])
def test_an_empty_cell_is_refused_and_wipes_nothing(coach, area, imported, column):
    columns = ["personal_identity_code", "first_name", "last_name", column]
    with translation.override("en"):
        report = importing.import_rows(
            actor=coach, area=area, rows=_upload([{**GOOD, column: ""}], columns)
        )
    assert report.updated == 0
    assert report.errors[0][2] == [
        f"Empty value in column {column}: leave the column out to keep the stored value."
    ]
    imported.refresh_from_db()
    assert (imported.email, imported.phone, imported.gender) == (
        "aino@example.fi",
        "040 123 4567",
        "female",
    )
    assert imported.postal_code.code == "50100"
    assert Enrolment.objects.get(client=imported).left_on.isoformat() == "2026-01-31"


def test_an_exit_date_in_the_file_is_checked_against_the_stored_entry(coach, area, imported):
    columns = ["personal_identity_code", "first_name", "last_name", "left_on"]
    with translation.override("en"):
        report = importing.import_rows(
            actor=coach, area=area, rows=_upload([{**GOOD, "left_on": "2025-01-01"}], columns)
        )
    assert report.errors[0][2] == ["left_on: The exit date must not be before the entry date."]
    assert Enrolment.objects.get(client=imported).left_on.isoformat() == "2026-01-31"


def test_the_command_updates_any_client_of_the_area_and_says_so(
    coach, area, colleagues_client, tmp_path
):
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv([{**GOOD, "first_name": "Korjattu"}]).read())
    out = StringIO()
    call_command("import_clients", str(path), "--area", "mikkeli", stdout=out)
    assert "created 0, updated 1, refused 0" in out.getvalue()
    colleagues_client.refresh_from_db()
    assert colleagues_client.first_name == "Korjattu"
    parser = ImportClients().create_parser("manage.py", "import_clients")
    assert "without a user" in parser.format_help()
