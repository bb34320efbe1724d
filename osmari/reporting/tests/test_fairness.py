"""Fairness across groups on a hand-built dataset, every rate worked out by hand.

The period is 1 January – 30 June 2026, both days included; the area's minimum group size is
5 and its threshold 0.80. Everyone lives in Mikkeli (491), was born in 1990 and is served in
Finnish unless said otherwise. Women W1-W20, men M1-M20, non-binary N1-N3:

    screened     all assessed on 1.2.2026
    identified   W1-W20 (work trial) and M1-M10 (wage subsidy) by a decision on 10.2.2026;
                 M11-M20 "not now", N1-N3 "other service" the same day
    proposed     W1-W15 and M1-M5 on 1.3.2026; W16 on 1.7.2026 (the day after the period)
    placed       W1-W12 and M1-M4 in periods from 15.3.2026
    left         W1-W8 and M1-M4 on 20.5.2026: W1-W4 employed, W5 self-employed,
                 W6 in education, W7-W8 job searching; M1 employed, M2-M4 job searching.
                 W17 (never placed) left into work on 1.4.2026: not in the last step.
                 W9 left on 1.7.2026, after the period.
    not counted  O1, assessed and found likely to benefit on 31.12.2025 (before the period),
                 and X1 of another area with every event inside it.

The rates and their Wilson 95 % intervals (z = 1.96), worked out by hand:

    identified  women 20/20 = 100 % [83.9, 100]   men 10/20 = 50 % [29.9, 70.1]
                non-binary 0/3 = 0 % [0, 56.1]
                Men: ratio 0.50 < 0.80 and 70.1 < 83.9: worth a look. Non-binary: ratio 0
                and apart, but 3 people is under the minimum: not compared.
    proposed    women 15/20 = 75 % [53.1, 88.8]   men 5/10 = 50 % [23.7, 76.3]
                Men: ratio 0.67 < 0.80 but the intervals overlap: not flagged.
    placed      women 12/15 = 80 % [54.8, 93.0]   men 4/5 = 80 % [37.6, 96.4]; ratio 1.
    work/educ.  women 6/8 = 75 % [40.9, 92.9]     men 1/4 = 25 % (under the minimum).
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from osmari.clients.models import Client, Enrolment
from osmari.core.models import Municipality
from osmari.employers.tests.builders import make_position
from osmari.placements.models import Proposal
from osmari.placements.tests.builders import period_record
from osmari.reporting import fairness
from osmari.reporting.fairness_selectors import ways
from osmari.screening.models import Decision, NeedsAssessment

START, END = date(2026, 1, 1), date(2026, 6, 30)
PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
SITUATIONS = {
    "W1": "employed",
    "W2": "employed",
    "W3": "employed",
    "W4": "employed",
    "W5": "self_employed",
    "W6": "education",
    "W7": "job_searching",
    "W8": "job_searching",
    "M1": "employed",
    "M2": "job_searching",
    "M3": "job_searching",
    "M4": "job_searching",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 7, 15), tick=False):
        yield


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


class Builder:
    def __init__(self, area, coach, position):
        self.area, self.coach, self.position = area, coach, position
        self.count = 0

    def person(self, ref, gender, *, area=None, born=date(1990, 1, 1), language="fi", code="491"):
        self.count += 1
        return Client.objects.create(
            area=area or self.area,
            personal_identity_code=f"FAIR-{self.count}",
            first_name=ref,
            last_name="Testi",
            birth_date=born,
            gender=gender,
            preferred_language=language,
            municipality=Municipality.objects.get(code=code),
            coach=self.coach,
        )

    def assess(self, client, day):
        scores = dict.fromkeys(
            (
                "work_ability",
                "skills",
                "experience",
                "motivation",
                "life_management",
                "social_support",
                "practical",
            ),
            3,
        )
        NeedsAssessment.objects.create(
            client=client, assessed_on=day, assessor=self.coach, **scores
        )

    def decide(self, client, day, proposal):
        Decision.objects.create(
            client=client,
            proposal=proposal,
            reason="Testi",
            decided_on=day,
            decided_by=self.coach,
            rules_version="2025-01-01",
            engine_result={},
        )

    def propose(self, client, day, position=None):
        position = position or self.position
        proposal = Proposal.objects.create(
            area=client.area,
            client=client,
            position=position,
            organisation=position.organisation,
            kind="work_trial",
            note="Testi",
            proposed_by=self.coach,
        )
        Proposal.objects.filter(pk=proposal.pk).update(proposed_at=_noon(day))

    def place(self, client, start, position=None):
        period_record(client, position or self.position, start, date(2026, 5, 15))

    def enrol(self, client, left_on=None, situation="", entered_on=date(2026, 1, 15)):
        Enrolment.objects.create(
            client=client,
            entered_on=entered_on,
            status_at_entry="unemployed",
            left_on=left_on,
            situation_on_leaving=situation,
        )


@pytest.fixture
def builder(area, coach, organisation):
    return Builder(area, coach, make_position(organisation, coach, capacity=30))


def _way_of(b, ref, gender, n):
    """One of the hand-built people with every event the table above gives them."""
    client = b.person(ref, gender)
    b.assess(client, date(2026, 2, 1))
    decisions = {"W": "work_trial", "M": "wage_subsidy" if n <= 10 else "not_now"}
    b.decide(client, date(2026, 2, 10), decisions.get(ref[0], "other_service"))
    if (ref[0] == "W" and n <= 15) or (ref[0] == "M" and n <= 5):
        b.propose(client, date(2026, 3, 1))
    if ref == "W16":
        b.propose(client, date(2026, 7, 1))
    if (ref[0] == "W" and n <= 12) or (ref[0] == "M" and n <= 4):
        b.place(client, date(2026, 3, 15))
    if ref in SITUATIONS:
        b.enrol(client, date(2026, 5, 20), SITUATIONS[ref])
    elif ref == "W17":
        b.enrol(client, date(2026, 4, 1), "employed")
    elif ref == "W9":
        b.enrol(client, date(2026, 7, 1), "employed")
    return client


@pytest.fixture
def dataset(builder, other_area, coach_other_area):
    for prefix, gender, size in (("W", "female", 20), ("M", "male", 20), ("N", "non_binary", 3)):
        for n in range(1, size + 1):
            _way_of(builder, f"{prefix}{n}", gender, n)
    before = builder.person("O1", "female")
    builder.assess(before, date(2025, 12, 31))
    builder.decide(before, date(2025, 12, 31), "work_trial")
    # Someone of another area, every event inside the period.
    elsewhere = builder.person("X1", "male", area=other_area)
    builder.assess(elsewhere, date(2026, 2, 1))
    builder.decide(elsewhere, date(2026, 2, 10), "work_trial")
    builder.enrol(elsewhere, date(2026, 5, 20), "employed")
    return builder


def _table(area, by="gender", threshold=0.8, minimum=5):
    return fairness.compared(
        ways(area=area, start=START, end=END), by, START, END, minimum=minimum, threshold=threshold
    )


def _rate(c):
    return (c.share.count, c.share.of)


# --- the steps, through the database ---------------------------------------------------------


def test_every_step_counted_by_hand(area, dataset):
    table = _table(area)
    assert {key: _rate(c) for key, c in table["identified"].items()} == {
        "female": (20, 20),
        "male": (10, 20),
        "non_binary": (0, 3),
        "unknown": (0, 0),
    }
    assert {key: _rate(c) for key, c in table["proposed"].items()} == {
        "female": (15, 20),  # W16 was proposed the day after the period
        "male": (5, 10),
        "non_binary": (0, 0),
        "unknown": (0, 0),
    }
    assert _rate(table["placed"]["female"]) == (12, 15)
    assert _rate(table["placed"]["male"]) == (4, 5)
    # W17 left without a period with a host; W9 left after the period.
    assert _rate(table["work_or_education"]["female"]) == (6, 8)
    assert _rate(table["work_or_education"]["male"]) == (1, 4)


def test_the_intervals_and_ratios_worked_by_hand(area, dataset):
    table = _table(area)
    expected = {
        ("identified", "female"): (1.0, 0.839, 1.0, 1.0),
        ("identified", "male"): (0.5, 0.299, 0.701, 0.5),
        ("proposed", "female"): (0.75, 0.531, 0.888, 1.0),
        ("proposed", "male"): (0.5, 0.237, 0.763, 0.667),
        ("placed", "female"): (0.8, 0.548, 0.930, 1.0),
        ("placed", "male"): (0.8, 0.376, 0.964, 1.0),
        ("work_or_education", "female"): (0.75, 0.409, 0.929, 1.0),
    }
    for (step, key), (rate, low, high, ratio) in expected.items():
        c = table[step][key]
        assert c.share.value == pytest.approx(rate), (step, key)
        assert (c.share.low, c.share.high) == pytest.approx((low, high), abs=0.001), (step, key)
        assert c.ratio == pytest.approx(ratio, abs=0.001), (step, key)


def test_a_real_gap_is_flagged_and_nothing_else(area, dataset):
    flagged = {
        (step, key) for step, groups in _table(area).items() for key, c in groups.items()
        if c.flagged
    }  # fmt: skip
    assert flagged == {("identified", "male")}


def test_a_gap_with_a_small_group_is_not_flagged_until_the_group_reaches_the_minimum(area, dataset):
    identified = _table(area)["identified"]["non_binary"]
    assert identified.share.high < _table(area)["identified"]["female"].share.low
    assert (identified.ratio, identified.flagged) == (None, False)
    # With a minimum of 3 the three non-binary people are compared, and the gap is real.
    assert _table(area, minimum=3)["identified"]["non_binary"].flagged


def test_overlapping_intervals_are_not_flagged_though_the_ratio_is_below_the_threshold(
    area, dataset
):
    proposed = _table(area)["proposed"]["male"]
    assert proposed.ratio < 0.8
    assert proposed.share.high > _table(area)["proposed"]["female"].share.low
    assert not proposed.flagged


def test_the_area_threshold_decides_the_flag(area, dataset):
    # Men's ratio is exactly 0.50: below 0.80, not below 0.50.
    assert _table(area, threshold=0.5)["identified"]["male"].flagged is False


# --- pure ------------------------------------------------------------------------------------


def test_a_ratio_above_the_threshold_is_not_flagged_even_when_the_intervals_are_apart():
    """180/200 = 90 % [85.1, 93.4] and 150/200 = 75 % [68.6, 80.5]: the intervals are apart
    and the ratio is 0.833, above 0.80 (flagged only at a threshold of 0.85)."""
    people = [
        fairness.Way("female", date(1990, 1, 1), None, "fi", "491", screened=(date(2026, 2, 1),),
                     identified=(date(2026, 2, 1),) if n < 180 else ())
        for n in range(200)
    ] + [
        fairness.Way("male", date(1990, 1, 1), None, "fi", "491", screened=(date(2026, 2, 1),),
                     identified=(date(2026, 2, 1),) if n < 150 else ())
        for n in range(200)
    ]  # fmt: skip
    men = fairness.compared(people, "gender", START, END, minimum=5)["identified"]["male"]
    women = fairness.compared(people, "gender", START, END, minimum=5)["identified"]["female"]
    assert (women.share.low, women.share.high) == pytest.approx((0.851, 0.934), abs=0.001)
    assert (men.share.low, men.share.high) == pytest.approx((0.686, 0.805), abs=0.001)
    assert men.ratio == pytest.approx(0.833, abs=0.001)
    assert not men.flagged
    stricter = fairness.compared(people, "gender", START, END, minimum=5, threshold=0.85)
    assert stricter["identified"]["male"].flagged


def test_age_band_is_the_age_on_entry_or_else_on_the_first_day_seen():
    born = date(1996, 3, 1)  # 30 on 1.3.2026
    entered = fairness.Way("female", born, date(2026, 2, 28), "fi", "491")
    assert fairness.group_of("age_band", entered, START, END) == "under_30"
    seen = fairness.Way("female", born, None, "fi", "491", screened=(date(2026, 3, 1),))
    assert fairness.group_of("age_band", seen, START, END) == "30_54"
    assert fairness.group_of("language", fairness.Way("male", born, None, "en", "491"), START,
                             END) == "other"  # fmt: skip


def test_an_event_before_the_step_it_follows_does_not_count():
    """Proposed before being identified is not "identified, then proposed"."""
    way = fairness.Way(
        "male",
        date(1990, 1, 1),
        None,
        "fi",
        "491",
        screened=(date(2026, 2, 1),),
        identified=(date(2026, 3, 1),),
        proposed=(date(2026, 2, 15),),
    )
    assert fairness.in_step("proposed", way, START, END) == (True, False)
    assert fairness.in_step("placed", way, START, END) == (True, False)


# --- the page --------------------------------------------------------------------------------


@pytest.fixture
def programme(area):
    from osmari.reporting.tests.builders import make_programme

    return make_programme(area)


def _get(login, user, programme, **params):
    http = login(user)
    http.cookies["django_language"] = "en"
    return http.get(reverse("reporting:fairness", args=[programme.pk]), {**PERIOD, **params})


def _step(response, name):
    return {
        row.key: row
        for row in next(s for s in response.context["steps"] if s["step"] == name)["rows"]
    }


def test_the_manager_sees_each_step_with_the_numbers_that_raised_the_flag(
    login, manager, programme, dataset
):
    response = _get(login, manager, programme)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Worth a look</span>") == 1
    assert (
        "50 % (10 of 20) against 100 % (20 of 20) for Women: a ratio of 0.50, below 0.80, and "
        "the intervals 30–70 % and 84–100 % do not overlap." in page
    )
    for words in (
        "Of the people screened in the period",
        "Of the people identified as likely to benefit within the period",
        "Of the people proposed to a host within the period",
        "Of the people who left the programme within the period after a period with a host",
        "not a finding of discrimination",
        "not a legal limit",
        "Age is itself a criterion of some instruments",
    ):
        assert words in page
    # The manager sees the small groups' numbers, marked as not compared.
    non_binary = _step(response, "identified")["non_binary"]
    assert (non_binary.count, non_binary.of, non_binary.small) == (0, 3, True)
    assert "Fewer than 5 people: not compared" in page


def test_changing_the_area_threshold_changes_the_flag_on_the_page(
    login, manager, area, programme, dataset
):
    area.fairness_threshold = Decimal("0.50")
    area.save(update_fields=["fairness_threshold"])
    page = _get(login, manager, programme).content.decode()
    assert "Worth a look</span>" not in page
    assert "below 0,50" not in page


def test_an_analyst_sees_small_groups_hidden(login, analyst, programme, dataset):
    response = _get(login, analyst, programme)
    assert response.status_code == 200
    identified = _step(response, "identified")
    assert (identified["non_binary"].of, identified["non_binary"].rate) == (None, "")
    assert (identified["male"].count, identified["male"].of) == (10, 20)
    # The groups add up to the step's whole, which another grouping shows: the small group is
    # hidden with at least one other, and a hidden group shows no flag.
    hidden = [row for row in identified.values() if row.of is None]
    assert len(hidden) >= 2
    assert not any(row.flagged or row.small or row.because for row in hidden)
    # 4 of 5 men placed: a count of 4 is hidden, and with it the rate and interval.
    placed = _step(response, "placed")["male"]
    assert (placed.count, placed.rate, placed.interval) == (None, "", "")
    assert "Groups of fewer than 5 people are hidden" in response.content.decode()


def test_only_the_four_groupings_are_offered_and_a_bad_one_gets_a_message(
    login, manager, programme, dataset
):
    response = _get(login, manager, programme, by="disability")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Groups can be by gender, age band, language or municipality only" in page
    assert response.context["by"] == "gender"
    assert [value for value, _label in response.context["groupings"]] == [
        "gender",
        "age_band",
        "language",
        "municipality",
    ]
    assert 'value="disability"' not in page


@pytest.mark.parametrize("by", ["age_band", "language", "municipality"])
def test_each_grouping_shows_its_groups(login, manager, programme, dataset, by):
    response = _get(login, manager, programme, by=by)
    assert response.status_code == 200
    identified = _step(response, "identified")
    expected = {
        "age_band": {"under_30": 0, "30_54": 43, "55_plus": 0},
        "language": {"fi": 43, "sv": 0, "other": 0},
        "municipality": {"491": 43},
    }[by]
    assert {key: row.of for key, row in identified.items()} == expected
    if by == "municipality":
        assert identified["491"].label == "Mikkeli"


def test_the_page_reads_in_a_fixed_number_of_queries(login, manager, programme, dataset):
    http = login(manager)
    url = reverse("reporting:fairness", args=[programme.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert http.get(url, PERIOD).status_code == 200
        return len(captured)

    queries()  # the first request of a session records the login
    before = queries()
    for n in range(1, 6):
        _way_of(dataset, f"W{20 + n}", "female", n)
    assert queries() == before
    # The session and the user, the programme and its area, and the six reads of the steps.
    assert before <= 14
