"""The programme pages as each user meets them: the numbers, who sees the people behind
them, and what happens with bad input."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from osmari.core.models import AuditEvent
from osmari.reporting import budget
from osmari.reporting.models import (
    CompetenceGoal,
    PlannedYear,
    Programme,
    StaffTraining,
    WorkingTime,
)
from osmari.reporting.selectors import budget_follow_up
from osmari.reporting.tests.builders import make_staff_member

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 7, 15), tick=False):
        yield


def english(client):
    client.cookies["django_language"] = "en"
    return client


def rows_by_key(response):
    return {row.key: row for row in response.context["rows"]}


# ---------------------------------------------------------------- targets


def test_the_dashboard_counts_each_target_per_year(login, manager, programme, dataset):
    response = login(manager).get(f"/programme/{programme.pk}/")
    rows = rows_by_key(response)
    # Since 1 August 2025: all seven entered; P3 left job searching, P4 left to education
    # (1 July), P1 left employed (30 June). Nobody hosted a period: no organisations.
    assert {key: row.reached for key, row in rows.items()} == {
        "participants": 7,
        "job_searching": 1,
        "education": 1,
        "employed": 1,
        "organisations": 0,
    }
    assert rows["participants"].by_year == [7, 0, 0]
    assert rows["participants"].target == 350
    # 7 in 349 of the programme's 1 096 days.
    assert rows["participants"].forecast.projected == round(7 * 1096 / 349)
    assert not rows["participants"].forecast.on_track
    (municipality, cells), *others = response.context["municipality_rows"]
    assert (municipality.code, others) == ("491", [])
    assert [value for _label, _code, value in cells] == [7, 1, 1, 1, 0]
    # Each number leads the manager to its list.
    assert f"/programme/{programme.pk}/indicators/EECO01/people/" in response.text


def test_an_analyst_sees_the_dashboard_without_people_or_small_groups(
    login, analyst, programme, dataset
):
    response = login(analyst).get(f"/programme/{programme.pk}/")
    assert response.status_code == 200
    assert "/people/" not in response.text
    (_municipality, cells), *_ = response.context["municipality_rows"]
    # Seven participants may be shown; a single person who left employed may not.
    assert [value for _label, _code, value in cells] == [7, None, None, None, 0]


def test_the_targets_chart_loads_nothing_and_may_run_nothing(login, coach, programme, dataset):
    response = login(coach).get(f"/programme/{programme.pk}/targets.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert b'xlink:href="http' not in response.content  # no script fetched from elsewhere
    # pygal writes its configuration as an inline script: the policy forbids running it.
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert b">Participants<" in response.content or b">Osallistujat<" in response.content


def test_programme_settings_change_the_targets(login, manager, programme):
    client = english(login(manager))
    data = {
        "name": programme.name,
        "project_code": "S30571",
        "starts_on": "2025-08-01",
        "ends_on": "2028-07-31",
        "claim_period_months": 4,
        "flat_rate_percent": "40",
        "public_percent": "80",
        "target_participants": 400,
        "target_job_searching": 20,
        "target_education": 20,
        "target_employed": 70,
        "target_organisations": 30,
    }
    response = client.post(f"/programme/{programme.pk}/edit/", data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.target_participants, programme.claim_period_months) == (400, 4)
    assert AuditEvent.objects.filter(action="programme.update").exists()


def test_a_programme_that_ends_before_it_starts_is_refused(login, manager):
    client = english(login(manager))
    response = client.post(
        "/programme/new/",
        {
            "name": "Backwards",
            "starts_on": "2026-08-01",
            "ends_on": "2026-07-31",
            "claim_period_months": 6,
            "flat_rate_percent": "40",
            "public_percent": "80",
            "target_participants": 350,
            "target_job_searching": 20,
            "target_education": 20,
            "target_employed": 70,
            "target_organisations": 30,
        },
    )
    assert response.status_code == 422
    assert "The last day must be after the first day." in response.text
    assert not Programme.objects.exists()


# ---------------------------------------------------------------- indicators


def test_the_manager_sees_every_number_and_the_lists(login, manager, programme, dataset):
    response = login(manager).get(f"/programme/{programme.pk}/indicators/", PERIOD)
    rows = {row.indicator.code: row for row in response.context["rows"]}
    assert (rows["EECO01"].total, rows["EECO01"].women, rows["EECO01"].missing) == (5, 2, 1)
    assert (rows["EECO03"].total, rows["EECO03"].missing) == (1, 1)
    assert "indicators/EECO03/people/?start=2026-01-01&amp;end=2026-06-30&amp;which=missing" in (
        response.text
    )


def test_an_analyst_sees_aggregates_with_small_groups_hidden(login, analyst, programme, dataset):
    client = english(login(analyst))
    response = client.get(f"/programme/{programme.pk}/indicators/", PERIOD)
    rows = {row.indicator.code: row for row in response.context["rows"]}
    # Five entered: the total may be shown, the groups of two may not.
    assert (rows["EECO01"].total, rows["EECO01"].women, rows["EECO01"].men) == (5, None, None)
    assert rows["EECO03"].total is None
    assert "/people/" not in response.text
    assert "Groups of fewer than 5 people are hidden" in response.text
    export = client.get(f"/programme/{programme.pk}/indicators/", {**PERIOD, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    eeco03 = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "EECO03")
    # Zero reveals nobody and stays; the one woman and the one gap are hidden.
    assert eeco03[2:7] == ("–", "–", 0, 0, "–")
    # Taking the file out is recorded like every other download.
    assert AuditEvent.objects.filter(action="reporting.indicators_export", actor=analyst).exists()


def test_a_bad_period_keeps_the_page_and_says_why(login, manager, programme, dataset):
    client = english(login(manager))
    response = client.get(
        f"/programme/{programme.pk}/indicators/", {"start": "2026-06-30", "end": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "The first day must not be after the last day." in response.text
    # The programme so far is shown instead.
    assert response.context["start"] == programme.starts_on


def test_the_list_behind_a_number_names_the_people_and_is_audited(
    login, manager, programme, dataset
):
    client = login(manager)
    url = f"/programme/{programme.pk}/indicators/EECO03/people/"
    missing = client.get(url, {**PERIOD, "which": "missing"})
    names = [c.first_name for c in missing.context["clients"]]
    assert names == ["P5"]
    counted = client.get(url, PERIOD)
    shown = counted.context["clients"]
    assert [c.first_name for c in shown] == ["P1"]
    # One event per person shown, naming them and the number they stand behind.
    event = AuditEvent.objects.filter(action="client.view_indicator_people").latest("pk")
    assert event.reason == "EECO03 counted 2026-01-01–2026-06-30"
    assert event.person_ref == shown[0].person_ref


def test_a_municipality_narrows_the_list(login, manager, programme, dataset, area):
    other = area.municipalities.exclude(code="491").first()
    response = login(manager).get(
        f"/programme/{programme.pk}/indicators/EECO01/people/",
        {**PERIOD, "municipality": other.pk},
    )
    assert response.context["clients"] == []
    garbled = login(manager).get(
        f"/programme/{programme.pk}/indicators/EECO01/people/", {"municipality": "x"}
    )
    assert garbled.status_code == 404


def test_the_pages_read_a_fixed_number_of_times(
    login, manager, programme, dataset, django_assert_max_num_queries
):
    client = login(manager)
    client.get("/")  # the session and memberships
    with django_assert_max_num_queries(20):
        client.get(f"/programme/{programme.pk}/")
    with django_assert_max_num_queries(16):
        client.get(f"/programme/{programme.pk}/indicators/", PERIOD)
    with django_assert_max_num_queries(16):
        client.get(f"/programme/{programme.pk}/budget/")


# ---------------------------------------------------------------- budget


@pytest.fixture
def member(programme):
    return make_staff_member(programme)


def record(client, member, month, hours):
    return client.post(
        f"/programme/staff/{member.pk}/",
        {"action": "hours", "hours-month": month, "hours-hours": hours},
    )


def test_the_plan_and_the_hours_give_the_budget_to_the_cent(login, manager, programme, member):
    client = english(login(manager))
    response = client.post(
        f"/programme/{programme.pk}/budget/plan/",
        {"year_1": "198400", "year_2": "210900", "year_3": "209329"},
    )
    assert response.status_code == 302
    assert record(client, member, "2025-09", "137.5").status_code == 302
    assert record(client, member, "2026-08", "160").status_code == 302
    page = client.get(f"/programme/{programme.pk}/budget/")
    assert page.context["planned"] == budget.Costs(
        Decimal(618629), Decimal(247452), Decimal(866081), Decimal(692864), Decimal(173217)
    )
    year_1, year_2, _year_3 = page.context["year_rows"]
    # 137.5 h × 31.17 € = 4 285.88 €; flat rate 1 714.35 €; total 6 000.23 €.
    assert year_1.actual == budget.Costs(
        Decimal("4285.88"),
        Decimal("1714.35"),
        Decimal("6000.23"),
        Decimal("4800.18"),
        Decimal("1200.05"),
    )
    # 160 h × 31.17 € = 4 987.20 €.
    assert year_2.actual.salary == Decimal("4987.20")
    assert page.context["actual"].salary == Decimal("9273.08")
    first_claim = page.context["claim_rows"][0]
    assert first_claim.span.end == date(2026, 1, 31)
    assert first_claim.planned.salary == Decimal("99200")
    assert first_claim.actual.salary == Decimal("4285.88")


def test_a_month_recorded_again_replaces_its_hours_at_the_rate_it_was_recorded_at(
    login, manager, programme, member
):
    client = login(manager)
    record(client, member, "2025-09", "100")
    member.hourly_rate = Decimal("40.00")
    member.save()
    record(client, member, "2025-10", "10")
    record(client, member, "2025-09", "120")
    rows = dict(WorkingTime.objects.values_list("month", "hourly_rate"))
    assert rows == {date(2025, 9, 1): Decimal("31.17"), date(2025, 10, 1): Decimal("40.00")}
    assert WorkingTime.objects.get(month=date(2025, 9, 1)).hours == Decimal(120)
    *_rows, actual = budget_follow_up(programme)
    assert actual.salary == Decimal("3740.40") + Decimal("400.00")  # 120 × 31.17 + 10 × 40


def test_hours_outside_the_programme_or_over_a_year_are_refused(login, manager, programme, member):
    client = english(login(manager))
    response = record(client, member, "2025-07", "100")
    assert response.status_code == 422
    assert "The month is outside the programme (08/2025–07/2028)." in response.text
    for month in ("2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01"):
        assert record(client, member, month, "250").status_code == 302
    response = record(client, member, "2026-02", "250")
    assert response.status_code == 422
    assert "A year of the unit-cost model has at most 1 720 hours." in response.text
    # Nothing already saved is lost and nothing half-saved remains.
    assert WorkingTime.objects.count() == 6
    assert record(client, member, "2026-02", "220").status_code == 302
    assert record(client, member, "2026-08", "250").status_code == 302  # a new year


def test_hours_that_are_not_a_number_get_a_message(login, manager, programme, member):
    response = record(english(login(manager)), member, "2025-09", "lots")
    assert response.status_code == 422
    assert "Enter a number." in response.text
    assert not WorkingTime.objects.exists()


# ---------------------------------------------------------------- competence


def test_goals_and_trainings_are_recorded_and_reported(login, manager, analyst, programme, member):
    client = english(login(manager))
    response = client.post(
        f"/programme/staff/{member.pk}/",
        {"action": "goal", "goal-goal": "Selkokieli", "goal-due_on": "2026-12-31"},
    )
    assert response.status_code == 302
    goal = CompetenceGoal.objects.get()
    response = client.post(
        f"/programme/staff/{member.pk}/",
        {
            "action": "training",
            "training-title": "Selkokielinen viestintä",
            "training-provider": "Selkokeskus",
            "training-completed_on": "2026-05-05",
            "training-hours": "7",
            "training-goal": goal.pk,
        },
    )
    assert response.status_code == 302
    client.post(f"/programme/goals/{goal.pk}/achieved/")
    goal.refresh_from_db()
    assert goal.achieved_on == date(2026, 7, 15)
    page = english(login(analyst)).get(f"/programme/{programme.pk}/competence/")
    assert "Selkokielinen viestintä" in page.text
    assert "achieved 15.7.2026" in page.text


def test_a_training_cannot_serve_another_persons_goal(login, manager, programme, member):
    other = make_staff_member(
        programme, name="Jari", title="Työvalmentaja", hourly_rate=Decimal(27)
    )
    goal = CompetenceGoal.objects.create(staff=other, goal="EURA", due_on=date(2026, 12, 31))
    response = english(login(manager)).post(
        f"/programme/staff/{member.pk}/",
        {
            "action": "training",
            "training-title": "EURA 2021",
            "training-completed_on": "2026-05-05",
            "training-hours": "4",
            "training-goal": goal.pk,
        },
    )
    assert response.status_code == 422
    assert not StaffTraining.objects.exists()


# ---------------------------------------------------------------- progress report


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_managers_report_traces_each_number_to_its_list(
    login, manager, programme, dataset, member
):
    PlannedYear.objects.create(programme=programme, year=1, salary_costs=Decimal(198400))
    client = english(login(manager))
    workbook = client.get(f"/programme/{programme.pk}/report/", {**PERIOD, "format": "xlsx"})
    book = load_workbook(io.BytesIO(workbook.content))
    assert "Participants" in book.sheetnames
    sheet = book["Participants"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    eeco03 = header.index("EECO03")
    # The sheet's column adds up to the indicator: one counted, one missing.
    assert [row[eeco03] for row in rows].count(1) == 1
    assert [row[eeco03] for row in rows].count("?") == 1
    assert [row[eeco03] for row in rows].count("–") == 1  # P3 entered before the period
    names = {row[1] for row in rows}
    assert names == {"P1 Testi", "P2 Testi", "P3 Testi", "P4 Testi", "P5 Testi", "P6 Testi"}
    pdf = pdf_text(client.get(f"/programme/{programme.pk}/report/", {**PERIOD, "format": "pdf"}))
    assert "Progress report" in pdf
    assert "Changes made from feedback" in pdf
    assert "/indicators/EECO03/people/" in pdf.replace("\n", "")
    assert AuditEvent.objects.filter(action="reporting.report").count() == 2


def test_the_analysts_report_has_aggregates_only(login, analyst, programme, dataset):
    client = english(login(analyst))
    workbook = client.get(f"/programme/{programme.pk}/report/", {**PERIOD, "format": "xlsx"})
    book = load_workbook(io.BytesIO(workbook.content))
    assert "Participants" not in book.sheetnames
    indicators_sheet = book["ESF+ indicators"]
    eeco03 = next(r for r in indicators_sheet.iter_rows(values_only=True) if r[0] == "EECO03")
    assert eeco03[2] == "–"
    pdf = pdf_text(client.get(f"/programme/{programme.pk}/report/", {**PERIOD, "format": "pdf"}))
    assert "/people/" not in pdf
    assert "Aggregates only." in pdf


def test_the_workbook_writes_hostile_names_as_text(login, manager, programme, member):
    programme.name = "=1+2"
    programme.save()
    StaffTraining.objects.create(
        staff=member, title="@SUM(1)", provider="-2+3", completed_on=date(2026, 3, 2), hours=4
    )
    response = english(login(manager)).get(
        f"/programme/{programme.pk}/report/", {**PERIOD, "format": "xlsx"}
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="progress-report-2026-01-01-2026-06-30.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    caption = book.worksheets[0]["A1"]
    assert (caption.value, caption.data_type, caption.font.b) == (
        "=1+2 01.01.2026–30.06.2026",
        "s",
        True,
    )
    assert book.worksheets[0]["A3"].font.b  # the header, below the caption and a blank row
    training = book["Staff competence"]["B2"], book["Staff competence"]["C2"]
    assert [(c.value, c.data_type) for c in training] == [("@SUM(1)", "s"), ("-2+3", "s")]


def test_a_report_for_a_backwards_period_is_refused_with_a_reason(login, manager, programme):
    response = english(login(manager)).get(
        f"/programme/{programme.pk}/report/",
        {"start": "2026-06-30", "end": "2026-01-01", "format": "pdf"},
    )
    assert response.status_code == 422
    assert "The first day must not be after the last day." in response.text
