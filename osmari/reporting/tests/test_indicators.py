"""Every indicator on the hand-built dataset, through the pure registry and through the
database and the command line."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from osmari.clients.spells import Spell
from osmari.reporting import indicators
from osmari.reporting.selectors import indicator_results
from osmari.reporting.tests.builders import PERSON_FIELDS
from osmari.reporting.tests.dataset import END, ENTITIES, EXPECTED, NOT_COLLECTED, PEOPLE, START


def participant(number: int, person: dict) -> indicators.Participant:
    return indicators.Participant(
        ref=number,
        spells=tuple(Spell("unemployed", a, b) for a, b in person["spells"]),
        education_bucket=person["education"],
        **{name: person[name] for name in PERSON_FIELDS if name in person},
    )


def as_tuple(result: indicators.Result, by_gender: bool):
    values = result.as_json(by_gender)
    if values["not_collected"]:
        return NOT_COLLECTED
    return (
        values["total"],
        values["women"],
        values["men"],
        values["non_binary"],
        values["missing"],
    )


def test_registry_has_every_common_indicator_once_with_three_languages():
    codes = [indicator.code for indicator in indicators.REGISTRY]
    assert codes == [f"EECO{n:02}" for n in range(1, 20)] + [f"EECR{n:02}" for n in range(1, 7)]
    for indicator in indicators.REGISTRY:
        assert set(indicator.labels) == {"fi", "sv", "en"}
        assert all(indicator.labels.values()) and all(indicator.definition.values())


def test_every_indicator_on_the_hand_built_dataset():
    people = [participant(n, person) for n, person in enumerate(PEOPLE, start=1)]
    entities = [
        indicators.Entity(n, e["kind"], e["size"], tuple(e["days"]))
        for n, e in enumerate(ENTITIES, start=1)
    ]
    results = indicators.compute(people, entities, START, END)
    got = {i.code: as_tuple(results[i.code], i.by_gender) for i in indicators.REGISTRY}
    assert got == EXPECTED


def test_the_lists_behind_a_number_name_the_right_people():
    people = [participant(n, person) for n, person in enumerate(PEOPLE, start=1)]
    results = indicators.compute(people, [], START, END)
    assert results["EECO03"].counted == [1]  # P1
    assert results["EECO03"].missing_refs == [5]  # P5: unemployed, no spells
    assert results["EECO01"].missing_refs == [4]  # P4: gender not stated
    assert results["EECO01"].population == 5


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2000, 6, 30), date(2018, 6, 29), 17),
        (date(2000, 6, 30), date(2018, 6, 30), 18),
        (date(2004, 2, 29), date(2022, 2, 28), 17),
        (date(2004, 2, 29), date(2022, 3, 1), 18),
    ],
)
def test_age_at_entry_turns_on_the_birthday(born, on, age):
    assert indicators.age_on(born, on) == age


# ---------------------------------------------------------------- through the database


def test_the_command_writes_every_indicator_as_json(dataset, area):
    out = StringIO()
    call_command(
        "indicators",
        "--json",
        "--area",
        "mikkeli",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        stdout=out,
    )
    payload = json.loads(out.getvalue())
    assert (payload["from"], payload["to"], payload["area"]) == (
        "2026-01-01",
        "2026-06-30",
        "mikkeli",
    )
    got = {
        code: NOT_COLLECTED
        if v["not_collected"]
        else (v["total"], v["women"], v["men"], v["non_binary"], v["missing"])
        for code, v in payload["indicators"].items()
    }
    assert got == EXPECTED
    assert payload["indicators"]["EECO12"] == {
        "total": None,
        "women": None,
        "men": None,
        "non_binary": None,
        "missing": None,
        "not_collected": True,
    }


def test_the_database_and_the_registry_agree_on_whom_they_count(dataset, area):
    results = indicator_results(area=area, start=START, end=END)
    assert results["EECO03"].counted == [dataset["P1"].pk]
    assert results["EECO03"].missing_refs == [dataset["P5"].pk]


def test_another_area_is_not_counted(dataset, other_area):
    out = StringIO()
    call_command("indicators", "--json", "--area", other_area.code, stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["indicators"]["EECO01"]["total"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "nowhere"], "No employment area has the code 'nowhere'"),
        (["--from", "1.1.2026"], "--from must be a date in the form YYYY-MM-DD"),
        (["--from", "2026-07-01", "--to", "2026-06-30"], "--from must not be after --to"),
    ],
)
def test_bad_arguments_get_a_clear_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("indicators", "--json", *args, stdout=StringIO())
