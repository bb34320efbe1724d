"""What an import leaves behind about people: one audit event per person the file matched,
no file name in the log, no identity code on the terminal; repeated rows are one fact; the
same file twice at once is one extract; a huge sheet is refused without being read whole."""

import threading
import tracemalloc
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from osmari.clients.importing import ImportFileError, read_rows
from osmari.clients.tests.builders import build_client
from osmari.core.models import AuditEvent
from osmari.core.tests.builders import reference_area
from osmari.extracts.models import Extract, RegisterFact
from osmari.extracts.tests.builders import csv_file, import_rows, xlsx_file

HETU = "131052-308T"
OTHER = "010190-123M"
FOREIGN = "150575-298N"


@pytest.mark.django_db
def test_each_person_the_file_matched_has_an_audit_event_and_nobody_else(
    login, admin, coach, area, other_area, coach_other_area
):
    person = build_client(actor=coach, area=area, hetu=HETU, coach=coach)
    refused_only = build_client(actor=coach, area=area, hetu=OTHER, coach=coach)
    elsewhere = build_client(actor=coach_other_area, area=other_area, hetu=FOREIGN)
    rows = [
        [HETU, "suunnitelma", "", "", "", "X-1", "1.3.2025"],
        [OTHER, "tyonhakija", "99", "1.3.2025", "", "", ""],
        [FOREIGN, "suunnitelma", "", "", "", "X-1", "1.3.2025"],
    ]
    response = login(admin).post(
        reverse("extracts:import"),
        {"file": csv_file(rows), "extracted_on": "2026-11-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action="extract.fact")
    assert {e.person_ref for e in events} == {person.person_ref, refused_only.person_ref}
    mine = events.get(person_ref=person.person_ref)
    assert (mine.actor, mine.area) == (admin, area)
    assert mine.changes == {"saved": [None, 1], "refused": [None, 0]}
    assert not AuditEvent.objects.filter(person_ref=elsewhere.person_ref, actor=admin).exists()


@pytest.mark.django_db
def test_the_file_name_stays_out_of_the_audit_log(coach, area):
    build_client(actor=coach, area=area, hetu=HETU, coach=coach)
    report = import_rows(
        [[HETU, "suunnitelma", "", "", "", "TYS-1", "15.3.2025"]],
        area=area,
        name="Aino Esimerkki 131052-308T.csv",
    )
    shown = list(AuditEvent.objects.values_list("object_repr", flat=True))
    assert f"extract {report.extract.pk}" in shown
    assert not any("Aino" in text or "131052" in text for text in shown)
    assert report.extract.file_name == "Aino Esimerkki 131052-308T.csv"


@pytest.mark.django_db
def test_the_command_prints_row_numbers_not_identity_codes(tmp_path, coach, area):
    build_client(actor=coach, area=area, hetu=HETU, coach=coach)
    path = tmp_path / "ote.csv"
    path.write_bytes(csv_file([[HETU, "tyonhakija", "99", "1.3.2025", "", "", ""]]).read())
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_register_extract",
            str(path),
            "--area",
            area.code,
            "--date",
            "2026-11-01",
            stdout=out,
        )
    assert "row 2" in out.getvalue() and "99" in out.getvalue()
    assert HETU not in out.getvalue()


@pytest.mark.django_db
def test_a_row_repeated_in_the_file_is_one_fact_and_one_period(coach, area):
    person = build_client(actor=coach, area=area, hetu=HETU, coach=coach)
    row = [HETU, "tyonhakija", "01", "1.3.2025", "", "", ""]
    report = import_rows(
        [row, row, [HETU, "suunnitelma", "", "", "", "T-1", "1.3.2025"]] * 2, area=area
    )
    assert report.errors == [] and report.saved == 6
    assert RegisterFact.objects.filter(client=person).count() == 2
    assert [(s.status, s.start_on) for s in person.spells.all()] == [
        ("unemployed", date(2025, 3, 1))
    ]


@pytest.mark.django_db
def test_a_file_already_imported_is_found_inside_the_import_too(coach, area):
    # The second import passes the first check only when both run at once; then it finds
    # the first one's extract under the area's lock.
    build_client(actor=coach, area=area, hetu=HETU, coach=coach)
    rows = [[HETU, "tyonhakija", "01", "1.3.2025", "", "", ""]]
    first = import_rows(rows, area=area)
    again = import_rows(rows, area=area, name="toinen.csv")
    assert again.already_imported and again.extract == first.extract


@pytest.fixture
def loaded_area(db):
    return reference_area()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_same_file_twice_at_once_is_one_extract_and_no_server_error(
    tables_put_back_afterwards, loaded_area, manager
):
    from osmari.accounts.models import Membership, Role

    coach = Membership.objects.filter(area=loaded_area, role=Role.COACH).first()
    build_client(actor=coach.user if coach else manager, area=loaded_area, hetu=HETU)
    for round_number in range(3):
        rows = [[HETU, "tyonhakija", "01", f"{round_number + 1}.3.2025", "", "", ""]]
        start = threading.Barrier(2)
        statuses: list[int] = []

        def upload(rows=rows, start=start, statuses=statuses):
            try:
                http = HttpClient(raise_request_exception=False)
                http.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
                start.wait()
                response = http.post(
                    reverse("extracts:import"),
                    {"file": csv_file(rows), "extracted_on": "2026-11-01"},
                )
                statuses.append(response.status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=upload) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [200, 200], round_number
        assert Extract.objects.filter(area=loaded_area).count() == round_number + 1


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_sheet_over_the_limit_is_refused_without_reading_it_whole(english):
    big = xlsx_file([[1, 2, 3, 4, 5, 6, 7]] * 30_000)
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError, match="At most 10 rows"):
            read_rows(big, required={"henkilotunnus"}, max_rows=10)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000
    # Exactly at the limit is read as before.
    assert len(read_rows(xlsx_file([[1]] * 10), required={"henkilotunnus"}, max_rows=10)) == 10
    with pytest.raises(ImportFileError, match="At most 10 rows"):
        read_rows(csv_file([["1"]] * 11), required={"henkilotunnus"}, max_rows=10)
