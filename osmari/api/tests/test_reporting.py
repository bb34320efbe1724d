"""The reporting token's operations: the pages' numbers, with the suppression the pages give a
viewer who may not see people (a coach here), for the token's own area only; no one's data in
any answer; another kind of token refused."""

from __future__ import annotations

import json
import typing
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from osmari.api.reporting import TokenGrouping
from osmari.clients.models import Client, Enrolment
from osmari.core.models import Municipality
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.feedback import selectors as feedback_selectors
from osmari.feedback.models import Survey
from osmari.feedback.suppression import rounded
from osmari.feedback.tests.builders import make_response
from osmari.placements.models import Placement
from osmari.reporting import open_data, outcomes, periods, selectors
from osmari.reporting.tests.builders import build_dataset, make_programme
from osmari.reporting.tests.dataset import PEOPLE
from osmari.reporting.tests.test_outcome_pages import PEOPLE as OUTCOME_PEOPLE
from osmari.reporting.tests.test_outcome_pages import PERIODS
from osmari.reporting.tests.test_outcomes import make_person

D = date.fromisoformat
V1 = "/api/v1"


@pytest.fixture
def programme(area):
    return make_programme(area)


@pytest.fixture
def dataset(area, manager):
    return build_dataset(area, recorded_by=manager)


@pytest.fixture
def reporting(api_as):
    return api_as("reporting")


def _get(caller, path, **params):
    response = caller.get(f"{V1}{path}", params)
    return response, response.json()


def _no_one_in(text: str, clients) -> None:
    """No name, identity code or birth date of anyone in the area is in an answer."""
    for client in clients:
        for value in (client.first_name, client.last_name, client.personal_identity_code):
            assert value not in text
        assert client.birth_date.isoformat() not in text
    assert "Testi" not in text


# ---------------------------------------------------------------- programmes


def test_the_area_s_programmes_with_their_targets(reporting, programme, area, other_area):
    make_programme(other_area, name="Toisen alueen hanke")
    response, body = _get(reporting, "/programmes")
    assert response.status_code == 200
    assert body["next"] is None
    assert body["items"] == [
        {
            "id": programme.pk,
            "name": "Polkuja töihin",
            "project_code": "S30571",
            "starts_on": "2025-08-01",
            "ends_on": "2028-07-31",
            "claim_period_months": 6,
            "targets": {
                "participants": 350,
                "job_searching": 20,
                "education": 20,
                "employed": 70,
                "organisations": 30,
            },
        }
    ]


def test_programmes_come_a_page_at_a_time(reporting, area):
    for n in range(3):
        make_programme(area, name=f"Hanke {n}")
    _response, body = _get(reporting, "/programmes", size=2)
    assert len(body["items"]) == 2 and body["next"]
    _r, rest = _get(reporting, "/programmes", size=2, cursor=body["next"])
    assert len(rest["items"]) == 1 and rest["next"] is None
    seen = {item["name"] for item in body["items"] + rest["items"]}
    assert seen == {"Hanke 0", "Hanke 1", "Hanke 2"}


# ---------------------------------------------------------------- targets


def _entered(area, code: str, municipality, entered_on: date) -> Client:
    client = Client.objects.create(
        area=area,
        personal_identity_code=f"TEST-{code}",
        first_name=code.title(),
        last_name="Testi",
        birth_date=date(1985, 5, 5),
        gender="female",
        municipality=municipality,
    )
    Enrolment.objects.create(client=client, entered_on=entered_on, status_at_entry="unemployed")
    return client


@pytest.fixture
def elsewhere(area, dataset):
    """One more participant, from another of the area's municipalities: a group of one."""
    municipality = area.municipalities.exclude(code="491").order_by("code").first()
    client = _entered(area, "ELSEWHERE", municipality, date(2026, 2, 2))
    return client


def _latest_frozen(programme) -> periods.Quarter:
    """The latest quarter whose figures are fixed today (30 days after its end)."""
    start, _end = open_data.closed_quarters(programme, today=timezone.localdate())[-1]
    return periods.Quarter.of(start)


def test_targets_at_the_end_of_the_latest_fixed_quarter(
    reporting, programme, dataset, elsewhere, login, coach, area
):
    area.min_group_size = 2
    area.save()
    response, body = _get(reporting, f"/programmes/{programme.pk}/targets")
    assert response.status_code == 200
    latest = _latest_frozen(programme)
    assert (body["quarter"], body["as_of"]) == (latest.name, latest.end.isoformat())
    page = login(coach).get(reverse("reporting:dashboard", args=[programme.pk])).context
    assert [t["key"] for t in body["targets"]] == [row.key for row in page["rows"]]
    # Everyone of the dataset entered before the quarter's end: the page's counts of today,
    # rounded as every figure leaving Osmari is (base 2 for a minimum of 2).
    for got, row in zip(body["targets"], page["rows"], strict=True):
        assert (got["target"], got["reached"], got["by_year"]) == (
            row.target,
            rounded(row.reached, 2),
            [rounded(n, 2) for n in row.by_year],
        )
        # The forecast is from the pace up to the quarter's end.
        forecast = periods.forecast(
            rounded(row.reached, 2), row.target, programme.starts_on, programme.ends_on, latest.end
        )
        assert got["forecast"]["projected"] == forecast.projected
        assert got["forecast"]["on_track"] == forecast.on_track
    assert [(y["number"], y["start"], y["end"]) for y in body["years"]] == [
        (span.number, span.start.isoformat(), span.end.isoformat()) for span in page["years"]
    ]
    # Counted by hand: eight entered (P1-P7 and the one elsewhere).
    participants = next(t for t in body["targets"] if t["key"] == "participants")
    assert participants["reached"] == 8
    # Totals only: a municipality's count at one quarter's end less the last would be a
    # group the quarter's outcomes hide (the one elsewhere, here).
    assert "by_municipality" not in body
    _no_one_in(json.dumps(body), [*dataset.values(), elsewhere])


def test_targets_of_an_earlier_quarter(reporting, programme, dataset):
    _r, body = _get(reporting, f"/programmes/{programme.pk}/targets", quarter="2026-Q1")
    assert (body["quarter"], body["as_of"]) == ("2026-Q1", "2026-03-31")
    participants = next(t for t in body["targets"] if t["key"] == "participants")
    # By hand: P3 (31.12.2025), P1, P4, P5 by the end of March: 4, rounded to 5.
    assert participants["reached"] == 5


def test_targets_do_not_move_with_today_s_entries(reporting, programme, dataset, area):
    """Targets that moved with each entry could be read day by day to tell who entered: they
    are those of a quarter's end, fixed once."""
    _r, before = _get(reporting, f"/programmes/{programme.pk}/targets")
    _entered(area, "TODAY", Municipality.objects.get(code="491"), timezone.localdate())
    _entered(area, "LATE", Municipality.objects.get(code="491"), date(2026, 2, 2))
    _r, after = _get(reporting, f"/programmes/{programme.pk}/targets")
    assert after == before
    participants = next(t for t in after["targets"] if t["key"] == "participants")
    as_of = D(after["as_of"])
    entered = [p for p in PEOPLE if programme.starts_on <= p["entered_on"] <= as_of]
    assert participants["reached"] == rounded(len(entered), 5)


# ---------------------------------------------------------------- indicators


def test_indicators_counted_by_hand_with_small_groups_hidden(reporting, programme, dataset, area):
    area.min_group_size = 2
    area.save()
    response, body = _get(reporting, f"/programmes/{programme.pk}/indicators", quarter="2026-Q1")
    assert response.status_code == 200
    assert (body["quarter"], body["start"], body["end"], body["minimum"]) == (
        "2026-Q1",
        "2026-01-01",
        "2026-03-31",
        2,
    )
    by_code = {row["code"]: row for row in body["indicators"]}
    # EECO01, by hand: P1 and P5 (women) and P4 (gender not stated) entered in January-March.
    # The one not stated is a group of one, hidden with the two women; the total stays,
    # rounded (3 to 4, for a minimum of 2).
    assert {k: by_code["EECO01"][k] for k in ("total", "women", "men", "non_binary")} == {
        "total": 4,
        "women": None,
        "men": 0,
        "non_binary": 0,
    }
    assert by_code["EECO01"]["missing"] is None and by_code["EECO01"]["hidden"] is True
    # The organisations' indicators are not about people and have no gender split (E1, one
    # organisation, rounded to 2).
    assert by_code["EECO18"]["total"] == 2 and by_code["EECO18"]["women"] is None
    assert not by_code["EECO18"]["hidden"] and not by_code["EECO18"]["by_gender"]
    # Not collected: words, no numbers.
    assert by_code["EECO12"]["total"] is None and by_code["EECO12"]["not_collected"]
    _no_one_in(json.dumps(body), dataset.values())


def test_indicators_equal_the_page_s_for_the_quarter(
    reporting, programme, dataset, area, login, coach
):
    area.min_group_size = 3
    area.save()
    _response, body = _get(reporting, f"/programmes/{programme.pk}/indicators", quarter="2026-Q2")
    assert (body["start"], body["end"]) == ("2026-04-01", "2026-06-30")
    query = {"start": "2026-04-01", "end": "2026-06-30"}
    page = login(coach).get(reverse("reporting:indicators", args=[programme.pk]), query).context
    expected = selectors.shown(
        selectors.indicator_results(area=area, start=D("2026-04-01"), end=D("2026-06-30")),
        minimum=3,
        persons_allowed=False,
        language="fi",
    )
    for rows in (page["rows"], expected):
        assert [(r["code"], r["total"], r["missing"], r["hidden"]) for r in body["indicators"]] == [
            (r.indicator.code, rounded(r.total, 3), rounded(r.missing, 3), r.hidden) for r in rows
        ]
        assert [
            (r["women"], r["men"], r["non_binary"]) for r in body["indicators"] if r["by_gender"]
        ] == [
            (rounded(r.women, 3), rounded(r.men, 3), rounded(r.non_binary, 3))
            for r in rows
            if r.indicator.by_gender
        ]
    assert any(r["hidden"] for r in body["indicators"])


def test_the_indicators_default_to_the_latest_fixed_quarter(reporting, programme):
    _r, body = _get(reporting, f"/programmes/{programme.pk}/indicators")
    latest = _latest_frozen(programme)
    assert (body["quarter"], body["start"], body["end"]) == (
        latest.name,
        latest.start.isoformat(),
        latest.end.isoformat(),
    )
    # Fixed 30 days after its end, and never counted again.
    assert latest.end + timedelta(days=30) <= timezone.localdate()
    assert body["figures_as_of"] is not None


@pytest.mark.parametrize("path", ["targets", "indicators", "outcomes"])
def test_a_quarter_not_fixed_yet_is_refused_saying_when_it_will_be(reporting, programme, path):
    """A quarter's figures change for weeks after it ends (late entries, follow-ups,
    corrections): asked for twice, their differences would tell whose record changed. A
    quarter is given once it is fixed, 30 days after its end."""
    today = timezone.localdate()
    running = periods.Quarter.of(today)
    recent = periods.Quarter.of(today - timedelta(days=29))
    for quarter in {running, running.following, recent}:
        if quarter.end + timedelta(days=30) <= today:
            continue
        ready = (quarter.end + timedelta(days=30)).isoformat()
        reporting.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        response, body = _get(reporting, f"/programmes/{programme.pk}/{path}", quarter=quarter.name)
        assert response.status_code == 422
        assert body["errors"] == [
            {
                "field": "quarter",
                "message": f"This quarter's figures are fixed on {ready}, 30 days after it ends.",
            }
        ]
        reporting.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
        _response, finnish = _get(
            reporting, f"/programmes/{programme.pk}/{path}", quarter=quarter.name
        )
        assert ready in finnish["errors"][0]["message"]
        assert "fixed on" not in finnish["errors"][0]["message"]


def test_a_quarter_just_ended_is_given_once_fixed(reporting, programme, dataset):
    path = f"/programmes/{programme.pk}/indicators"
    with time_machine.travel(datetime(2026, 10, 15, 12, tzinfo=UTC), tick=False):
        response, body = _get(reporting, path, quarter="2026-Q3")
        assert response.status_code == 422
        assert "2026-10-30" in body["errors"][0]["message"]
        # The default is then the quarter before.
        assert _get(reporting, path)[1]["quarter"] == "2026-Q2"
    with time_machine.travel(datetime(2026, 10, 30, 12, tzinfo=UTC), tick=False):
        response, body = _get(reporting, path, quarter="2026-Q3")
        assert response.status_code == 200 and body["quarter"] == "2026-Q3"


def test_a_quarter_the_programme_did_not_run_in_is_refused(reporting, programme):
    reporting.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response, body = _get(reporting, f"/programmes/{programme.pk}/indicators", quarter="2025-Q2")
    assert response.status_code == 422
    assert body["errors"] == [
        {"field": "quarter", "message": "The programme did not run in this quarter."}
    ]


def test_a_fixed_quarter_never_changes_after_a_late_record(reporting, programme, dataset, area):
    """The reviewer's case: a follow-up recorded after the quarter was given changed its
    six-month count, telling that one person's answer. Fixed figures do not move."""
    area.min_group_size = 2
    area.save()
    path = f"/programmes/{programme.pk}/outcomes"
    _r, before = _get(reporting, path, by="gender", quarter="2026-Q1")
    Enrolment.objects.filter(client=dataset["P1"]).update(
        left_on=date(2026, 2, 15),
        situation_on_leaving="employed",
        follow_up_on=date(2026, 8, 15),
        employed_after_6_months="no",
    )
    _entered(area, "LATE", Municipality.objects.get(code="491"), date(2026, 2, 2))
    _r, after = _get(reporting, path, by="gender", quarter="2026-Q1")
    assert after == before
    _r, indicators_after = _get(
        reporting, f"/programmes/{programme.pk}/indicators", quarter="2026-Q1"
    )
    eeco01 = next(i for i in indicators_after["indicators"] if i["code"] == "EECO01")
    assert eeco01["total"] == 4  # P1, P4 and P5 as first counted (3, rounded); not the late one


@pytest.mark.parametrize(
    "quarter", ["2026-Q5", "2026-Q0", "2026-03", "26-Q1", "2026-q1", "1800-Q1", ""]
)
def test_a_quarter_not_written_as_one_is_refused(reporting, programme, quarter):
    reporting.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response, body = _get(reporting, f"/programmes/{programme.pk}/indicators", quarter=quarter)
    assert response.status_code == 422
    assert body["errors"] == [
        {"field": "quarter", "message": "Give a quarter as a year and its number, e.g. 2026-Q3."}
    ]


def test_labels_in_the_caller_s_language(reporting, programme):
    reporting.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    _r, swedish = _get(reporting, f"/programmes/{programme.pk}/indicators")
    reporting.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    _r, english = _get(reporting, f"/programmes/{programme.pk}/indicators")
    assert swedish["indicators"][0]["label"] != english["indicators"][0]["label"]


# ---------------------------------------------------------------- outcomes


@pytest.fixture
def outcome_people(area, other_area, coach):
    """`test_outcome_pages`' people and periods, counted by hand there."""
    first = make_organisation(area, "Org 1", "1234567-1")
    second = make_organisation(area, "Org 2", "7654321-2")
    hosts = {
        1: (first, make_position(first, coach, kind="both")),
        2: (second, make_position(second, coach, kind="wage_subsidy")),
    }
    made = {ref: make_person(area, n, row) for n, (ref, row) in enumerate(OUTCOME_PEOPLE.items())}
    for ref, host, kind, track, status, start, end, ended in PERIODS:
        organisation, position = hosts[host]
        Placement.objects.create(
            area=area, client=made[ref], position=position, organisation=organisation,
            kind=kind, track=track, status=status, start_on=D(start), end_on=D(end),
            ended_on=D(ended) if ended else None, days_per_week=4, hours_per_day=6,
            created_by=coach,
        )  # fmt: skip
    return made, hosts


Q1 = {"start": "2026-01-01", "end": "2026-03-31"}


def _rounded(counts: dict, base: int) -> dict:
    return {name: rounded(value, base) for name, value in counts.items()}


TOKEN_GROUPINGS = typing.get_args(TokenGrouping)


def _page_table(http, programme, **params):
    query = {**Q1, **params}
    context = http.get(reverse("reporting:outcomes", args=[programme.pk]), query).context
    table = context["table"]
    rows = {row.key: {n: cell.count for n, cell in row.cells.items()} for row in table.rows}
    return context, rows, {n: cell.count for n, cell in table.total.items()}


def test_outcomes_counted_by_hand_with_small_groups_hidden(
    reporting, programme, outcome_people, area, login, coach
):
    area.min_group_size = 3
    area.save()
    response, body = _get(
        reporting, f"/programmes/{programme.pk}/outcomes", by="gender", quarter="2026-Q1"
    )
    assert response.status_code == 200
    assert (body["quarter"], body["start"], body["end"]) == ("2026-Q1", Q1["start"], Q1["end"])
    groups = {g["key"]: g["counts"] for g in body["groups"]}
    # By hand, January-March: entered A, E, J (women), B (a man), D (gender not stated); the
    # man and D are groups of one, hidden with the three women so that the five stay.
    assert [groups[k]["entered"] for k in outcomes.GENDERS] == [None, None, 0, None]
    assert body["total"]["counts"]["entered"] == 6  # 5, rounded to a multiple of 3
    # Left: J (a woman) and C (non-binary), two groups of one: no others to hide them with,
    # so the total is hidden too.
    assert [groups[k]["left"] for k in outcomes.GENDERS] == [None, 0, None, 0]
    assert body["total"]["counts"]["left"] is None
    assert [groups[k]["employed"] for k in outcomes.GENDERS] == [0, 0, 0, 0]
    # No share where a count it rests on is hidden.
    female = next(g for g in body["groups"] if g["key"] == "female")
    assert female["shares"]["employed"] is None
    assert body["any_hidden"] is True
    _context, rows, total = _page_table(login(coach), programme, by="gender")
    assert groups == {key: _rounded(counts, 3) for key, counts in rows.items()}
    assert body["total"]["counts"] == _rounded(total, 3)
    _no_one_in(json.dumps(body), outcome_people[0].values())


@pytest.mark.parametrize("by", TOKEN_GROUPINGS)
def test_every_grouping_equals_the_open_data_and_the_page(
    reporting, programme, outcome_people, area, login, coach, by
):
    area.min_group_size = 2
    area.save()
    _r, body = _get(reporting, f"/programmes/{programme.pk}/outcomes", by=by, quarter="2026-Q2")
    start, end = D("2026-04-01"), D("2026-06-30")
    assert (body["start"], body["end"]) == (start.isoformat(), end.isoformat())
    expected = open_data.outcome_figures(area, start, end)[by]
    assert {g["key"]: g["counts"] for g in body["groups"]} == expected["groups"]
    assert body["total"]["counts"] == expected["total"]
    if by != "instrument":  # the page splits the wage subsidy by its tracks
        context, rows, total = _page_table(
            login(coach), programme, by=by, start=start.isoformat(), end=end.isoformat()
        )
        assert {g["key"]: g["counts"] for g in body["groups"]} == {
            key: _rounded(counts, 2) for key, counts in rows.items()
        }
        assert body["total"]["counts"] == _rounded(total, 2)
    if by in ("gender", "age_band"):
        assert [g["label"] for g in body["groups"]] == [row.label for row in context["table"].rows]


@pytest.mark.parametrize("by", ["host", "position_kind", "language"])
def test_outcomes_only_in_the_open_data_s_groupings(reporting, programme, outcome_people, by):
    """By host, an organisation with one participant would tell its staff that person's
    outcome; the kind of place shares its "none" group with the instrument, so one table
    less the other gives a hidden cell. A token gets open data's groupings only."""
    response, body = _get(
        reporting, f"/programmes/{programme.pk}/outcomes", by=by, quarter="2026-Q1"
    )
    assert response.status_code == 422
    assert [error["field"] for error in body["errors"]] == ["by"]
    schema = reporting.get(f"{V1}/openapi.json").json()
    parameters = schema["paths"]["/api/v1/programmes/{programme_id}/outcomes"]["get"]["parameters"]
    grouping = next(p for p in parameters if p["name"] == "by")
    assert f'"{by}"' not in json.dumps(grouping)


def test_the_wage_subsidy_s_tracks_are_one_group(reporting, programme, outcome_people, area, coach):
    """The reviewer's case: one person on the track for reduced work ability in February.
    Whatever quarter and grouping is asked, no answer names the track, and the person is
    counted among everyone on wage subsidy."""
    _made, hosts = outcome_people
    person = make_person(
        area, 50, ("female", "1985-01-01", "fi", "491", "2026-02-03", "2026-03-30", "employed",
                   None, ""),
    )  # fmt: skip
    organisation, position = hosts[2]
    Placement.objects.create(
        area=area, client=person, position=position, organisation=organisation,
        kind="wage_subsidy", track="reduced_work_ability", status="ended",
        start_on=D("2026-02-03"), end_on=D("2026-03-30"), days_per_week=4, hours_per_day=6,
        created_by=coach,
    )  # fmt: skip
    reporting.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    texts = []
    for quarter in ("2025-Q4", "2026-Q1", "2026-Q2"):
        for by in TOKEN_GROUPINGS:
            response, body = _get(
                reporting, f"/programmes/{programme.pk}/outcomes", by=by, quarter=quarter
            )
            assert response.status_code == 200
            texts.append(response.content.decode())
    for text in texts:
        assert "reduced_work_ability" not in text and "reduced work ability" not in text
    _r, body = _get(
        reporting, f"/programmes/{programme.pk}/outcomes", by="instrument", quarter="2026-Q1"
    )
    assert [(g["key"], g["label"]) for g in body["groups"]] == [
        ("work_trial", "Work trial"),
        ("wage_subsidy", "Wage subsidy"),
        ("none", "No work trial or wage subsidy"),
    ]
    # By hand, January-March: she is the only one on wage subsidy who entered (A's subsidy
    # began in May): a group of one, hidden.
    wage_subsidy = next(g for g in body["groups"] if g["key"] == "wage_subsidy")
    assert wage_subsidy["counts"]["entered"] is None


# ---------------------------------------------------------------- feedback


# In May last year: a token gets whole years that have ended.
ANSWERED_ON = date(timezone.localdate().year - 1, 5, 5)


@pytest.fixture
def answered(area, organisation, other_organisation):
    third = make_organisation(area, "Kolmas Oy", "0112038-9")
    for who, n, wellbeing in ((organisation, 12, 4), (other_organisation, 3, 1), (third, 6, 5)):
        for _ in range(n):
            make_response(
                area,
                who,
                on=ANSWERED_ON,
                answers={"wellbeing": wellbeing, "comment": f"Vapaa teksti {who.name}"},
            )
    return organisation, other_organisation, third


def test_feedback_results_as_the_selector_hides_them(reporting, answered, area):
    organisation, other_organisation, third = answered
    # Last year is the default.
    response, body = _get(reporting, "/feedback-results", survey="participant_end")
    assert response.status_code == 200
    rows = {row["label"]: row for row in body["rows"]}
    # Counted by hand: 3 answers are a small group, hidden with the next smallest (6); 12
    # answers are shown rounded to 10.
    assert rows[organisation.name]["n"] == 10
    assert rows[organisation.name]["means"]["wellbeing"] == 4.0
    for hidden in (other_organisation.name, third.name):
        assert rows[hidden] == {
            "key": rows[hidden]["key"],
            "label": hidden,
            "n": None,
            "means": dict.fromkeys(rows[hidden]["means"]),
            "hidden": True,
        }
    assert body["total"]["n"] == 20 and body["hidden_rows"] == 2  # 21, rounded
    table = feedback_selectors.results_table(
        area=area,
        survey=Survey.objects.get(key="participant_end"),
        dimension="organisation",
        year=ANSWERED_ON.year,
    )
    assert [(r["key"], r["n"], r["hidden"]) for r in body["rows"]] == [
        (str(r.key), None if r.hidden else rounded(r.n, 5), r.hidden) for r in table.rows
    ]
    # Free text never.
    assert "Vapaa teksti" not in response.content.decode()


def test_feedback_results_by_quarter(reporting, answered):
    _r, body = _get(reporting, "/feedback-results", dimension="quarter", year=ANSWERED_ON.year)
    assert body["survey"] == "participant_end" and body["dimension"] == "quarter"
    assert body["year"] == ANSWERED_ON.year
    assert [(row["key"], row["n"]) for row in body["rows"]] == [("2", 20)]  # 21, rounded


def test_feedback_of_a_year_still_running_is_refused(reporting, answered, area):
    """A year still running gains answers: its means before and after one more would give
    that answer away. A token gets whole years that have ended."""
    today = timezone.localdate()
    make_response(area, answered[0], on=today, answers={"wellbeing": 1})
    reporting.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response, body = _get(reporting, "/feedback-results", year=today.year)
    assert response.status_code == 422
    years = ", ".join(str(y) for y in range(today.year - 3, today.year))
    assert body["errors"] == [{"field": "year", "message": f"Choose one of: {years}."}]


@pytest.mark.parametrize("dimension", ["municipality", "position_kind"])
def test_feedback_not_by_a_grouping_that_nests_organisations(reporting, answered, dimension):
    """Each organisation is in one municipality: a municipality's answers less its other
    organisations' would be a hidden organisation's."""
    response, body = _get(reporting, "/feedback-results", dimension=dimension)
    assert response.status_code == 422
    assert [error["field"] for error in body["errors"]] == ["dimension"]


# ---------------------------------------------------------------- scope and refusals

PROGRAMME_PATHS = ("targets", "indicators", "outcomes")


def test_another_area_s_token_finds_nothing_of_this_area(
    api_as, other_area, programme, answered, dataset
):
    other = api_as("reporting", area=other_area)
    for path in PROGRAMME_PATHS:
        response, body = _get(other, f"/programmes/{programme.pk}/{path}")
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"
    # A programme that is not there answers the same.
    assert _get(other, "/programmes/999999/targets")[0].status_code == 404
    assert _get(other, "/programmes")[1]["items"] == []
    response, body = _get(other, "/feedback-results")
    assert response.status_code == 200
    assert body["rows"] == [] and body["total"]["n"] == 0


@pytest.mark.parametrize("kind", ["organisation", "system"])
def test_other_kinds_of_token_may_not_read_reports(api_as, programme, kind):
    caller = api_as(kind)
    paths = [
        "/programmes",
        *(f"/programmes/{programme.pk}/{path}" for path in PROGRAMME_PATHS),
        "/feedback-results",
    ]
    for path in paths:
        response, body = _get(caller, path)
        assert response.status_code == 403, path
        assert body["status"] == 403


def test_a_browser_login_reaches_none_of_it(login, manager, programme):
    response = login(manager).get(f"{V1}/programmes/{programme.pk}/targets")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("outcomes", {"by": "health"}, "by"),
        ("outcomes", {"by": "host"}, "by"),
        ("outcomes", {"quarter": "2026-06"}, "quarter"),
        ("indicators", {"quarter": "1.1.2026"}, "quarter"),
        ("indicators", {"quarter": "2099-Q4"}, "quarter"),
        ("targets", {}, None),
        ("targets", {"quarter": "2099-Q4"}, "quarter"),
    ],
)
def test_bad_query_values_are_a_problem_with_the_field(reporting, programme, path, params, field):
    response, body = _get(reporting, f"/programmes/{programme.pk}/{path}", **params)
    if field is None:
        assert response.status_code == 200
        return
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in body["errors"]] == [field]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"survey": "no_such_survey"}, "survey"),
        ({"dimension": "person"}, "dimension"),
        ({"year": "1999"}, "year"),
        ({"year": "last"}, "year"),
    ],
)
def test_bad_feedback_query_values(reporting, params, field):
    response, body = _get(reporting, "/feedback-results", **params)
    assert response.status_code == 422
    assert [error["field"] for error in body["errors"]] == [field]


def test_no_personal_data_reaches_any_answer(reporting, programme, dataset, answered, area):
    clients = list(Client.objects.filter(area=area))
    texts = [
        _get(reporting, path)[0].content.decode()
        for path in (
            "/programmes",
            f"/programmes/{programme.pk}/targets",
            f"/programmes/{programme.pk}/indicators",
            *(f"/programmes/{programme.pk}/outcomes?by={by}" for by in TOKEN_GROUPINGS),
            "/feedback-results",
        )
    ]
    for text in texts:
        _no_one_in(text, clients)
        assert "Vapaa teksti" not in text
        assert "personal_identity_code" not in text
    # Municipality names are places, not people: the answers name them.
    assert Municipality.objects.get(code="491").name_fi in texts[5]
    assert PEOPLE  # the hand-built dataset is the one the indicators were counted on
