"""Open data: the closed quarters frozen once with small groups hidden, and the public files
and DCAT-AP catalogue built from them alone."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from osmari.clients.models import Client, Enrolment
from osmari.feedback.suppression import rounded, rounding_base
from osmari.reporting import indicators, open_data, outcomes
from osmari.reporting.jobs import open_data_freeze
from osmari.reporting.models import OpenDataQuarter
from osmari.reporting.outcome_selectors import outcome_page_groups
from osmari.reporting.selectors import indicator_results, shown
from osmari.reporting.tests.builders import make_programme
from osmari.reporting.tests.test_outcome_pages import hosts, people  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
FILES = (
    "open_data_indicators_csv",
    "open_data_indicators_json",
    "open_data_outcomes_csv",
    "open_data_outcomes_json",
)


@pytest.fixture
def publishing(area):
    """Polkuja töihin from 1.8.2025, publishing open data."""
    return make_programme(area, publishes_open_data=True)


def _at(day: date):
    return time_machine.travel(
        timezone.make_aware(datetime(day.year, day.month, day.day, 3)), tick=False
    )


def _url(name: str, area) -> str:
    return reverse(f"reporting:{name}", args=[area.code])


def _csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------- quarters and freezing


def test_quarters_are_whole_calendar_quarters_whatever_the_programme_s_dates(area):
    programme = make_programme(area, starts_on=date(2025, 8, 15), ends_on=date(2026, 2, 10))
    assert open_data.quarters(programme) == [
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 3, 31)),
    ]


def test_only_quarters_closed_long_enough_are_frozen(publishing, dataset):
    # Q1 2026 ends on 31 March; thirty days later is 30 April.
    with _at(date(2026, 4, 29)):
        assert open_data_freeze.call() == 2
    assert [(r.start, r.end) for r in OpenDataQuarter.objects.order_by("start")] == [
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
    ]
    with _at(date(2026, 4, 30)):
        assert open_data_freeze.call() == 1
    assert OpenDataQuarter.objects.order_by("start").last().end == Q1[1]


def test_the_wait_is_a_setting(publishing, dataset, settings):
    settings.OPEN_DATA_AFTER_DAYS = 0
    assert open_data.freeze_closed_quarters(today=date(2026, 3, 31)) == 3


def test_a_programme_that_does_not_publish_is_frozen_for_its_tokens_not_published(
    client, area, dataset
):
    programme = make_programme(area)
    # 2025-Q3 to 2026-Q3: the reporting API gives its tokens these rows.
    assert open_data.freeze_closed_quarters(today=date(2026, 12, 1)) == 5
    assert programme.open_data_quarters.count() == 5
    assert open_data.published_quarters(area) == []
    assert client.get(_url("open_data_indicators_csv", area)).status_code == 404


def test_a_quarter_keeps_the_programme_s_targets_at_its_end(publishing, dataset):
    row = open_data.freeze_quarter(publishing, *Q1)
    # By hand: P3 (31.12.2025), P1, P4 and P5 entered by the end of March (4, rounded to
    # 5); P3 left job searching on 1.3. (1, to 5); no one else left.
    assert row.targets["participants"] == {"reached": 5, "by_year": [5, 0, 0]}
    assert row.targets["job_searching"]["reached"] == 5
    assert row.targets["employed"]["reached"] == 0
    assert set(row.targets) == {"participants", "job_searching", "education", "employed",
                                "organisations"}  # fmt: skip


def test_freezing_again_changes_nothing_even_after_the_records_change(publishing, dataset):
    today = date(2026, 8, 15)
    assert open_data.freeze_closed_quarters(today=today) == 4
    before = {
        r.start: (r.end, r.frozen_at, r.indicators, r.outcomes)
        for r in OpenDataQuarter.objects.all()
    }
    # A late correction: P4 left within Q1 after all, and a new participant in Q1.
    Enrolment.objects.filter(client=dataset["P4"]).update(left_on=date(2026, 3, 15))
    extra = Client.objects.create(
        area=publishing.area,
        personal_identity_code="TEST-LATE",
        first_name="Myöhäinen",
        last_name="Testi",
        birth_date=date(1990, 1, 1),
        gender="female",
        municipality=publishing.area.municipalities.get(code="491"),
    )
    Enrolment.objects.create(client=extra, entered_on=date(2026, 2, 2), status_at_entry="employed")
    assert open_data.freeze_closed_quarters(today=today) == 0
    assert open_data.freeze_closed_quarters(today=date(2026, 8, 16)) == 0
    after = {
        r.start: (r.end, r.frozen_at, r.indicators, r.outcomes)
        for r in OpenDataQuarter.objects.all()
    }
    assert after == before


def test_a_run_stopped_halfway_carries_on(publishing, dataset):
    open_data.freeze_quarter(publishing, *Q1)
    assert open_data.freeze_closed_quarters(today=date(2026, 8, 15)) == 3
    assert OpenDataQuarter.objects.filter(start=Q1[0]).count() == 1
    # A second worker freezing the same quarter at the same time leaves the first's row.
    assert open_data.freeze_quarter(publishing, *Q2) is None


def test_moved_programme_dates_never_refreeze_a_published_quarter(publishing, dataset):
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    publishing.starts_on = date(2026, 2, 15)
    publishing.save()
    assert open_data.freeze_closed_quarters(today=date(2026, 8, 15)) == 0


def test_two_programmes_of_an_area_publish_one_set_of_figures_per_quarter(
    client, publishing, dataset, area
):
    """The figures are the area's: a second programme starting mid-quarter publishes the same
    whole quarters with the same figures, even after a late correction, so the two can never
    be subtracted from each other; the files list each quarter once."""
    open_data.freeze_closed_quarters(today=date(2026, 5, 15))
    # A late correction to Q1, after it was published, then a second programme from March.
    Enrolment.objects.filter(client=dataset["P4"]).update(left_on=date(2026, 3, 15))
    second = make_programme(
        area,
        name="Toinen hanke",
        project_code="S30999",
        starts_on=date(2026, 3, 10),
        publishes_open_data=True,
    )
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    first_q1 = OpenDataQuarter.objects.get(programme=publishing, start=Q1[0])
    second_q1 = OpenDataQuarter.objects.get(programme=second, start=Q1[0])
    assert (second_q1.start, second_q1.end) == Q1
    assert second_q1.indicators == first_q1.indicators
    assert second_q1.outcomes == first_q1.outcomes
    assert second_q1.frozen_at == first_q1.frozen_at
    # Q2 was first frozen for both at once: the same figures too.
    q2 = OpenDataQuarter.objects.filter(start=Q2[0])
    assert q2.count() == 2 and len({json.dumps(r.indicators, sort_keys=True) for r in q2}) == 1
    rows = _csv(client.get(_url("open_data_indicators_csv", area)))
    starts = [r["quarter_start"] for r in rows if r["indicator_code"] == "EECO01"]
    assert starts == sorted(set(starts)) == ["2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01"]
    assert {r["project_code"] for r in rows if r["quarter_start"] == "2026-01-01"} == {"S30571"}


# ---------------------------------------------------------------- suppression


@pytest.mark.parametrize("minimum", [2, 5])
def test_the_indicators_are_those_shown_to_aggregates_only_viewers(
    client, publishing, dataset, area, minimum
):
    area.min_group_size = minimum
    area.save()
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    expected = {
        row.indicator.code: row
        for row in shown(
            indicator_results(area=area, start=Q1[0], end=Q1[1]),
            minimum=minimum,
            persons_allowed=False,
            language="en",
        )
    }
    records = json.loads(client.get(_url("open_data_indicators_json", area)).content)["records"]
    quarter = [r for r in records if r["quarter_start"] == Q1[0].isoformat()]
    assert len(quarter) == len(expected)
    base = rounding_base(minimum)
    for record in quarter:
        row = expected[record["indicator_code"]]
        assert record["total"] == rounded(row.total, base)
        assert record["missing"] == rounded(row.missing, base)
        assert record["hidden"] == row.hidden
        assert record["min_group_size"] == minimum
        if row.indicator.by_gender:
            assert (record["women"], record["men"], record["non_binary"]) == (
                rounded(row.women, base),
                rounded(row.men, base),
                rounded(row.non_binary, base),
            )
        else:
            assert (record["women"], record["men"], record["non_binary"]) == (None, None, None)


def test_a_small_group_is_an_empty_cell_in_csv_and_null_in_json(client, publishing, dataset, area):
    # Three people entered in Q1 2026, fewer than the area's five.
    assert area.min_group_size == 5
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    rows = _csv(client.get(_url("open_data_indicators_csv", area)))
    eeco01 = next(
        r for r in rows if r["indicator_code"] == "EECO01" and r["quarter_start"] == "2026-01-01"
    )
    assert (eeco01["total"], eeco01["women"], eeco01["hidden"]) == ("", "", "true")
    records = json.loads(client.get(_url("open_data_indicators_json", area)).content)["records"]
    eeco01 = next(
        r for r in records if r["indicator_code"] == "EECO01" and r["quarter_start"] == "2026-01-01"
    )
    assert eeco01["total"] is None and eeco01["hidden"] is True

    outcome_rows = _csv(client.get(_url("open_data_outcomes_csv", area)))
    total = next(
        r
        for r in outcome_rows
        if r["grouping"] == "gender"
        and r["group"] == "total"
        and r["quarter_start"] == "2026-01-01"
    )
    assert total["entered"] == "" and total["hidden"] == "true"
    # What is stored is already hidden: no count of people below the minimum is kept at all
    # (organisations are counted as they are).
    people_counts = {i.code for i in indicators.REGISTRY if i.by_gender}
    for row in OpenDataQuarter.objects.all():
        for code, figures in row.indicators.items():
            if code not in people_counts:
                continue
            for name in open_data.VALUES:
                value = figures[name]
                assert value is None or value == 0 or value >= 5


def test_outcomes_never_group_by_the_health_track(client, area, people):  # noqa: F811
    area.min_group_size = 2
    area.save()
    programme = make_programme(area, publishes_open_data=True)
    row = open_data.freeze_quarter(programme, *Q1)
    assert set(row.outcomes) == set(open_data.GROUPINGS)
    assert set(row.outcomes["instrument"]["groups"]) == {"work_trial", "wage_subsidy", "none"}
    groups = outcome_page_groups(area=area, start=Q1[0], end=Q1[1], by="instrument")
    expected, total = outcomes.hide_small(outcomes.without_track(groups), 2)
    assert row.outcomes["instrument"] == {
        "groups": {key: _rounded(counts, 2) for key, counts in expected.items()},
        "total": _rounded(total, 2),
    }
    text = client.get(_url("open_data_outcomes_csv", area)).content.decode()
    assert "reduced_work_ability" not in text
    assert "language" not in text and "host" not in text


# ---------------------------------------------------------------- the public files


def test_a_programme_that_does_not_publish_has_no_files(client, area, dataset):
    programme = make_programme(area)
    open_data.freeze_quarter(programme, *Q1)  # published once, then switched off
    assert client.get(reverse("reporting:open_data_index")).status_code == 200
    for name in ("open_data_area", "open_data_catalog", *FILES):
        assert client.get(_url(name, area)).status_code == 404
    url = reverse("reporting:open_data_area", args=["no-such-area"])
    assert client.get(url).status_code == 404


def test_the_csv_files_have_a_header_and_parse(client, publishing, dataset, area):
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    for name, columns in (
        ("open_data_indicators_csv", open_data.INDICATOR_COLUMNS),
        ("open_data_outcomes_csv", open_data.OUTCOME_COLUMNS),
    ):
        response = client.get(_url(name, area))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        reader = csv.reader(io.StringIO(response.content.decode("utf-8")))
        assert tuple(next(reader)) == columns
        assert len(list(reader)) > 0


def test_the_json_files_parse_with_the_same_records(client, publishing, dataset, area):
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    for dataset_name in ("indicators", "outcomes"):
        data = json.loads(client.get(_url(f"open_data_{dataset_name}_json", area)).content)
        assert data["generated_at"]
        rows = _csv(client.get(_url(f"open_data_{dataset_name}_csv", area)))
        assert len(data["records"]) == len(rows)
        assert [r["quarter_start"] for r in data["records"]] == [r["quarter_start"] for r in rows]
    # Four quarters of 25 indicators.
    data = json.loads(client.get(_url("open_data_indicators_json", area)).content)
    assert len(data["records"]) == 4 * 25


def test_the_labels_come_in_the_language_asked(client, publishing, dataset, area):
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    url = _url("open_data_outcomes_json", area)
    labels = {
        lang: {
            r["group_label"]
            for r in json.loads(client.get(url, {"lang": lang}).content)["records"]
            if r["grouping"] == "gender" and r["group"] == "female"
        }
        for lang in ("en", "fi", "sv")
    }
    assert labels["en"] == {"Women"}
    assert labels["fi"] != labels["en"]


def test_the_catalogue_describes_both_datasets_with_absolute_downloads(
    client, publishing, dataset, area
):
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    response = client.get(_url("open_data_catalog", area))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert document["@type"] == "dcat:Catalog"
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    datasets = document["dcat:dataset"]
    assert [d["@type"] for d in datasets] == ["dcat:Dataset", "dcat:Dataset"]
    for d in datasets:
        assert set(d["dct:title"]) == set(d["dct:description"]) == {"fi", "sv", "en"}
        assert d["dct:license"]["@id"] == open_data.LICENCE
        assert d["dct:accrualPeriodicity"]["@id"].endswith("/frequency/QUARTERLY")
        assert d["dct:temporal"]["dcat:startDate"]["@value"] == "2025-07-01"
        assert d["dct:temporal"]["dcat:endDate"]["@value"] == "2026-06-30"
        assert d["dct:modified"]["@type"] == "xsd:dateTime"
        assert d["dct:spatial"] and d["dcat:keyword"]["fi"]
        assert d["dct:publisher"]["foaf:name"]["fi"] == area.name_fi
        kinds = {}
        for distribution in d["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            assert url.startswith(f"http://testserver/open-data/{area.code}/")
            kinds[distribution["dcat:mediaType"]["@id"]] = url
            # Every address the catalogue gives answers.
            assert client.get(url.removeprefix("http://testserver")).status_code == 200
        assert set(kinds) == {
            "http://www.iana.org/assignments/media-types/text/csv",
            "http://www.iana.org/assignments/media-types/application/json",
        }


def test_no_file_holds_anything_about_a_person(client, publishing, dataset, area):
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    texts = [
        # The page's random CSRF token (the language form's) could hold a dataset name as
        # short as "P1" by chance.
        re.sub(r'value="[A-Za-z0-9]{64}"', "", client.get(_url(name, area)).content.decode())
        for name in ("open_data_area", "open_data_catalog", *FILES)
    ]
    for person in Client.objects.all():
        for value in (person.first_name, person.last_name, person.personal_identity_code):
            assert all(value not in text for text in texts)
        assert all(person.birth_date.isoformat() not in text for text in texts)
    for name in ("open_data_indicators_json", "open_data_outcomes_json"):
        for record in json.loads(client.get(_url(name, area)).content)["records"]:
            columns = (
                open_data.INDICATOR_COLUMNS if "indicators" in name else (open_data.OUTCOME_COLUMNS)
            )
            assert tuple(record) == columns
            assert all(not isinstance(value, (list, dict)) for value in record.values())


def test_the_pages_need_no_login_and_list_the_quarters(client, publishing, dataset, area):
    open_data.freeze_closed_quarters(today=date(2026, 8, 15))
    index = client.get(reverse("reporting:open_data_index"))
    assert _url("open_data_area", area) in index.text
    page = client.get(_url("open_data_area", area), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "CC BY 4.0" in page.text
    for name in ("open_data_catalog", *FILES):
        assert _url(name, area) in page.text
    assert "1.1.2026–31.3.2026" in page.text


# ---------------------------------------------------------------- the manager's choice


def test_the_manager_turns_publishing_on_in_the_programme_settings(login, manager, programme):
    client = login(manager)
    page = client.get(reverse("reporting:programme_edit", args=[programme.pk]))
    assert 'name="publishes_open_data"' in page.text
    data = {
        "name": programme.name,
        "project_code": programme.project_code,
        "starts_on": programme.starts_on.isoformat(),
        "ends_on": programme.ends_on.isoformat(),
        "claim_period_months": 6,
        "flat_rate_percent": "40",
        "public_percent": "80",
        "target_participants": 350,
        "target_job_searching": 20,
        "target_education": 20,
        "target_employed": 70,
        "target_organisations": 30,
        "publishes_open_data": "on",
    }
    response = client.post(reverse("reporting:programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.publishes_open_data


# ---------------------------------------------------------------- the demo


def test_the_demo_publishes_its_closed_quarters(client):
    from osmari.demo.tests.builders import seed_demo
    from osmari.reporting.models import Programme

    seed_demo("--scale", "demo", "--seed", "5")
    programme = Programme.objects.get(area__code="mikkeli")
    assert programme.publishes_open_data
    today = timezone.localdate()
    frozen = list(programme.open_data_quarters.order_by("start"))
    assert [(r.start, r.end) for r in frozen] == open_data.closed_quarters(programme, today=today)
    assert frozen, "the demo has closed quarters to show"
    records = json.loads(client.get(_url("open_data_outcomes_json", programme.area)).content)
    assert any(r["entered"] for r in records["records"] if r["group"] == "total")


def test_a_quarter_with_no_one_is_zeros_not_hidden(publishing, dataset):
    row = open_data.freeze_quarter(publishing, date(2025, 7, 1), date(2025, 9, 30))
    for figures in row.outcomes.values():
        assert figures["total"] == dict.fromkeys(outcomes.PAGE_COUNTS, 0)


def test_a_quarter_frozen_before_targets_were_kept_gets_them_once(publishing, dataset):
    row = open_data.freeze_quarter(publishing, *Q1)
    OpenDataQuarter.objects.filter(pk=row.pk).update(targets={})
    open_data.freeze_programme(publishing, today=date(2026, 5, 15))
    row.refresh_from_db()
    assert row.targets["participants"]["reached"] == 5  # 4, rounded
    # Counted once: a later record does not change it.
    Enrolment.objects.filter(client=dataset["P2"]).update(entered_on=date(2026, 2, 2))
    open_data.freeze_programme(publishing, today=date(2026, 5, 16))
    row.refresh_from_db()
    assert row.targets["participants"]["reached"] == 5


def _rounded(counts, base):
    return {name: rounded(value, base) for name, value in counts.items()}


@pytest.mark.parametrize(
    ("minimum", "values", "expected"),
    [
        (5, [0, 5, 7, 8, 12, 13, 28], [0, 5, 5, 10, 10, 15, 30]),
        (2, [0, 2, 3, 5], [0, 2, 4, 6]),
        (10, [10, 12, 13], [10, 10, 15]),
    ],
)
def test_published_figures_are_rounded(minimum, values, expected):
    base = rounding_base(minimum)
    assert [rounded(value, base) for value in values] == expected
    assert rounded(None, base) is None


def test_the_gender_tables_cannot_be_subtracted_to_a_hidden_person(client, publishing, area):
    """The reviewer's case: 8 women, 8 men and one non-binary person entered. The indicator
    and the outcomes hide the same cells, and rounding leaves no exact sum to subtract."""
    municipality = area.municipalities.get(code="491")
    for n, gender in enumerate(["female"] * 8 + ["male"] * 8 + ["non_binary"]):
        client_row = Client.objects.create(
            area=area, personal_identity_code=f"TEST-G{n}", first_name=f"G{n}",
            last_name="Testi", birth_date=date(1990, 1, 1), gender=gender,
            municipality=municipality,
        )  # fmt: skip
        Enrolment.objects.create(
            client=client_row, entered_on=date(2026, 2, 2), status_at_entry="unemployed"
        )
    row = open_data.freeze_quarter(publishing, *Q1)
    eeco01 = row.indicators["EECO01"]
    by_gender = row.outcomes["gender"]["groups"]
    shown_women = eeco01["women"] if eeco01["women"] is not None else by_gender["female"]["entered"]
    shown_men = eeco01["men"] if eeco01["men"] is not None else by_gender["male"]["entered"]
    # The same cells hidden in both tables.
    assert (eeco01["women"] is None) == (by_gender["female"]["entered"] is None)
    assert (eeco01["men"] is None) == (by_gender["male"]["entered"] is None)
    if shown_women is not None and shown_men is not None:
        # 15 - 10 - 10: nothing to read about the one person.
        assert eeco01["total"] - shown_women - shown_men != 1
