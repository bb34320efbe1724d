"""Outcomes by group on a hand-built dataset, through the pure counting, the database and the
`outcomes` command, and their agreement with the ESF+ indicators.

The period is 1 January – 30 June 2026, both days included. Who is in it:

    ref gender      born        lang      mun  entered     left        on leaving     6 months
    A   female      1996-01-01  fi        491  2026-01-01  2026-06-30  employed       -
    B   male        1971-01-01  sv        097  2026-03-01  2026-04-15  self_employed  yes
    C   non_binary  1996-06-30  fi_plain  491  2025-12-31  2026-02-01  education      no
    D   not_stated  1990-05-05  en        491  2026-02-10  2026-07-01  employed       -
    E   female      1971-03-01  other     097  2026-02-28  -           -              -
    F   male        1980-01-01  fi        491  2026-07-01  -           -              -
    G   female      1985-01-01  fi        491  2025-06-01  2025-12-31  employed       -
    H   female      1995-10-02  fi        097  2025-10-01  2026-05-05  job_searching  yes
    I   male        1960-01-01  sv        491  2026-06-30  -           -              -
    J   female      1992-01-01  fi        491  2026-01-15  2026-03-31  (not recorded) -
    K   male        1988-01-01  fi        491  2025-11-01  2026-06-01  inactive       yes
    X   female      (another area)        491  2026-03-01  2026-04-01  employed       -

Boundaries: A enters on the first day and I on the last (both count); C enters the day before
and F the day after (neither counts as an entry). A leaves on the last day (counts); G leaves
the day before and D the day after (neither counts as leaving). F and G are in no group.

Age on entry: A is 30 on the day (30_54), B 55 (55_plus), C 29 (under_30), D 35, E 54 (her
birthday is the day after her entry: 30_54), H 29 (her 30th birthday is the day after her
entry: under_30), I 66, J 34, K 37.

Entered: A B D E I J = 6. Left: A B C H J K = 6; employed A B (self-employment counts) = 2;
education C = 1; job searching H = 1; in work six months later B H K = 3 (C's follow-up says
no; K left inactive but was in work six months later).
"""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from osmari.clients.models import Client, Enrolment
from osmari.core.models import Municipality
from osmari.reporting import outcomes
from osmari.reporting.indicators import Participant
from osmari.reporting.selectors import indicator_results, outcome_groups, outcome_people

START, END = date(2026, 1, 1), date(2026, 6, 30)

# ref: gender, born, language, municipality, entered, left, situation, follow-up, employed.
PEOPLE = {
    "A": ("female", "1996-01-01", "fi", "491", "2026-01-01", "2026-06-30", "employed", None, ""),
    "B": ("male", "1971-01-01", "sv", "097", "2026-03-01", "2026-04-15", "self_employed",
          "2026-10-15", "yes"),
    "C": ("non_binary", "1996-06-30", "fi_plain", "491", "2025-12-31", "2026-02-01",
          "education", "2026-08-01", "no"),
    "D": ("not_stated", "1990-05-05", "en", "491", "2026-02-10", "2026-07-01", "employed", None,
          ""),
    "E": ("female", "1971-03-01", "other", "097", "2026-02-28", None, "", None, ""),
    "F": ("male", "1980-01-01", "fi", "491", "2026-07-01", None, "", None, ""),
    "G": ("female", "1985-01-01", "fi", "491", "2025-06-01", "2025-12-31", "employed", None, ""),
    "H": ("female", "1995-10-02", "fi", "097", "2025-10-01", "2026-05-05", "job_searching",
          "2026-11-05", "yes"),
    "I": ("male", "1960-01-01", "sv", "491", "2026-06-30", None, "", None, ""),
    "J": ("female", "1992-01-01", "fi", "491", "2026-01-15", "2026-03-31", "", None, ""),
    "K": ("male", "1988-01-01", "fi", "491", "2025-11-01", "2026-06-01", "inactive",
          "2026-12-01", "yes"),
}  # fmt: skip


def counts(entered, left, employed, education, job_searching, employed_6_months):
    return {
        "entered": entered,
        "left": left,
        "employed": employed,
        "education": education,
        "job_searching": job_searching,
        "employed_6_months": employed_6_months,
    }


EXPECTED = {
    "gender": {
        # A E J entered; A H J left.
        "female": counts(3, 3, 1, 0, 1, 1),
        # B I entered; B K left.
        "male": counts(2, 2, 1, 0, 0, 2),
        "non_binary": counts(0, 1, 0, 1, 0, 0),
        # D, whose gender is not stated, left only after the period.
        "unknown": counts(1, 0, 0, 0, 0, 0),
    },
    "age_band": {
        "under_30": counts(0, 2, 0, 1, 1, 1),  # C H
        "30_54": counts(4, 3, 1, 0, 0, 1),  # A D E J entered; A J K left
        "55_plus": counts(2, 1, 1, 0, 0, 1),  # B I entered; B left
    },
    "language": {
        "fi": counts(2, 5, 1, 1, 1, 2),  # A J entered; A C H J K left (plain Finnish is fi)
        "sv": counts(2, 1, 1, 0, 0, 1),  # B I
        "other": counts(2, 0, 0, 0, 0, 0),  # D (English) and E
    },
    "municipality": {
        "097": counts(2, 2, 1, 0, 1, 2),  # B E entered; B H left
        "491": counts(4, 4, 1, 1, 0, 1),  # A D I J entered; A C J K left
    },
}
TOTAL = counts(6, 6, 2, 1, 1, 3)


def _day(value):
    return date.fromisoformat(value) if value else None


def make_person(area, n, row):
    gender, born, language, code, entered, left, situation, follow_up, employed = row
    client = Client.objects.create(
        area=area,
        personal_identity_code=f"OUTCOME-{n}",
        first_name=f"Henkilö {n}",
        last_name="Testi",
        birth_date=_day(born),
        gender=gender,
        preferred_language=language,
        municipality=Municipality.objects.get(code=code),
    )
    Enrolment.objects.create(
        client=client,
        entered_on=_day(entered),
        status_at_entry="unemployed",
        left_on=_day(left),
        situation_on_leaving=situation,
        follow_up_on=_day(follow_up),
        employed_after_6_months=employed or "unknown",
    )
    return client


@pytest.fixture
def people(area, other_area):
    made = {ref: make_person(area, n, row) for n, (ref, row) in enumerate(PEOPLE.items())}
    # Someone of another area, with every date inside the period.
    row = ("female", "1990-01-01", "fi", "491", "2026-03-01", "2026-04-01", "employed", None, "")
    make_person(other_area, 99, row)
    return made


def pure_people():
    return [
        outcomes.Person(
            Participant(
                ref=n,
                gender=gender,
                birth_date=_day(born),
                entered_on=_day(entered),
                status_at_entry="unemployed",
                left_on=_day(left),
                situation_on_leaving=situation,
                follow_up_on=_day(follow_up),
                employed_after_6_months=employed or "unknown",
            ),
            language,
            code,
        )
        for n, (gender, born, language, code, entered, left, situation, follow_up, employed) in (
            enumerate(PEOPLE.values())
        )
    ]


def summed(groups):
    return {name: sum(group[name] for group in groups.values()) for name in outcomes.COUNTS}


# --- pure --------------------------------------------------------------------------------


@pytest.mark.parametrize("by", outcomes.BY)
def test_every_group_counted_by_hand(by):
    groups = outcomes.by_group(pure_people(), by, START, END)
    assert groups == EXPECTED[by]
    assert list(groups) == list(EXPECTED[by])
    assert summed(groups) == TOTAL


def test_the_day_before_and_after_the_period_do_not_count_and_the_edges_do():
    people = {ref: person.participant for ref, person in zip(PEOPLE, pure_people(), strict=True)}
    assert outcomes.person_counts(people["A"], START, END) == counts(1, 1, 1, 0, 0, 0)
    assert outcomes.person_counts(people["I"], START, END)["entered"] == 1
    assert outcomes.person_counts(people["C"], START, END)["entered"] == 0
    assert outcomes.person_counts(people["F"], START, END) == counts(0, 0, 0, 0, 0, 0)
    assert outcomes.person_counts(people["G"], START, END) == counts(0, 0, 0, 0, 0, 0)
    assert outcomes.person_counts(people["D"], START, END) == counts(1, 0, 0, 0, 0, 0)
    # One day later, A's exit and I's entry are outside and D's exit inside.
    later = (date(2026, 1, 2), date(2026, 7, 1))
    assert outcomes.person_counts(people["A"], *later) == counts(0, 1, 1, 0, 0, 0)
    assert outcomes.person_counts(people["D"], *later) == counts(1, 1, 1, 0, 0, 0)


@pytest.mark.parametrize(
    ("born", "entered", "band"),
    [
        ("1996-01-02", "2026-01-01", "under_30"),  # 30 the next day
        ("1996-01-01", "2026-01-01", "30_54"),
        ("1971-01-02", "2026-01-01", "30_54"),  # 55 the next day
        ("1971-01-01", "2026-01-01", "55_plus"),
    ],
)
def test_the_age_band_is_by_age_on_the_entry_date(born, entered, band):
    assert outcomes.age_band(_day(born), _day(entered)) == band


def test_gender_and_language_keys():
    assert [outcomes.gender_group(g) for g in ("female", "male", "non_binary", "not_stated")] == [
        "female",
        "male",
        "non_binary",
        "unknown",
    ]
    assert [outcomes.language_group(c) for c in ("fi", "fi_plain", "sv", "en", "other")] == [
        "fi",
        "fi",
        "sv",
        "other",
        "other",
    ]


@pytest.mark.parametrize(
    ("count", "of", "low", "high"),
    [
        # p = 0.5, z² = 3.8415: centre 0.5, half-width 1.96·√(0.025 + 0.0096)/1.3841 = 0.2634.
        (5, 10, 0.2366, 0.7634),
        # Nothing counted still leaves room above: (0.1921 + 0.1920)/1.3841.
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        # p = 0.15: centre 0.2064, half-width 0.1540.
        (3, 20, 0.0524, 0.3604),
        (1, 1, 0.2065, 1.0),
    ],
)
def test_wilson_interval_worked_out_by_hand(count, of, low, high):
    share = outcomes.share(count, of)
    assert share.low == pytest.approx(low, abs=1e-4)
    assert share.high == pytest.approx(high, abs=1e-4)
    assert share.low <= share.value <= share.high


def test_a_share_of_no_one_has_no_value_or_interval():
    share = outcomes.share(0, 0)
    assert (share.value, share.low, share.high) == (None, None, None)
    with pytest.raises(ValueError, match="0 <= count <= of"):
        outcomes.wilson(3, 2)


# --- database and command ------------------------------------------------------------------


@pytest.mark.parametrize("by", outcomes.BY)
def test_the_database_gives_the_hand_counts(people, area, by):
    assert outcome_groups(area=area, start=START, end=END, by=by) == EXPECTED[by]


def test_the_counts_agree_with_the_esf_indicators(people, area):
    results = indicator_results(area=area, start=START, end=END)
    for by in outcomes.BY:
        total = summed(outcome_groups(area=area, start=START, end=END, by=by))
        assert total == {
            "entered": results["EECO01"].total,
            "left": results["EECR01"].population,
            "employed": results["EECR04"].total,
            "education": results["EECR02"].total,
            "job_searching": results["EECR01"].total,
            "employed_6_months": results["EECR05"].total,
        }
        assert total == TOTAL


def test_people_of_every_area_when_no_area_is_given(people, area):
    everyone = outcome_people(area=None, start=START, end=END)
    assert len(everyone) == len(outcome_people(area=area, start=START, end=END)) + 1


@pytest.mark.parametrize("by", outcomes.BY)
def test_the_command_writes_the_groups_as_json(people, by):
    out = StringIO()
    call_command(
        "outcomes",
        "--json",
        "--area",
        "mikkeli",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--by",
        by,
        stdout=out,
    )
    assert json.loads(out.getvalue()) == {
        "from": "2026-01-01",
        "to": "2026-06-30",
        "area": "mikkeli",
        "by": by,
        "groups": EXPECTED[by],
    }


def test_the_command_writes_a_table_without_json(people):
    out = StringIO()
    call_command(
        "outcomes", "--area", "mikkeli", "--from", "2026-01-01", "--to", "2026-06-30",
        "--by", "gender", stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[0] == "2026-01-01 – 2026-06-30, mikkeli, by gender"
    assert lines[2].split() == ["female", "3", "3", "1", "0", "1", "1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "nowhere", "--by", "gender"], "No employment area has the code 'nowhere'"),
        (["--from", "1.1.2026", "--by", "gender"], "--from must be a date in the form YYYY-MM-DD"),
        (["--to", "2026-02-30", "--by", "gender"], "--to must be a date in the form YYYY-MM-DD"),
        (
            ["--from", "2026-07-01", "--to", "2026-06-30", "--by", "gender"],
            "--from must not be after --to",
        ),
        (
            ["--by", "religion"],
            "--by must be one of gender, age_band, language, municipality, not 'religion'",
        ),
        ([], "the following arguments are required: --by"),
    ],
)
def test_bad_arguments_get_a_clear_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("outcomes", "--json", *args, stdout=StringIO())


# --- comparing groups ----------------------------------------------------------------------


def test_a_group_is_flagged_only_where_the_gap_is_below_four_fifths_and_real():
    shares = {
        # 40/50 = 0.8, Wilson 0.670–0.888: the highest.
        "female": outcomes.share(40, 50),
        # 15/50 = 0.3, ratio 0.375, Wilson 0.191–0.438 lies below 0.670: flagged.
        "male": outcomes.share(15, 50),
        # 3/6 = 0.5, ratio 0.625, but Wilson 0.188–0.812 overlaps: not flagged.
        "non_binary": outcomes.share(3, 6),
        # Below the minimum of 5: no ratio, never flagged.
        "unknown": outcomes.share(0, 4),
    }
    got = outcomes.compare(shares, minimum=5)
    assert {key: c.flagged for key, c in got.items()} == {
        "female": False,
        "male": True,
        "non_binary": False,
        "unknown": False,
    }
    assert got["male"].highest == "female"
    assert got["male"].ratio == pytest.approx(0.375)
    assert got["non_binary"].ratio == pytest.approx(0.625)
    assert got["female"].ratio == pytest.approx(1.0)
    assert got["unknown"].ratio is None
    # With the area's threshold at 0.3 the same gap is not flagged.
    assert not outcomes.compare(shares, minimum=5, threshold=0.3)["male"].flagged


def test_no_one_to_compare_with_flags_no_one():
    shares = {
        "fi": outcomes.share(0, 10),
        "sv": outcomes.share(0, 12),
        "other": outcomes.share(1, 3),
    }
    got = outcomes.compare(shares, minimum=5)
    assert [c.flagged for c in got.values()] == [False, False, False]
    assert got["fi"].ratio is None and got["other"].ratio is None
