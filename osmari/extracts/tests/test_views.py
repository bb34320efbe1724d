"""The import page, the mapping page and the command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from osmari.clients.tests.builders import build_client
from osmari.extracts.models import Extract, ExtractMapping
from osmari.extracts.tests.builders import csv_file

pytestmark = pytest.mark.django_db

HETU = "131052-308T"
ROWS = [
    [HETU, "tyonhakija", "01", "1.3.2025", "", "", ""],
    [HETU, "tyonhakija", "99", "1.3.2025", "", "", ""],
]


def test_the_manager_imports_and_sees_the_row_report_and_the_history(login, manager, coach, area):
    build_client(actor=coach, area=area, hetu=HETU, coach=coach)
    http = login(manager)
    response = http.post(
        reverse("extracts:import"),
        {"file": csv_file(ROWS, name="ote-marraskuu.csv"), "extracted_on": "2026-11-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "“99”" in text and "ote-marraskuu.csv" in text
    again = http.post(
        reverse("extracts:import"),
        {"file": csv_file(ROWS, name="ote-marraskuu.csv"), "extracted_on": "2026-11-01"},
    )
    assert Extract.objects.count() == 1 and again.context["report"].already_imported
    assert Extract.objects.get().imported_by == manager


def test_a_future_date_or_a_wrong_file_is_refused_on_the_page(login, admin):
    http = login(admin)
    response = http.post(
        reverse("extracts:import"), {"file": csv_file(ROWS), "extracted_on": "2099-01-01"}
    )
    assert response.status_code == 422
    assert not Extract.objects.exists()
    response = http.post(
        reverse("extracts:import"),
        {"file": csv_file([["x"]], header=["hetu"]), "extracted_on": "2026-11-01"},
    )
    assert response.status_code == 422 and not Extract.objects.exists()


def test_the_administrator_edits_the_mapping_with_clear_messages(login, admin, area):
    http = login(admin)
    assert http.get(reverse("extracts:mapping")).status_code == 200
    data = {
        "column_identity": "hetu",
        "column_kind": "laji",
        "column_code": "koodi",
        "column_start": "alku",
        "column_end": "alku",
        "column_reference": "tunniste",
        "column_decided": "pvm",
        "kind_status": "tyonhakija",
        "kind_service": "palvelu",
        "kind_plan": "suunnitelma",
        "kind_decision": "paatos",
        "status_codes": "01 = unemployed\nxx = flying",
        "service_codes": "tk = work_trial",
    }
    response = http.post(reverse("extracts:mapping"), data, HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 422
    assert "“xx = flying”" in text and "is already given for" in text
    assert not ExtractMapping.objects.exists()
    data.update(column_end="loppu", status_codes="01 = unemployed\nXX = employed")
    assert http.post(reverse("extracts:mapping"), data).status_code == 302
    mapping = ExtractMapping.objects.get(area=area)
    assert mapping.as_mapping().status_codes == {"01": "unemployed", "xx": "employed"}
    assert mapping.as_mapping().columns["identity"] == "hetu"


def test_the_command_imports_and_reports_rows(tmp_path, coach, area):
    client = build_client(actor=coach, area=area, hetu=HETU, coach=coach)
    path = tmp_path / "ote.csv"
    path.write_bytes(csv_file(ROWS).read())
    out = StringIO()
    with pytest.raises(CommandError, match="1 rows were refused"):
        call_command(
            "import_register_extract",
            str(path),
            "--area",
            area.code,
            "--date",
            "2026-11-01",
            stdout=out,
        )
    assert "row 3" in out.getvalue()
    assert [s.source for s in client.spells.all()] == ["extract"]
    out = StringIO()
    call_command("import_register_extract", str(path), "--area", area.code, stdout=out)
    assert "already imported" in out.getvalue()
    assert Extract.objects.get().extracted_on == date(2026, 11, 1)


def test_the_command_refuses_an_unknown_area(tmp_path):
    path = tmp_path / "ote.csv"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="No employment area"):
        call_command("import_register_extract", str(path), "--area", "nowhere")
