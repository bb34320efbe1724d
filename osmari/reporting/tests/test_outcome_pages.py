"""Outcomes by instrument, host and position kind, on the hand-built people of
`test_outcomes.py` (1 January – 30 June 2026) with their work-trial and wage-subsidy periods;
the page's numbers against the command's and the ESF+ indicators; what is hidden, and from whom.

The periods (Org 1's place is for either instrument, Org 2's for wage subsidy only):

    ref  period                                          counts?
    A    work trial, Org 1, 1.2.–30.4.2026, ended         no: a later one
    A    wage subsidy (professional skills), Org 2,
         1.5.–30.6.2026, ended                           yes: the latest before leaving
    B    work trial, Org 1, 10.3.–10.4.2026, ended        yes
    B    wage subsidy, Org 2, from 1.4.2026, planned      no: never ran
    C    wage subsidy (association), Org 2,
         1.6.–30.11.2025, ended                          no: ended before C entered
    D    work trial, Org 1, from 1.3.2026, active         yes (D has not left in the period)
    H    wage subsidy (reduced work ability), Org 2,
         1.11.2025–31.3.2026, ended                      no: a later one
    H    work trial, Org 1, 5.5.2026 (the day she left),
         interrupted the same day                        yes: starts on the leaving day
    J    work trial, Org 1, from 1.4.2026 (the day after
         he left), active                                no: after leaving
    K    wage subsidy, Org 2, cancelled                   no

Entered A B D E I J; left A B C H J K; followed up B C H K; employed A B; education C; job
searching H; in work six months later B H K (see `test_outcomes.py`).

By instrument:
    work trial                      B D entered; B H left; B employed; H job searching;
                                    B H followed up and in work six months later
    wage subsidy, professional      A entered, left, employed
    none                            E I J entered; C J K left; C education; C K followed up,
                                    K in work six months later
"""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from osmari.employers.tests.builders import make_organisation, make_position
from osmari.placements.models import Placement
from osmari.reporting import outcomes
from osmari.reporting.indicators import Participant
from osmari.reporting.outcome_selectors import outcome_page_groups
from osmari.reporting.selectors import indicator_results
from osmari.reporting.tests.test_outcomes import END, PEOPLE, START, TOTAL, counts, make_person

D = date.fromisoformat


def page_counts(entered, left, employed, education, job_searching, in_work_6, followed_up):
    return counts(entered, left, employed, education, job_searching, in_work_6) | {
        "followed_up": followed_up
    }


ZERO = page_counts(0, 0, 0, 0, 0, 0, 0)
BY_INSTRUMENT = {
    "work_trial": page_counts(2, 2, 1, 0, 1, 2, 2),
    "wage_subsidy_professional_skills": page_counts(1, 1, 1, 0, 0, 0, 0),
    "wage_subsidy_reduced_work_ability": ZERO,
    "wage_subsidy_association": ZERO,
    "wage_subsidy_age_55_plus": ZERO,
    "none": page_counts(3, 3, 0, 1, 0, 1, 2),
}
PAGE_TOTAL = TOTAL | {"followed_up": 4}

# (ref, organisation, kind, track, status, start, planned end, actual end)
PERIODS = [
    ("A", 1, "work_trial", "", "ended", "2026-02-01", "2026-04-30", None),
    ("A", 2, "wage_subsidy", "professional_skills", "ended", "2026-05-01", "2026-06-30", None),
    ("B", 1, "work_trial", "", "ended", "2026-03-10", "2026-04-10", None),
    ("B", 2, "wage_subsidy", "professional_skills", "planned", "2026-04-01", "2026-09-30", None),
    ("C", 2, "wage_subsidy", "association", "ended", "2025-06-01", "2025-11-30", None),
    ("D", 1, "work_trial", "", "active", "2026-03-01", "2026-08-31", None),
    ("H", 2, "wage_subsidy", "reduced_work_ability", "ended", "2025-11-01", "2026-03-31", None),
    ("H", 1, "work_trial", "", "interrupted", "2026-05-05", "2026-07-31", "2026-05-05"),
    ("J", 1, "work_trial", "", "active", "2026-04-01", "2026-06-30", None),
    ("K", 2, "wage_subsidy", "reduced_work_ability", "cancelled", "2026-03-01", "2026-05-31", None),
]


@pytest.fixture
def hosts(area, coach):
    first = make_organisation(area, "Org 1", "1234567-1")
    second = make_organisation(area, "Org 2", "7654321-2")
    return {
        1: (first, make_position(first, coach, kind="both")),
        2: (second, make_position(second, coach, kind="wage_subsidy")),
    }


@pytest.fixture
def people(area, other_area, hosts, coach):
    made = {ref: make_person(area, n, row) for n, (ref, row) in enumerate(PEOPLE.items())}
    make_person(
        other_area,
        99,
        ("female", "1990-01-01", "fi", "491", "2026-03-01", "2026-04-01", "employed", None, ""),
    )
    for ref, host, kind, track, status, start, end, ended in PERIODS:
        organisation, position = hosts[host]
        Placement.objects.create(
            area=area,
            client=made[ref],
            position=position,
            organisation=organisation,
            kind=kind,
            track=track,
            status=status,
            start_on=D(start),
            end_on=D(end),
            ended_on=D(ended) if ended else None,
            days_per_week=4,
            hours_per_day=6,
            created_by=coach,
        )
    return made


@pytest.fixture
def programme(area):
    from osmari.reporting.tests.builders import make_programme

    return make_programme(area, starts_on=date(2025, 1, 1))


def summed(groups, names=outcomes.PAGE_COUNTS):
    return {name: sum(group[name] for group in groups.values()) for name in names}


# --- the rule: one period per person -------------------------------------------------------


def period(start, last, *, kind="work_trial", track="", status="ended", host="1"):
    return outcomes.Period(kind, track, host, "both", status, D(start), D(last))


def person(entered, left, *periods):
    participant = Participant(
        ref=1, gender="female", birth_date=D("1990-01-01"), entered_on=D(entered),
        status_at_entry="unemployed", left_on=D(left) if left else None,
    )  # fmt: skip
    return outcomes.Person(participant, "fi", "491", tuple(periods))


def test_the_latest_period_that_ran_before_leaving_stands_for_a_person():
    trial = period("2026-01-10", "2026-02-10")
    subsidy = period("2026-03-01", "2026-05-31", kind="wage_subsidy", track="association")
    assert outcomes.counted_period(person("2026-01-01", "2026-06-30", trial, subsidy), END) == (
        subsidy
    )
    # Started on the day they left: counts. The day after: does not.
    on_the_day = period("2026-06-30", "2026-07-31", status="interrupted")
    after = period("2026-07-01", "2026-07-31")
    assert outcomes.counted_period(person("2026-01-01", "2026-06-30", trial, on_the_day), END) == (
        on_the_day
    )
    assert outcomes.counted_period(person("2026-01-01", "2026-06-30", trial, after), END) == trial
    # Ended the day before entry: not the programme's; ended on the entry day: the programme's.
    before = period("2025-10-01", "2025-12-31")
    edge = period("2025-10-01", "2026-01-01")
    assert outcomes.counted_period(person("2026-01-01", "2026-06-30", before), END) is None
    assert outcomes.counted_period(person("2026-01-01", "2026-06-30", edge), END) == edge
    # Planned or cancelled periods gave no support.
    for status in ("planned", "cancelled"):
        idle = period("2026-02-01", "2026-03-01", status=status)
        assert outcomes.counted_period(person("2026-01-01", "2026-06-30", idle), END) is None
    # Someone still taking part: periods started by the end of the period shown.
    assert outcomes.counted_period(person("2026-01-01", None, trial, after), END) == trial


def test_the_instrument_key_names_the_wage_subsidy_track():
    assert outcomes.instrument(None) == "none"
    assert outcomes.instrument(period("2026-01-01", "2026-02-01")) == "work_trial"
    subsidy = period("2026-01-01", "2026-02-01", kind="wage_subsidy", track="age_55_plus")
    assert outcomes.instrument(subsidy) == "wage_subsidy_age_55_plus"
    untracked = period("2026-01-01", "2026-02-01", kind="wage_subsidy")
    assert outcomes.instrument(untracked) == "wage_subsidy"


# --- counted by hand, agreeing with the command and the indicators -------------------------


def test_by_instrument_host_and_position_kind_counted_by_hand(people, area, hosts):
    assert outcome_page_groups(area=area, start=START, end=END, by="instrument") == BY_INSTRUMENT
    org1, org2 = (str(hosts[n][0].pk) for n in (1, 2))
    by_host = outcome_page_groups(area=area, start=START, end=END, by="host")
    assert by_host == {
        "none": BY_INSTRUMENT["none"],
        **dict(
            sorted(
                {
                    org1: BY_INSTRUMENT["work_trial"],
                    org2: BY_INSTRUMENT["wage_subsidy_professional_skills"],
                }.items()
            )
        ),
    }
    assert outcome_page_groups(area=area, start=START, end=END, by="position_kind") == {
        "work_trial": ZERO,
        "wage_subsidy": BY_INSTRUMENT["wage_subsidy_professional_skills"],
        "both": BY_INSTRUMENT["work_trial"],
        "none": BY_INSTRUMENT["none"],
    }


@pytest.mark.parametrize("by", outcomes.GROUPINGS)
def test_every_grouping_adds_up_to_the_esf_indicators(people, area, by):
    results = indicator_results(area=area, start=START, end=END)
    total = summed(outcome_page_groups(area=area, start=START, end=END, by=by))
    assert total == PAGE_TOTAL
    assert total == {
        "entered": results["EECO01"].total,
        "left": results["EECR01"].population,
        "employed": results["EECR04"].total,
        "education": results["EECR02"].total,
        "job_searching": results["EECR01"].total,
        "employed_6_months": results["EECR05"].total,
        "followed_up": results["EECR05"].population,
    }


def _page(http, programme, **params):
    query = {"start": "2026-01-01", "end": "2026-06-30", **params}
    return http.get(reverse("reporting:outcomes", args=[programme.pk]), query)


def _table_counts(response):
    table = response.context["table"]
    rows = {row.key: {name: cell.count for name, cell in row.cells.items()} for row in table.rows}
    total = {name: cell.count for name, cell in table.total.items()}
    return rows, total


@pytest.mark.parametrize("by", outcomes.BY)
def test_the_page_gives_the_commands_numbers(people, programme, login, manager, by):
    out = StringIO()
    call_command(
        "outcomes", "--json", "--area", "mikkeli", "--from", "2026-01-01", "--to", "2026-06-30",
        "--by", by, stdout=out,
    )  # fmt: skip
    command = json.loads(out.getvalue())["groups"]
    response = _page(login(manager), programme, by=by)
    assert response.status_code == 200
    rows, total = _table_counts(response)
    assert {key: {n: row[n] for n in outcomes.COUNTS} for key, row in rows.items()} == command
    assert total == PAGE_TOTAL


def test_the_manager_sees_every_count_with_its_share_and_interval(
    people, programme, login, manager
):
    http = login(manager)
    http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = _page(http, programme, by="instrument")
    rows, _total = _table_counts(response)
    assert rows == BY_INSTRUMENT
    work_trial = response.context["table"].rows[0].cells
    # 1 of 2 who left after a work trial was in work: 50 %, Wilson 9.5 %–90.5 %.
    assert work_trial["employed"].share.value == 0.5
    assert work_trial["employed"].share.low == pytest.approx(0.0945, abs=1e-4)
    # In work six months later: of those followed up (B and H), both.
    assert work_trial["employed_6_months"].share.value == 1.0
    text = response.content.decode()
    assert "Wage subsidy: lack of professional skills" in text
    assert '50 % <span class="nowrap">(9–91 %)</span>' in text
    assert "latest period that ran" in text


# --- what is hidden -------------------------------------------------------------------------


def test_a_small_group_of_the_health_track_is_hidden_from_the_manager_too(
    people, programme, login, manager, area, hosts, coach
):
    """The wage subsidy's track for reduced work ability is health data: one person in it
    would be named by a count of one, so the manager sees that table as aggregates-only
    viewers do, over whole months."""
    row = ("female", "1985-01-01", "fi", "491", "2026-02-03", "2026-03-30", "employed", None, "")
    person = make_person(area, 50, row)
    organisation, position = hosts[2]
    Placement.objects.create(
        area=area, client=person, position=position, organisation=organisation,
        kind="wage_subsidy", track="reduced_work_ability", status="ended",
        start_on=D("2026-02-03"), end_on=D("2026-03-30"), days_per_week=4, hours_per_day=6,
        created_by=coach,
    )  # fmt: skip
    http = login(manager)
    http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = _page(http, programme, by="instrument", start="2026-02-03", end="2026-03-30")
    assert response.context["persons"] is False
    assert (response.context["start"], response.context["end"]) == (
        D("2026-02-01"),
        D("2026-03-31"),
    )
    rows, _total = _table_counts(response)
    assert rows["wage_subsidy_reduced_work_ability"]["entered"] is None
    assert rows["wage_subsidy_reduced_work_ability"]["left"] is None
    # Grouped otherwise, the manager still sees every count.
    assert _page(http, programme, by="gender").context["persons"] is True


def test_small_groups_are_hidden_with_their_complement_for_aggregate_viewers(
    people, programme, login, coach, area
):
    area.min_group_size = 3
    area.save()
    response = _page(login(coach), programme, by="gender")
    assert response.status_code == 200
    rows, total = _table_counts(response)
    # Entered: women 3 shown; men 2 and unknown 1 hidden together (3 between them).
    assert [rows[k]["entered"] for k in outcomes.GENDERS] == [3, None, 0, None]
    # Left: men 2 and non-binary 1 hidden; women 3 shown, the total 6 shown.
    assert [rows[k]["left"] for k in outcomes.GENDERS] == [3, None, None, 0]
    assert total["left"] == 6
    # In work on leaving: women 1 and men 1 cannot hide each other (2 < 3) and no other group
    # has anyone, so the total is hidden too: otherwise 2 − 1 would give the other away.
    assert [rows[k]["employed"] for k in outcomes.GENDERS] == [None, None, 0, 0]
    assert total["employed"] is None
    # No share is given where its count or the count it is a share of is hidden.
    assert response.context["table"].rows[1].cells["employed"].share is None
    assert response.context["table"].hidden


def test_the_command_hides_small_groups_as_the_page_does(people, programme, login, coach, area):
    area.min_group_size = 3
    area.save()
    out = StringIO()
    call_command(
        "outcomes", "--json", "--hide-small", "--area", "mikkeli", "--from", "2026-01-01",
        "--to", "2026-06-30", "--by", "gender", stdout=out,
    )  # fmt: skip
    groups = json.loads(out.getvalue())["groups"]
    assert groups["female"] == counts(3, 3, None, 0, None, None)
    assert groups["male"]["entered"] is None and groups["unknown"]["entered"] is None
    rows, _total = _table_counts(_page(login(coach), programme, by="gender"))
    assert {k: {n: row[n] for n in outcomes.COUNTS} for k, row in rows.items()} == groups
    # Without the option, every count as it is (for the operators).
    out = StringIO()
    call_command(
        "outcomes", "--area", "mikkeli", "--from", "2026-01-01", "--to", "2026-06-30",
        "--by", "gender", "--hide-small", stdout=out,
    )  # fmt: skip
    assert out.getvalue().splitlines()[2].split() == ["female", "3", "3", "–", "0", "–", "–"]


def test_the_page_reads_whole_months_and_lists_no_one(people, programme, login, coach):
    response = _page(login(coach), programme, start="2026-01-02", end="2026-06-29")
    assert (response.context["start"], response.context["end"]) == (START, END)
    assert "Testi" not in response.content.decode()


# --- side by side ---------------------------------------------------------------------------


def test_two_instruments_side_by_side(people, programme, login, manager, area):
    area.min_group_size = 2
    area.save()
    http = login(manager)
    http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = _page(http, programme, by="instrument", compare="groups", a="work_trial", b="none")
    comparison = response.context["comparison"]
    first, second = comparison.sides
    assert (first.label, second.label) == ("Work trial", "No work trial or wage subsidy")
    assert (first.cells["left"].count, second.cells["left"].count) == (2, 3)
    rows = {label: (a.count, b.count, d) for label, a, b, d in comparison.rows}
    employed = rows["In work on leaving"]
    assert employed[:2] == (1, 0)
    # 1 of 2 against 0 of 3: the intervals (9–91 %, 0–56 %) overlap, so no clear difference.
    assert employed[2].comparable and not employed[2].clear
    assert "No clear difference" in response.content.decode()


def test_a_difference_is_clear_only_where_the_intervals_do_not_overlap():
    many = outcomes.Cell(40, outcomes.share(40, 50))
    few = outcomes.Cell(10, outcomes.share(10, 50))
    assert outcomes.difference(many, few, minimum=5) == outcomes.Difference(True, True, 0)
    assert outcomes.difference(few, many, minimum=5) == outcomes.Difference(True, True, 1)
    close = outcomes.Cell(35, outcomes.share(35, 50))
    assert outcomes.difference(many, close, minimum=5) == outcomes.Difference(True, False, None)
    small = outcomes.Cell(0, outcomes.share(0, 4))
    assert not outcomes.difference(many, small, minimum=5).comparable
    assert not outcomes.difference(many, outcomes.Cell(None), minimum=5).comparable


def test_two_periods_side_by_side(people, programme, login, manager):
    http = login(manager)
    http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = _page(
        http, programme, by="instrument", compare="periods", a="", start_b="2025-07-01",
        end_b="2025-12-31",
    )  # fmt: skip
    first, second = response.context["comparison"].sides
    assert first.label == "Everyone, 1.1.2026–30.6.2026"
    assert second.label == "Everyone, 1.7.2025–31.12.2025"
    # Left within the second half of 2025: G only (on its last day), into work.
    assert (first.cells["left"].count, second.cells["left"].count) == (6, 1)
    assert second.cells["employed"].count == 1


# --- bad addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "religion"}, "Select a valid choice. religion is not one of the available"),
        (
            {"by": "instrument", "compare": "groups", "a": "work_trial", "b": "nowhere"},
            "Select a valid choice. nowhere is not one of the available",
        ),
        ({"by": "instrument", "compare": "groups", "a": "none"}, "Choose the two groups"),
        (
            {"by": "instrument", "compare": "groups", "a": "none", "b": "none"},
            "Choose two different groups",
        ),
        ({"by": "instrument", "compare": "periods", "start_b": "1.1.2025"}, "Enter a valid date"),
        (
            {
                "by": "instrument",
                "compare": "periods",
                "start_b": "2026-01-01",
                "end_b": "2025-01-01",
            },
            "The first day must not be after the last day",
        ),
        ({"by": "instrument", "compare": "sideways"}, "Select a valid choice"),
        ({"start": "2026-02-30", "by": "host"}, "Enter a valid date"),
    ],
)
def test_a_bad_address_gets_a_clear_message(people, programme, login, manager, params, message):
    http = login(manager)
    http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = _page(http, programme, **params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["comparison"] is None
    # The table is there all the same, for the period and grouping that could be read.
    assert response.context["table"].total["left"].count is not None


def test_the_page_in_finnish_renders(people, programme, login, manager):
    with translation.override("fi"):
        response = _page(login(manager), programme, by="host")
    assert response.status_code == 200


def test_the_chart_draws_the_shares(people, programme, login, manager):
    http = login(manager)
    url = reverse("reporting:outcomes_chart", args=[programme.pk])
    response = http.get(url, {"start": "2026-01-01", "end": "2026-06-30", "by": "instrument"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert http.get(url, {"by": "§", "start": "x"}).status_code == 200


def test_the_page_reads_the_same_few_times_however_many_people(
    people, programme, login, manager, area, hosts, coach
):
    http = login(manager)
    params = {"by": "host", "compare": "periods", "start_b": "2025-01-01", "end_b": "2025-12-31"}
    _page(http, programme, **params)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert _page(http, programme, **params).status_code == 200
        return len(captured)

    before = queries()
    assert before <= 18
    organisation, position = hosts[1]
    row = ("male", "1980-01-01", "fi", "491", "2026-02-01", "2026-05-01", "employed", None, "")
    for n in range(100, 110):
        client = make_person(area, n, row)
        Placement.objects.create(
            area=area, client=client, position=position, organisation=organisation,
            kind="work_trial", status="ended", start_on=D("2026-02-01"), end_on=D("2026-04-30"),
            days_per_week=4, hours_per_day=6, created_by=coach,
        )  # fmt: skip
    assert queries() == before
