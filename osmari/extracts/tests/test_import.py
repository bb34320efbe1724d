"""The import of an area's register extract."""

from datetime import date

import pytest
from django.utils import translation

from osmari.clients.importing import ImportFileError
from osmari.clients.models import Client, StatusSpell
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.core.models import AuditEvent
from osmari.extracts import services
from osmari.extracts.models import Extract, RegisterFact
from osmari.extracts.tests.builders import csv_file, import_rows, xlsx_file

pytestmark = pytest.mark.django_db

HETU = "131052-308T"
OTHER = "010190-123M"


@pytest.fixture
def person(coach, area):
    return build_client(actor=coach, area=area, hetu=HETU, coach=coach)


def _spells(client):
    return [(s.status, s.start_on, s.end_on, s.source) for s in client.spells.order_by("start_on")]


def test_a_client_without_spells_gets_the_extracts_with_source_extract(person, area):
    report = import_rows(
        [
            [HETU, "tyonhakija", "01", "1.3.2025", "", "", ""],
            [HETU, "tyonhakija", "palvelussa", "2025-09-01", "2025-11-30", "", ""],
            [HETU, "tyonhakija", "tyoton", "2025-12-01", "", "", ""],
        ],
        area=area,
    )
    assert (report.saved, report.errors, report.spells_replaced) == (3, [], 1)
    assert _spells(person) == [
        # The ongoing period ends the day before the next one starts.
        ("unemployed", date(2025, 3, 1), date(2025, 8, 31), "extract"),
        ("other_service", date(2025, 9, 1), date(2025, 11, 30), "extract"),
        ("unemployed", date(2025, 12, 1), None, "extract"),
    ]
    person.refresh_from_db()
    assert person.unemployed_since == date(2025, 12, 1)
    assert AuditEvent.objects.filter(
        action="client.spells_from_extract", person_ref=person.person_ref
    ).exists()
    assert AuditEvent.objects.filter(action="extract.import", area=area).count() == 1


def test_an_xlsx_extract_with_date_cells_is_read(person, area):
    upload = xlsx_file([[HETU, "tyonhakija", "tyoton", date(2025, 3, 1), None, None, None]])
    report = services.extract_import(
        actor=None,
        area=area,
        upload=upload,
        extracted_on=date(2026, 11, 1),
        today=date(2026, 11, 27),
    )
    assert report.saved == 1
    assert _spells(person) == [("unemployed", date(2025, 3, 1), None, "extract")]


def test_the_same_file_again_changes_nothing(person, area):
    rows = [[HETU, "tyonhakija", "01", "1.3.2025", "", "", ""]]
    import_rows(rows, area=area)
    events = AuditEvent.objects.count()
    again = import_rows(rows, area=area, name="toinen-nimi.csv")
    assert again.already_imported
    assert Extract.objects.count() == 1 and RegisterFact.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_typed_spells_are_never_overwritten(person, coach, area):
    unemployed_since(actor=coach, client=person, start=date(2025, 2, 1))
    report = import_rows([[HETU, "tyonhakija", "01", "1.3.2025", "", "", ""]], area=area)
    assert (report.spells_replaced, report.to_reconcile) == (0, 1)
    assert _spells(person) == [("unemployed", date(2025, 2, 1), None, "staff")]


def test_a_later_extract_supersedes_the_earlier_for_the_people_it_covers(person, coach, area):
    other = build_client(actor=coach, area=area, hetu=OTHER, coach=coach)
    import_rows(
        [
            [HETU, "tyonhakija", "01", "1.3.2025", "", "", ""],
            [OTHER, "tyonhakija", "01", "1.4.2025", "", "", ""],
        ],
        area=area,
        extracted_on=date(2026, 10, 1),
    )
    import_rows(
        [[HETU, "tyonhakija", "tyossa", "1.10.2026", "", "", ""]],
        area=area,
        extracted_on=date(2026, 11, 1),
    )
    assert _spells(person) == [("employed", date(2026, 10, 1), None, "extract")]
    assert _spells(other) == [("unemployed", date(2025, 4, 1), None, "extract")]
    # An older extract imported late supersedes nobody.
    import_rows(
        [[HETU, "tyonhakija", "01", "1.1.2025", "", "", ""]],
        area=area,
        extracted_on=date(2026, 9, 1),
    )
    assert _spells(person) == [("employed", date(2026, 10, 1), None, "extract")]
    assert list(
        RegisterFact.objects.filter(client=person, is_current=True).values_list("code", flat=True)
    ) == ["tyossa"]


ROWS_WITH_ERRORS = [
    ["131052-308X", "tyonhakija", "01", "1.3.2025", "", "", ""],
    [OTHER, "tyonhakija", "01", "1.3.2025", "", "", ""],
    [HETU, "tyonhakija", "99", "1.3.2025", "", "", ""],
    [HETU, "palvelu", "tyokokeilu", "31.2.2025", "", "", ""],
    [HETU, "palvelu", "tyokokeilu", "1.3.2025", "1.2.2025", "", ""],
    [HETU, "muu", "01", "1.3.2025", "", "", ""],
    [HETU, "suunnitelma", "", "", "", "", "1.3.2025"],
]


def test_rows_with_errors_are_reported_in_english(person, area, other_area, coach_other_area):
    # A client of another area is unknown here, with the same words as anyone else.
    build_client(actor=coach_other_area, area=other_area, hetu=OTHER)
    with translation.override("en"):
        report = import_rows(ROWS_WITH_ERRORS, area=area)
    messages = {number: problems for number, _code, problems in report.errors}
    assert report.saved == 0 and len(report.errors) == 7
    assert "check character" in messages[2][0]
    assert messages[3] == ["No client of this area has this identity code."]
    assert messages[4] == ["Unknown status code “99”: add it to the extract mapping."]
    assert "is not a date" in messages[5][0] and "alkupvm" in messages[5][0]
    assert messages[6] == ["The end date must not be before the start date."]
    assert "Unknown kind “muu”" in messages[7][0]
    assert messages[8] == ["An employment plan needs its reference in column tunniste."]
    assert report.named == [person]
    extract = Extract.objects.get()
    assert (extract.rows_total, extract.rows_saved, extract.rows_refused) == (7, 0, 7)


def test_rows_with_errors_are_reported_in_finnish(person, area):
    with translation.override("fi"):
        report = import_rows(ROWS_WITH_ERRORS, area=area)
    messages = {number: problems for number, _code, problems in report.errors}
    assert messages[6] == ["Loppupäivä ei voi olla ennen alkupäivää."]
    assert "tarkistusmerkki" in messages[2][0]


def test_mapping_edits_change_what_is_recognised(person, admin, area):
    rows = [[HETU, "TH", "X1", "1.3.2025", "", "", ""]]
    header = ["hetu", "laji", "tila", "alku", "loppu", "tunnus", "pvm"]
    with pytest.raises(ImportFileError):
        import_rows(rows, area=area, header=header)
    services.mapping_save(
        actor=admin,
        area=area,
        column_identity="hetu",
        column_kind="laji",
        column_code="tila",
        column_start="alku",
        column_end="loppu",
        column_reference="tunnus",
        column_decided="pvm",
        kind_status="th",
        status_codes="x1 = unemployed",
    )
    report = import_rows(rows, area=area, header=header, name="uusi.csv")
    assert (report.saved, report.errors) == (1, [])
    assert _spells(person) == [("unemployed", date(2025, 3, 1), None, "extract")]
    assert AuditEvent.objects.filter(action="extract.mapping", actor=admin).exists()


def test_a_file_without_the_mapped_columns_is_refused_whole(area):
    with pytest.raises(ImportFileError, match="alkupvm"):
        services.extract_import(
            actor=None,
            area=area,
            upload=csv_file([[HETU, "tyonhakija"]], header=["henkilotunnus", "tietolaji"]),
            extracted_on=date(2026, 11, 1),
            today=date(2026, 11, 27),
        )
    assert not Extract.objects.exists()


def test_the_extract_keeps_plan_and_service_references(person, area):
    import_rows(
        [
            [HETU, "suunnitelma", "", "", "", "TYS-1", "15.3.2025"],
            [HETU, "palvelu", "tyokokeilu", "2025-09-01", "2025-11-30", "TK-118", "2025-08-20"],
        ],
        area=area,
    )
    facts = {f.kind: f for f in RegisterFact.objects.filter(client=person)}
    assert (facts["plan"].official_reference, facts["plan"].official_on) == (
        "TYS-1",
        date(2025, 3, 15),
    )
    assert (facts["service"].value, facts["service"].official_reference) == (
        "work_trial",
        "TK-118",
    )
    assert not person.spells.exists()


def test_no_client_is_created_by_an_extract(area):
    import_rows([[HETU, "tyonhakija", "01", "1.3.2025", "", "", ""]], area=area)
    assert not Client.objects.exists() and not StatusSpell.objects.exists()
