"""EECO12-EECO17 are not collected in Finland: each says so, in place of its numbers, on the
indicator page, in every export and in the progress report; none of them is "data missing"
or zero, and none has a list of people behind it."""

import csv
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

NOT_COLLECTED = ["EECO12", "EECO13", "EECO14", "EECO15", "EECO16", "EECO17"]
PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
WHY = "EURA 2021 does not ask participants this in Finland, so Osmari neither asks nor stores it."


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 7, 15), tick=False):
        yield


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("persona", ["manager", "analyst"])
def test_the_indicator_page_says_not_collected_instead_of_numbers(
    request, login, programme, dataset, persona
):
    http = english(login(request.getfixturevalue(persona)))
    response = http.get(f"/programme/{programme.pk}/indicators/", PERIOD)
    rows = {row.indicator.code: row for row in response.context["rows"]}
    for code in NOT_COLLECTED:
        row = rows[code]
        assert row.not_collected == "Not collected"
        assert (row.total, row.missing, row.hidden) == (None, None, False)
        assert f"/indicators/{code}/people/" not in response.text
    assert WHY in response.text
    assert rows["EECO11"].not_collected == ""


def test_the_exports_say_not_collected_in_every_language(login, analyst, programme, dataset):
    http = login(analyst)  # Finnish
    workbook = http.get(f"/programme/{programme.pk}/indicators/", {**PERIOD, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    eeco12 = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "EECO12")
    assert eeco12[2] == "Ei kerätä"
    assert eeco12[3:7] == (None, None, None, None)  # no number, no gap, no dash
    assert eeco12[7].startswith("EURA 2021 ei kysy tätä osallistujilta Suomessa")
    http.cookies["django_language"] = "sv"
    text = http.get(f"/programme/{programme.pk}/indicators/", {**PERIOD, "format": "csv"})
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    eeco16 = next(row for row in rows if row[0] == "EECO16")
    assert eeco16[2] == "Samlas inte in" and eeco16[3:7] == ["", "", "", ""]


def test_there_is_no_list_behind_an_indicator_not_collected(login, manager, programme, dataset):
    url = f"/programme/{programme.pk}/indicators/EECO12/people/"
    assert login(manager).get(url, PERIOD).status_code == 404


def test_the_progress_report_has_no_column_for_what_is_not_collected(
    login, manager, programme, dataset
):
    http = english(login(manager))
    response = http.get(f"/programme/{programme.pk}/report/", {**PERIOD, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in book["Participants"][1]]
    assert "EECO11" in header and set(NOT_COLLECTED).isdisjoint(header)
    indicators = {row[0]: row for row in book["ESF+ indicators"].iter_rows(values_only=True)}
    assert indicators["EECO15"][2] == "Not collected"
