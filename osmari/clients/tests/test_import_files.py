"""The import takes a file by its content: a CSV in UTF-8 or an XLSX workbook, whatever
its name."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from osmari.clients import importing
from osmari.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = "personal_identity_code,first_name,last_name,municipality_code\n"


def _post(http, upload):
    return http.post(reverse("clients:import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")


def test_a_binary_file_named_csv_is_refused_on_the_page(login, coach):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = _post(login(coach), SimpleUploadedFile("clients.csv", png))
    assert response.status_code == 422
    assert "neither a CSV file saved as UTF-8 nor an XLSX workbook" in response.content.decode()


def test_a_csv_with_nul_bytes_is_refused_and_nothing_imported(login, coach):
    text = HEADER + "131052-308T,Ai\x00no,Esimerkki,491\n"
    response = _post(login(coach), SimpleUploadedFile("clients.csv", text.encode()))
    assert response.status_code == 422
    assert not Client.objects.exists()


def test_a_workbook_named_csv_is_read_as_a_workbook(coach, area):
    book = Workbook()
    book.active.append(["personal_identity_code", "first_name", "last_name"])
    book.active.append(["131052-308T", "Aino", "Esimerkki"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = importing.read_rows(SimpleUploadedFile("clients.csv", buffer.getvalue()))
    assert rows[0]["first_name"] == "Aino"


def test_a_csv_named_xlsx_is_read_as_csv_by_the_command_too():
    text = "personal_identity_code;first_name;last_name\n131052-308T;Aino;Esimerkki\n"
    rows = importing.read_rows(SimpleUploadedFile("clients.xlsx", text.encode()))
    assert rows[0]["last_name"] == "Esimerkki"


def test_a_one_column_file_is_told_its_missing_columns_not_a_server_error(login, coach):
    response = _post(login(coach), SimpleUploadedFile("clients.csv", b"first_name\nAino\n"))
    assert response.status_code == 422
    assert "missing: last_name, personal_identity_code" in response.content.decode()


def test_an_import_file_over_the_limit_is_refused_with_the_limit_named(login, coach, settings):
    settings.MAX_UPLOAD_MB = 1
    text = (HEADER + "131052-308T,Aino,Esimerkki,491\n" * 40_000).encode()
    assert len(text) > 1024 * 1024
    response = _post(login(coach), SimpleUploadedFile("clients.csv", text))
    assert response.status_code == 422
    assert "The file is too large (at most 1 MB)." in response.content.decode()
    assert not Client.objects.exists()
