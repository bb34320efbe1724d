"""Deciding on a difference: what taking the register's status periods replaces and keeps,
a decision on values that changed since the page was opened, who may take the register's
value, a note left blank, and the work the list does."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from osmari.clients import services as client_services
from osmari.clients.models import Plan
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.extracts import selectors
from osmari.extracts.models import Resolution
from osmari.extracts.tests.builders import import_rows

pytestmark = pytest.mark.django_db

HETU = "131052-308T"
SPELL = "spell:2025-03-01:unemployed"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _seen(user, person, key) -> str:
    item = selectors.client_differences_for_user(user=user, pk=person.pk)
    difference = selectors.difference_in(item, key)
    return item.seen(difference) if difference else ""


def _post(http, name, person, key, seen, **data):
    return http.post(
        reverse(name, args=[person.pk]), {"key": key, "seen": seen, **data}, follow=True, **EN
    )


def _spells(client):
    return [(s.status, s.start_on, s.end_on, s.source) for s in client.spells.order_by("start_on")]


@pytest.fixture
def employed_after_the_extract(coach, area):
    """Unemployed since February 2025 as typed; the extract of 1.11.2026 says since March;
    the coach has typed a job from 15.11.2026, which the extract cannot know."""
    person = build_client(actor=coach, area=area, hetu=HETU, coach=coach, first_name="Riikka")
    unemployed_since(actor=coach, client=person, start=date(2025, 2, 1))
    client_services.spell_add(
        actor=coach,
        client=person,
        status="employed",
        start_on=date(2026, 11, 15),
        end_on=None,
        today=date(2026, 11, 27),
    )
    import_rows(
        [
            [HETU, "tyonhakija", "01", "1.3.2025", "", "", ""],
            [HETU, "suunnitelma", "", "", "", "TYS-1", "15.3.2025"],
        ],
        area=area,
        extracted_on=date(2026, 11, 1),
    )
    return person


def test_a_period_typed_after_the_extract_is_no_difference_and_is_kept(
    login, coach, employed_after_the_extract
):
    person = employed_after_the_extract
    http = login(coach)
    item = selectors.client_differences_for_user(user=coach, pk=person.pk)
    assert [d.key for d in item.differences if d.is_spell] == [SPELL]
    text = http.get(reverse("extracts:reconcile"), **EN).content.decode()
    # Before confirming, the coach sees what goes, what comes and what stays.
    assert "Osmari&#x27;s periods that are replaced" in text
    assert "Typed periods newer than the extract, which are kept" in text
    assert "Employed 15.11.2026" in text or "Employed 11/15/2026" in text
    response = _post(http, "extracts:accept", person, SPELL, _seen(coach, person, SPELL))
    assert response.status_code == 200
    assert _spells(person) == [
        ("unemployed", date(2025, 3, 1), date(2026, 11, 14), "extract"),
        ("employed", date(2026, 11, 15), None, "staff"),
    ]
    person.refresh_from_db()
    assert person.unemployed_since is None
    assert not [
        d
        for d in selectors.client_differences_for_user(user=coach, pk=person.pk).differences
        if d.is_spell
    ]


def test_a_decision_on_values_changed_since_the_page_was_opened_saves_nothing(
    login, coach, employed_after_the_extract, area
):
    person = employed_after_the_extract
    http = login(coach)
    seen_plan = _seen(coach, person, "plan")
    seen_spell = _seen(coach, person, SPELL)
    # Meanwhile a newer extract brings another plan, and another typed period is added.
    import_rows(
        [
            [HETU, "tyonhakija", "01", "1.3.2025", "", "", ""],
            [HETU, "suunnitelma", "", "", "", "TYS-999", "20.3.2025"],
        ],
        area=area,
        extracted_on=date(2026, 11, 2),
        name="b.csv",
    )
    response = _post(http, "extracts:accept", person, "plan", seen_plan)
    assert "has changed since the page was opened" in response.content.decode()
    assert not Plan.objects.filter(client=person, official_reference="TYS-999").exists()
    response = _post(http, "extracts:note", person, "plan", seen_plan, note="Tarkistan.")
    assert "has changed since the page was opened" in response.content.decode()
    client_services.spell_add(
        actor=coach,
        client=person,
        status="education",
        start_on=date(2026, 12, 1),
        end_on=None,
        today=date(2026, 11, 27),
    )
    before = _spells(person)
    response = _post(http, "extracts:accept", person, SPELL, seen_spell)
    assert "has changed since the page was opened" in response.content.decode()
    assert _spells(person) == before
    assert not Resolution.objects.exists()


def test_only_who_may_edit_the_client_takes_the_registers_value(
    login, manager, coach, employed_after_the_extract
):
    person = employed_after_the_extract
    http = login(manager)
    text = http.get(reverse("extracts:reconcile"), {"coach": "all"}, **EN).content.decode()
    assert "Riikka" in text and "TYS-1" in text
    assert reverse("extracts:accept", args=[person.pk]) not in text
    assert "Only a coach can take the register's value." in text
    before = _spells(person)
    for key in (SPELL, "plan"):
        response = http.post(
            reverse("extracts:accept", args=[person.pk]),
            {"key": key, "seen": _seen(manager, person, key)},
        )
        assert response.status_code == 403
    assert _spells(person) == before
    assert not Plan.objects.filter(client=person).exclude(official_reference="").exists()
    response = _post(
        http,
        "extracts:note",
        person,
        "plan",
        _seen(manager, person, "plan"),
        note="Valmentaja tarkistaa.",
    )
    assert Resolution.objects.get().action == "noted"


def test_a_blank_note_is_refused_next_to_its_row_and_a_long_one_keeps_its_text(
    login, coach, employed_after_the_extract
):
    person = employed_after_the_extract
    http = login(coach)
    seen = _seen(coach, person, "plan")
    response = http.post(
        reverse("extracts:note", args=[person.pk]),
        {"key": "plan", "seen": seen, "note": "   ", "coach": "all"},
        **EN,
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Write why the register&#x27;s value is not taken." in text
    assert "This field is required" not in text
    assert f'id="d-{person.pk}-plan"' in text and f"#d-{person.pk}-plan" in text
    long_note = "Suunnitelma on tarkistettu. " * 40
    response = http.post(
        reverse("extracts:note", args=[person.pk]),
        {"key": "plan", "seen": seen, "note": long_note},
        **EN,
    )
    assert response.status_code == 422
    assert long_note.strip()[:200] in response.content.decode()
    assert not Resolution.objects.exists()


def test_the_list_does_the_same_number_of_queries_for_more_people(login, coach, area):
    codes = ["131052-308T", "010190-123M", "150575-298N", "010170-002K", "150585-123L"]

    def plans(count):
        import_rows(
            [
                [code, "suunnitelma", "", "", "", f"T-{n}", "1.3.2025"]
                for n, code in enumerate(codes[:count])
            ],
            area=area,
            name=f"{count}.csv",
        )

    http = login(coach)
    build_client(actor=coach, area=area, hetu=codes[0], coach=coach)
    plans(1)
    http.get(reverse("extracts:reconcile"))
    with CaptureQueriesContext(connection) as one:
        assert http.get(reverse("extracts:reconcile")).status_code == 200
    for code in codes[1:]:
        build_client(actor=coach, area=area, hetu=code, coach=coach)
    plans(5)
    with CaptureQueriesContext(connection) as five:
        text = http.get(reverse("extracts:reconcile")).content.decode()
    assert all(f"T-{n}" in text for n in range(5))
    assert len(five.captured_queries) == len(one.captured_queries)
