"""The ESF+ indicators counted from the indicator facts are the registry's, person by person:
for any records, area or the whole country, and any period; a save through the services
rewrites a person's fact at once, and a bulk write is caught before the next count."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osmari.clients import services
from osmari.clients.models import Client, Enrolment, StatusSpell
from osmari.clients.tests.builders import build_client
from osmari.core.models import EducationLevel
from osmari.reporting import facts, indicators, selectors
from osmari.reporting.fact_models import VERDICT_COLUMNS, IndicatorFact, IndicatorMonth
from osmari.reporting.tests.builders import make_programme

pytestmark = pytest.mark.django_db

DAY0 = date(2024, 1, 1)


def _comparable(results: dict[str, indicators.Result]) -> dict[str, tuple]:
    return {
        code: (
            r.collected,
            r.total,
            r.women,
            r.men,
            r.non_binary,
            r.missing,
            r.population,
            sorted(r.counted),
            sorted(r.missing_refs),
        )
        for code, r in results.items()
    }


def test_each_counted_participant_indicator_has_its_verdict_column():
    assert [code.lower() for code in facts.VERDICT_CODES] == list(VERDICT_COLUMNS)


@given(
    verdicts=st.lists(
        st.sampled_from([None, True, False]),
        min_size=len(facts.VERDICT_CODES),
        max_size=len(facts.VERDICT_CODES),
    ),
    gender=st.sampled_from(["", "women", "men", "non_binary"]),
    followed_up=st.booleans(),
)
def test_a_signature_gives_back_the_verdicts_gender_group_and_follow_up(
    verdicts, gender, followed_up
):
    number = facts.signature(verdicts, gender, followed_up)
    assert facts.unsigned(number) == (verdicts, gender, followed_up)


# ---------------------------------------------------------------- the property

people = st.lists(
    st.fixed_dictionaries(
        {
            "elsewhere": st.booleans(),
            "bulk": st.booleans(),
            "gender": st.sampled_from(["female", "male", "non_binary", "not_stated"]),
            "age": st.integers(14, 70),
            "education": st.sampled_from([None, "isced_0_2", "isced_3_4", "isced_5_8"]),
            "entered": st.integers(0, 900),
            "status": st.sampled_from(["unemployed", "inactive", "employed", ""]),
            "stay": st.none() | st.integers(0, 400),
            "situation": st.sampled_from(
                ["", "job_searching", "education", "employed", "self_employed", "other"]
            ),
            "qualification": st.sampled_from(["yes", "no", "unknown"]),
            "followed_up": st.booleans(),
            "employed_after": st.sampled_from(["yes", "no", "unknown"]),
            "improved_after": st.sampled_from(["yes", "no", "unknown"]),
            # (days before entry the spell starts, its length or None for ongoing)
            "spells": st.lists(
                st.tuples(st.integers(-30, 900), st.none() | st.integers(0, 500)), max_size=3
            ),
        }
    ),
    max_size=14,
)
periods = st.tuples(st.integers(-30, 1300), st.integers(0, 800))


def _write(people_drawn, area, other_area, levels, first: int = 0) -> None:
    """The people as records: some saved one by one (facts rewritten at once), some written
    in bulk past the facts (left for the sweep)."""
    for n, person in enumerate(people_drawn, start=first):
        where = other_area if person["elsewhere"] else area
        entered = DAY0 + timedelta(days=person["entered"])
        client = Client(
            area=where,
            personal_identity_code=f"PROP-{n}",
            first_name="P",
            last_name=str(n),
            birth_date=entered - timedelta(days=int(person["age"] * 365.25) + n % 5),
            gender=person["gender"],
            municipality=where.municipalities.order_by("code").first(),
            education_level=levels.get(person["education"]),
        )
        left = None if person["stay"] is None else entered + timedelta(days=person["stay"])
        enrolment = {
            "entered_on": entered,
            "status_at_entry": person["status"],
            "left_on": left,
            "situation_on_leaving": person["situation"] if left else "",
            "qualification_gained": person["qualification"],
            "follow_up_on": left + timedelta(days=183) if left and person["followed_up"] else None,
            "employed_after_6_months": person["employed_after"],
            "improved_after_6_months": person["improved_after"],
        }
        spells = [(entered - timedelta(days=before), length) for before, length in person["spells"]]
        if person["bulk"]:
            Client.objects.bulk_create([client])
            Enrolment.objects.bulk_create([Enrolment(client=client, **enrolment)])
            StatusSpell.objects.bulk_create(
                [
                    StatusSpell(
                        client=client,
                        status="unemployed",
                        start_on=start,
                        end_on=None if length is None else start + timedelta(days=length),
                    )
                    for start, length in spells
                ]
            )
        else:
            client.save()
            Enrolment.objects.create(client=client, **enrolment)
            for start, length in spells:
                StatusSpell.objects.create(
                    client=client,
                    status="unemployed",
                    start_on=start,
                    end_on=None if length is None else start + timedelta(days=length),
                )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people_drawn=people, period=periods)
def test_the_facts_count_as_the_registry_for_any_records_and_period(
    area, other_area, people_drawn, period
):
    levels = {
        bucket: EducationLevel.objects.filter(esf_bucket=bucket).first()
        for bucket in ("isced_0_2", "isced_3_4", "isced_5_8")
    }
    start = DAY0 + timedelta(days=period[0])
    end = start + timedelta(days=period[1])
    half = len(people_drawn) // 2
    with transaction.atomic():
        _write(people_drawn[:half], area, other_area, levels)
        # Counted once, so that the rest arrive after the facts' mark.
        selectors.indicator_results(area=None, start=start, end=end)
        _write(people_drawn[half:], area, other_area, levels, first=half)
        for where in (area, other_area, None):
            from_facts = selectors.indicator_results(area=where, start=start, end=end)
            from_registry = selectors.indicator_results_from_registry(
                area=where, start=start, end=end
            )
            assert list(from_facts) == list(from_registry)
            assert _comparable(from_facts) == _comparable(from_registry)
        transaction.set_rollback(True)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people_drawn=people, period=periods, today=st.integers(0, 2200))
def test_the_programme_targets_from_the_facts_are_the_registrys(
    area, other_area, people_drawn, period, today
):
    """The targets page's counts, by implementation year and by municipality, are the
    registry's person by person."""
    levels = {
        bucket: EducationLevel.objects.filter(esf_bucket=bucket).first()
        for bucket in ("isced_0_2", "isced_3_4", "isced_5_8")
    }
    starts_on = DAY0 + timedelta(days=period[0])
    half = len(people_drawn) // 2
    with transaction.atomic():
        programme = make_programme(
            area, starts_on=starts_on, ends_on=starts_on + timedelta(days=30 + period[1])
        )
        _write(people_drawn[:half], area, other_area, levels)
        selectors.target_progress(programme, DAY0)
        # The rest arrive past the facts' mark: a bulk write is counted too.
        _write(people_drawn[half:], area, other_area, levels, first=half)
        on = DAY0 + timedelta(days=today)
        from_facts = selectors.target_progress(programme, on)
        from_registry = selectors.target_progress_from_registry(programme, on)
        assert from_facts == from_registry
        transaction.set_rollback(True)


def _months() -> dict[tuple, tuple]:
    """The month counts as kept, without the months that count no one any more."""
    columns = ["area_id", "month", "population", "gender", *facts.MONTH_COLUMNS]
    return {
        tuple(row[:4]): tuple(row[4:])
        for row in IndicatorMonth.objects.values_list(*columns)
        if any(row[4:])
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people_drawn=people,
    removed=st.sets(st.integers(0, 13), max_size=4),
    moved=st.sets(st.integers(0, 13), max_size=4),
    shift=st.integers(-400, 400),
)
def test_the_months_kept_in_step_are_the_months_counted_anew(
    area, other_area, people_drawn, removed, moved, shift
):
    """Whatever is saved, loaded in bulk, moved to other days or removed, the counts kept
    month by month in the same transactions are those counted from the facts afresh."""
    levels = {
        bucket: EducationLevel.objects.filter(esf_bucket=bucket).first()
        for bucket in ("isced_0_2", "isced_3_4", "isced_5_8")
    }
    with transaction.atomic():
        _write(people_drawn, area, other_area, levels)
        facts.facts_catch_up()
        by_number = {int(c.last_name): c for c in Client.objects.all() if c.last_name.isdigit()}
        for n in moved - removed:
            if n in by_number:
                enrolment = Enrolment.objects.get(client=by_number[n])
                enrolment.entered_on += timedelta(days=shift)
                if enrolment.left_on is not None:
                    enrolment.left_on = max(enrolment.entered_on, enrolment.left_on)
                enrolment.save()
        for n in removed:
            if n in by_number:
                by_number[n].delete()
        kept = _months()
        facts.months_rebuild()
        assert kept == _months()
        transaction.set_rollback(True)


def test_a_period_of_whole_months_reads_the_month_counts_not_the_facts(
    manager, area, django_assert_num_queries
):
    _enrolled(manager, area)
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    facts.facts_sweep()
    counted = selectors.indicator_results(area=None, start=start, end=end)["EECO02"]
    assert counted.total == 1
    # Taken away from the months, the person is no longer counted there, though the fact is.
    IndicatorMonth.objects.update(members=0, eeco02=0)
    assert selectors.indicator_results(area=None, start=start, end=end)["EECO02"].total == 0
    # A period that ends inside the month of entry counts the facts of that month.
    edge = selectors.indicator_results(area=None, start=start, end=date(2026, 2, 15))
    assert edge["EECO02"].total == 1
    facts.facts_refresh()  # the daily refresh counts the months anew
    assert selectors.indicator_results(area=None, start=start, end=end)["EECO02"].total == 1


# ---------------------------------------------------------------- keeping them current


def _enrolled(manager, area, **fields) -> Client:
    client = build_client(actor=manager, area=area, gender="female")
    services.enrolment_save(
        actor=manager,
        client=client,
        entered_on=date(2026, 2, 1),
        status_at_entry="unemployed",
        **fields,
    )
    return client


def test_a_save_through_the_services_rewrites_the_persons_fact(manager, area):
    client = _enrolled(manager, area)
    fact = IndicatorFact.objects.get(ref=client.pk)
    assert (fact.area_id, fact.gender, fact.eeco02, fact.eeco03) == (area.pk, "women", True, None)

    services.client_update(actor=manager, client=client, gender="male")
    services.spell_add(
        actor=manager,
        client=client,
        status="unemployed",
        start_on=date(2024, 1, 1),
        end_on=None,
        today=date(2026, 3, 1),
    )
    fact.refresh_from_db()
    assert (fact.gender, fact.eeco03) == ("men", True)  # unemployed two years at entry

    services.enrolment_save(
        actor=manager,
        client=client,
        entered_on=date(2026, 2, 1),
        status_at_entry="employed",
        left_on=date(2026, 4, 1),
        situation_on_leaving="education",
    )
    fact.refresh_from_db()
    assert (fact.eeco02, fact.eeco05, fact.left_on, fact.eecr02) == (
        False,
        True,
        date(2026, 4, 1),
        True,
    )

    spell = client.spells.get()
    services.spell_delete(actor=manager, spell=spell, today=date(2026, 3, 1))
    services.enrolment_save(
        actor=manager, client=client, entered_on=date(2026, 2, 1), status_at_entry="unemployed"
    )
    fact.refresh_from_db()
    assert fact.eeco03 is None  # unemployed, and no spell says since when


def test_removing_a_client_removes_their_fact(manager, area):
    client = _enrolled(manager, area)
    services.spell_add(
        actor=manager,
        client=client,
        status="unemployed",
        start_on=date(2024, 1, 1),
        end_on=None,
        today=date(2026, 3, 1),
    )
    client.delete()
    assert not IndicatorFact.objects.exists()


def test_a_bulk_write_is_counted_at_the_next_read(manager, area):
    client = _enrolled(manager, area)
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert selectors.indicator_results(area=area, start=start, end=end)["EECO03"].missing == 1

    # Past save(): a bulk load of spells, and of clients with their enrolments.
    StatusSpell.objects.bulk_create(
        [StatusSpell(client=client, status="unemployed", start_on=date(2020, 1, 1))]
    )
    other = build_client(actor=manager, area=area, hetu="010190-123M", gender="male")
    Enrolment.objects.bulk_create(
        [Enrolment(client=other, entered_on=date(2026, 5, 1), status_at_entry="inactive")]
    )
    results = selectors.indicator_results(area=area, start=start, end=end)
    assert (results["EECO03"].total, results["EECO03"].women) == (1, 1)
    assert (results["EECO04"].total, results["EECO04"].men) == (1, 1)
    assert results["EECO01"].population == 2
    assert _comparable(results) == _comparable(
        selectors.indicator_results_from_registry(area=area, start=start, end=end)
    )


def test_a_clients_bulk_update_is_counted_after_the_sweep(manager, area):
    client = _enrolled(manager, area)
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    facts.facts_sweep()
    before = facts.facts_checked_at()
    Client.objects.filter(pk=client.pk).update(gender="non_binary", updated_at=timezone.now())
    # Until the sweep the pages count as of its last run, and say when that was.
    assert selectors.indicator_results(area=area, start=start, end=end)["EECO01"].women == 1

    facts.facts_sweep()
    assert facts.facts_checked_at() > before
    results = selectors.indicator_results(area=area, start=start, end=end)
    assert (results["EECO01"].women, results["EECO01"].non_binary) == (0, 1)


def test_the_indicators_command_rewrites_the_facts_first(manager, area):
    """An enrolment has no update time: a bulk update of one is seen by the command."""
    client = _enrolled(manager, area)
    Enrolment.objects.filter(client=client).update(status_at_entry="inactive")
    out = StringIO()
    call_command(
        "indicators",
        "--json",
        "--area",
        area.code,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        stdout=out,
    )
    counted = json.loads(out.getvalue())["indicators"]
    assert (counted["EECO02"]["total"], counted["EECO04"]["total"]) == (0, 1)


def test_the_refresh_command_rewrites_an_areas_facts(manager, area):
    client = _enrolled(manager, area)
    IndicatorFact.objects.filter(ref=client.pk).delete()
    out = StringIO()
    call_command("refresh_indicator_facts", "--area", area.code, stdout=out)
    assert "1" in out.getvalue()
    assert IndicatorFact.objects.get(ref=client.pk).eeco02 is True


# ---------------------------------------------------------------- the cost


@pytest.mark.parametrize("how_many", [2, 40])
def test_an_areas_indicators_are_a_few_queries_whatever_the_number_of_people(
    area, how_many, django_assert_max_num_queries
):
    municipality = area.municipalities.order_by("code").first()
    for n in range(how_many):
        client = Client.objects.create(
            area=area,
            personal_identity_code=f"COST-{n}",
            first_name="C",
            last_name=str(n),
            birth_date=date(1980 + n % 30, 1, 1),
            gender=["female", "male", "not_stated"][n % 3],
            municipality=municipality,
        )
        StatusSpell.objects.create(client=client, status="unemployed", start_on=date(2023, 1, 1))
        Enrolment.objects.create(
            client=client, entered_on=date(2026, 3, 1), status_at_entry="unemployed"
        )
    facts.facts_sweep()  # the mark at the newest keys, as the periodic job leaves it
    # The mark against the newest keys, the grouped count, the supported organisations' three.
    with django_assert_max_num_queries(5):
        results = selectors.indicator_results(
            area=area, start=date(2026, 1, 1), end=date(2026, 12, 31)
        )
    assert results["EECO03"].total == how_many


def test_the_indicator_page_says_when_the_figures_were_compared(login, manager, area):
    programme = make_programme(area)
    _enrolled(manager, area)
    facts.facts_sweep()
    checked = timezone.localtime(facts.facts_checked_at())
    with translation.override("en"):
        response = login(manager).get(
            f"/programme/{programme.pk}/indicators/",
            {"start": "2026-01-01", "end": "2026-06-30"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert f"Figures as of {checked:%-d.%-m.%Y %H:%M}" in response.text


def test_the_demo_seed_leaves_every_enrolment_with_its_fact():
    call_command("seed_demo", "--scale", "demo", stdout=StringIO())
    assert IndicatorFact.objects.count() == Enrolment.objects.count() > 0
    assert facts.facts_checked_at() is not None
    assert facts.facts_catch_up() == 0  # nothing left for the first page to write


@contextmanager
def _kept_to(area):
    """Run as a request that row-level security keeps to `area`, as the middleware sets it."""
    from osmari.accounts import middleware

    token = middleware._request_areas.set(str(area.pk))
    try:
        yield
    finally:
        middleware._request_areas.reset(token)


def test_a_request_kept_to_some_areas_does_not_move_the_catch_up_mark(manager, area):
    # Under row-level security such a request sees only its areas' newest keys; moving the
    # mark there would pass over another area's bulk load, left without facts.
    from osmari.reporting.fact_models import IndicatorFactMark

    _enrolled(manager, area)
    facts.facts_sweep()
    before = IndicatorFactMark.objects.get().last_enrolment
    other = build_client(actor=manager, area=area, hetu="010190-123M", gender="male")
    Enrolment.objects.bulk_create(
        [Enrolment(client=other, entered_on=date(2026, 6, 1), status_at_entry="unemployed")]
    )
    with _kept_to(area):
        assert facts.facts_catch_up() == 1  # what it can see is written
    assert IndicatorFactMark.objects.get().last_enrolment == before
    facts.facts_sweep()  # the periodic job sees every area: the mark moves
    assert IndicatorFactMark.objects.get().last_enrolment > before


def test_a_request_kept_to_some_areas_catches_up_without_reading_back_for_the_newest_key(
    manager, area, other_area
):
    # Under row-level security the newest key a request may see is found by reading back
    # through every newer row of the other areas: 70 ms per indicator page at national
    # scale. Such a request reads only the keys beyond the mark.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _enrolled(manager, area)
    facts.facts_sweep()
    mine = build_client(actor=manager, area=area, hetu="010190-123M", gender="male")
    theirs = build_client(actor=manager, area=other_area, hetu="020290-1233", gender="male")
    Enrolment.objects.bulk_create(
        [
            Enrolment(client=client, entered_on=date(2026, 6, 1), status_at_entry="unemployed")
            for client in (mine, theirs)
        ]
    )
    with _kept_to(area), CaptureQueriesContext(connection) as queries:
        facts.facts_catch_up()
    assert not [q["sql"] for q in queries if "DESC" in q["sql"]]
    assert IndicatorFact.objects.filter(enrolment__client=mine).exists()
