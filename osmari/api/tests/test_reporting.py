"""The reporting token's operations: the pages' numbers, with the suppression the pages give a
viewer who may not see people (a coach here), for the token's own area only; no one's data in
any answer; another kind of token refused."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.clients.models import Client, Enrolment
from osmari.core.models import Municipality
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.feedback import selectors as feedback_selectors
from osmari.feedback.models import Survey
from osmari.feedback.tests.builders import make_response
from osmari.placements.models import Placement
from osmari.reporting import outcomes, selectors
from osmari.reporting.outcome_selectors import outcome_counts_shown, outcome_groups_as_seen
from osmari.reporting.tests.builders import build_dataset, make_programme
from osmari.reporting.tests.dataset import END, PEOPLE, START
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


@pytest.fixture
def elsewhere(area, dataset):
    """One more participant, from another of the area's municipalities: a group of one."""
    municipality = area.municipalities.exclude(code="491").order_by("code").first()
    client = Client.objects.create(
        area=area,
        personal_identity_code="TEST-ELSEWHERE",
        first_name="Yksi",
        last_name="Testi",
        birth_date=date(1985, 5, 5),
        gender="female",
        municipality=municipality,
    )
    Enrolment.objects.create(
        client=client, entered_on=date(2026, 2, 2), status_at_entry="unemployed"
    )
    return client


def test_targets_as_the_page_shows_them_to_a_coach(
    reporting, programme, dataset, elsewhere, login, coach, area
):
    area.min_group_size = 2
    area.save()
    response, body = _get(reporting, f"/programmes/{programme.pk}/targets")
    assert response.status_code == 200
    page = login(coach).get(reverse("reporting:dashboard", args=[programme.pk])).context
    assert page["persons"] is False
    assert [t["key"] for t in body["targets"]] == [row.key for row in page["rows"]]
    for got, row in zip(body["targets"], page["rows"], strict=True):
        assert (got["target"], got["reached"], got["by_year"]) == (
            row.target,
            row.reached,
            row.by_year,
        )
        assert got["forecast"]["projected"] == row.forecast.projected
        assert got["forecast"]["on_track"] == row.forecast.on_track
    assert [(y["number"], y["start"], y["end"]) for y in body["years"]] == [
        (span.number, span.start.isoformat(), span.end.isoformat()) for span in page["years"]
    ]
    assert [(m["code"], list(m["counts"].values())) for m in body["by_municipality"]] == [
        (municipality.code, [value for _l, _c, value in cells])
        for municipality, cells in page["municipality_rows"]
    ]
    assert body["any_hidden"] is page["suppressed"] is True
    # Counted by hand: eight entered (P1-P7 and the one elsewhere); the one elsewhere is a
    # group of one, hidden with Mikkeli's seven so that the total does not give it away.
    participants = next(t for t in body["targets"] if t["key"] == "participants")
    assert participants["reached"] == 8
    assert [m["counts"]["participants"] for m in body["by_municipality"]] == [None, None]
    _no_one_in(json.dumps(body), [*dataset.values(), elsewhere])


# ---------------------------------------------------------------- indicators


def test_indicators_counted_by_hand_with_small_groups_hidden(reporting, programme, dataset, area):
    area.min_group_size = 2
    area.save()
    response, body = _get(
        reporting, f"/programmes/{programme.pk}/indicators", start="2026-01-01", end="2026-06-30"
    )
    assert response.status_code == 200
    assert (body["start"], body["end"], body["minimum"]) == ("2026-01-01", "2026-06-30", 2)
    by_code = {row["code"]: row for row in body["indicators"]}
    # EECO02, by hand (3: P1 and P5 women, P2 a man): the man alone is a group of one, and the
    # two women are hidden with him; the total stays.
    assert {k: by_code["EECO02"][k] for k in ("total", "women", "men", "non_binary")} == {
        "total": 3,
        "women": None,
        "men": None,
        "non_binary": 0,
    }
    assert by_code["EECO02"]["hidden"] is True
    # EECR02: nobody in education, one whose data are missing: that one is hidden.
    assert (by_code["EECR02"]["total"], by_code["EECR02"]["missing"]) == (0, None)
    # The organisations' indicators are not about people and have no gender split.
    assert by_code["EECO18"]["total"] == 1 and by_code["EECO18"]["women"] is None
    assert not by_code["EECO18"]["hidden"] and not by_code["EECO18"]["by_gender"]
    # Not collected: words, no numbers.
    assert by_code["EECO12"]["total"] is None and by_code["EECO12"]["not_collected"]
    _no_one_in(json.dumps(body), dataset.values())


def test_indicators_equal_the_page_s_for_the_widened_period(
    reporting, programme, dataset, area, login, coach
):
    area.min_group_size = 3
    area.save()
    query = {"start": "2026-01-15", "end": "2026-06-10"}
    _response, body = _get(reporting, f"/programmes/{programme.pk}/indicators", **query)
    # Whole calendar months, as the page widens the period for those who see no one.
    assert (body["start"], body["end"]) == ("2026-01-01", "2026-06-30")
    page = login(coach).get(reverse("reporting:indicators", args=[programme.pk]), query).context
    assert (page["start"], page["end"]) == (START, END)
    expected = selectors.shown(
        selectors.indicator_results(area=area, start=START, end=END),
        minimum=3,
        persons_allowed=False,
        language="fi",
    )
    for rows in (page["rows"], expected):
        assert [(r["code"], r["total"], r["missing"], r["hidden"]) for r in body["indicators"]] == [
            (r.indicator.code, r.total, r.missing, r.hidden) for r in rows
        ]
        assert [
            (r["women"], r["men"], r["non_binary"]) for r in body["indicators"] if r["by_gender"]
        ] == [(r.women, r.men, r.non_binary) for r in rows if r.indicator.by_gender]
    assert any(r["hidden"] for r in body["indicators"])


def test_the_indicators_default_to_the_programme_so_far(reporting, programme):
    _r, body = _get(reporting, f"/programmes/{programme.pk}/indicators")
    today = timezone.localdate()
    last = selectors.period_as_seen(
        programme.starts_on, min(today, programme.ends_on), persons_allowed=False
    )[1]
    assert (body["start"], body["end"]) == ("2025-08-01", last.isoformat())


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


def _page_table(http, programme, **params):
    query = {"start": "2026-01-01", "end": "2026-06-30", **params}
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
        reporting,
        f"/programmes/{programme.pk}/outcomes",
        by="gender",
        start="2026-01-01",
        end="2026-06-30",
    )
    assert response.status_code == 200
    groups = {g["key"]: g["counts"] for g in body["groups"]}
    # As `test_outcome_pages` counts them by hand for a coach.
    assert [groups[k]["entered"] for k in outcomes.GENDERS] == [3, None, 0, None]
    assert [groups[k]["left"] for k in outcomes.GENDERS] == [3, None, None, 0]
    assert body["total"]["counts"]["left"] == 6
    assert [groups[k]["employed"] for k in outcomes.GENDERS] == [None, None, 0, 0]
    assert body["total"]["counts"]["employed"] is None
    # No share where a count it rests on is hidden.
    assert groups["male"]["employed"] is None
    male = next(g for g in body["groups"] if g["key"] == "male")
    assert male["shares"]["employed"] is None
    assert body["any_hidden"] is True
    _context, rows, total = _page_table(login(coach), programme, by="gender")
    assert groups == rows and body["total"]["counts"] == total
    _no_one_in(json.dumps(body), outcome_people[0].values())


@pytest.mark.parametrize("by", outcomes.GROUPINGS)
def test_every_grouping_equals_the_page_and_the_selectors(
    reporting, programme, outcome_people, area, login, coach, by
):
    area.min_group_size = 2
    area.save()
    query = {"by": by, "start": "2026-01-10", "end": "2026-06-20"}
    _r, body = _get(reporting, f"/programmes/{programme.pk}/outcomes", **query)
    assert (body["start"], body["end"]) == ("2026-01-01", "2026-06-30")
    context, rows, total = _page_table(login(coach), programme, **query)
    assert {g["key"]: g["counts"] for g in body["groups"]} == rows
    assert body["total"]["counts"] == total
    assert [g["label"] for g in body["groups"]] == [row.label for row in context["table"].rows]
    groups, *_rest = outcome_groups_as_seen(
        area=area, start=START, end=END, by=by, persons_allowed=False
    )
    shown, _total = outcome_counts_shown(groups, minimum=2, persons_allowed=False)
    assert {g["key"]: g["counts"] for g in body["groups"]} == shown


def test_a_small_health_group_is_hidden_as_on_the_page(
    reporting, programme, outcome_people, area, login, manager, coach
):
    """One person on the wage subsidy's track for reduced work ability: the manager's page
    shows that table as aggregates-only viewers see it, and the API gives the same."""
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
    query = {"by": "instrument", "start": "2026-02-03", "end": "2026-03-30"}
    _r, body = _get(reporting, f"/programmes/{programme.pk}/outcomes", **query)
    assert (body["start"], body["end"]) == ("2026-02-01", "2026-03-31")
    groups = {g["key"]: g["counts"] for g in body["groups"]}
    assert groups["wage_subsidy_reduced_work_ability"]["entered"] is None
    assert groups["wage_subsidy_reduced_work_ability"]["left"] is None
    for viewer in (manager, coach):
        context, rows, total = _page_table(login(viewer), programme, **query)
        assert context["persons"] is False
        assert groups == rows and body["total"]["counts"] == total


# ---------------------------------------------------------------- feedback


@pytest.fixture
def answered(area, organisation, other_organisation):
    third = make_organisation(area, "Kolmas Oy", "0112038-9")
    year = timezone.localdate().year
    for who, n, wellbeing in ((organisation, 12, 4), (other_organisation, 3, 1), (third, 6, 5)):
        for _ in range(n):
            make_response(
                area,
                who,
                on=date(year, 1, 5),
                answers={"wellbeing": wellbeing, "comment": f"Vapaa teksti {who.name}"},
            )
    return organisation, other_organisation, third


def test_feedback_results_as_the_selector_hides_them(reporting, answered, area):
    organisation, other_organisation, third = answered
    response, body = _get(reporting, "/feedback-results", survey="participant_end")
    assert response.status_code == 200
    rows = {row["label"]: row for row in body["rows"]}
    # Counted by hand: 3 answers are a small group, hidden with the next smallest (6).
    assert rows[organisation.name]["n"] == 12
    assert rows[organisation.name]["means"]["wellbeing"] == 4.0
    for hidden in (other_organisation.name, third.name):
        assert rows[hidden] == {
            "key": rows[hidden]["key"],
            "label": hidden,
            "n": None,
            "means": dict.fromkeys(rows[hidden]["means"]),
            "hidden": True,
        }
    assert body["total"]["n"] == 21 and body["hidden_rows"] == 2
    table = feedback_selectors.results_table(
        area=area,
        survey=Survey.objects.get(key="participant_end"),
        dimension="organisation",
        year=timezone.localdate().year,
    )
    assert [(r["key"], r["n"], r["hidden"]) for r in body["rows"]] == [
        (str(r.key), None if r.hidden else r.n, r.hidden) for r in table.rows
    ]
    # Free text never.
    assert "Vapaa teksti" not in response.content.decode()


def test_feedback_results_by_quarter(reporting, answered):
    _r, body = _get(reporting, "/feedback-results", dimension="quarter")
    assert body["survey"] == "participant_end" and body["dimension"] == "quarter"
    assert [(row["key"], row["n"]) for row in body["rows"]] == [("1", 21)]


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
        ("outcomes", {"start": "2026-06-01", "end": "2026-01-01"}, "start"),
        ("indicators", {"start": "2026-06-01", "end": "2026-01-01"}, "start"),
        ("indicators", {"start": "1.1.2026"}, "start"),
        ("indicators", {"end": "2026-02-30"}, "end"),
        ("indicators", {"start": "1800-01-01"}, "start"),
        ("targets", {}, None),
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
            *(f"/programmes/{programme.pk}/outcomes?by={by}" for by in outcomes.GROUPINGS),
            "/feedback-results",
        )
    ]
    for text in texts:
        _no_one_in(text, clients)
        assert "Vapaa teksti" not in text
        assert "personal_identity_code" not in text
    # Municipality names are places, not people: the answers name them.
    assert Municipality.objects.get(code="491").name_fi in texts[1]
    assert PEOPLE  # the hand-built dataset is the one the indicators were counted on
