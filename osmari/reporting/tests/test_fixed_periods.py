"""Aggregates for roles without the right to see people come in whole calendar months, so
that two periods a day apart cannot single out whoever entered or left on that day. The
manager, who may see the people anyway, keeps free dates."""

import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

ASKED = {"start": "2026-03-02", "end": "2026-03-30"}
MONTH = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 7, 15), tick=False):
        yield


def english(client):
    client.cookies["django_language"] = "en"
    return client


def numbers(response):
    return [
        (row.indicator.code, row.total, row.women, row.men, row.non_binary, row.missing)
        for row in response.context["rows"]
    ]


def workbook_rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("persona", ["analyst", "coach"])
def test_a_period_a_day_inside_the_month_shows_the_whole_month(
    request, login, programme, dataset, persona
):
    # P5 entered and P3 left on 1 March: free dates from the 2nd would leave them out.
    http = english(login(request.getfixturevalue(persona)))
    url = f"/programme/{programme.pk}/indicators/"
    asked, month = http.get(url, ASKED), http.get(url, MONTH)
    assert numbers(asked) == numbers(month)
    assert (asked.context["start"], asked.context["end"]) == (date(2026, 3, 1), date(2026, 3, 31))
    assert "Period shown: 1.3.2026–31.3.2026, in whole calendar months." in asked.text
    assert 'value="2026-03-01"' in asked.text and 'value="2026-03-31"' in asked.text
    export = http.get(url, {**ASKED, "format": "xlsx"})
    assert workbook_rows(export) == workbook_rows(http.get(url, {**MONTH, "format": "xlsx"}))


def test_the_analysts_report_covers_whole_months(login, analyst, programme, dataset):
    http = english(login(analyst))
    page = http.get(f"/programme/{programme.pk}/report/", ASKED)
    assert "Period shown: 1.3.2026–31.3.2026" in page.text
    response = http.get(f"/programme/{programme.pk}/report/", {**ASKED, "format": "xlsx"})
    caption = load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value
    assert caption.endswith("01.03.2026–31.03.2026")
    assert "2026-03-01-2026-03-31" in response["Content-Disposition"]


def test_the_manager_keeps_free_dates(login, manager, programme, dataset):
    http = english(login(manager))
    response = http.get(f"/programme/{programme.pk}/indicators/", ASKED)
    assert (response.context["start"], response.context["end"]) == (
        date(2026, 3, 2),
        date(2026, 3, 30),
    )
    rows = {row[0]: row for row in numbers(response)}
    assert rows["EECO01"][1] == 0  # P5 entered on the 1st, outside the days asked
    assert "Period shown" not in response.text
