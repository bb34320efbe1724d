"""The export's layout: pure, without a database."""

from __future__ import annotations

import pytest

from osmari.privacy import layout
from osmari.privacy.layout import Event, Processing, Record, Section


def _event(day: str = "1.12.2026", what: str = "Viewed", role: str = "Coach", **extra) -> Event:
    values = {
        "at": "2026-12-01T10:00:00+02:00",
        "day": day,
        "time": "10.00",
        "kind": "read",
        "action": "client.view",
        "what": what,
        "purpose": "",
        "role": role,
        "organisation": "Area",
    }
    values.update(extra)
    return Event(**values)


def _section(fields: int, records: int = 2, **extra) -> Section:
    names = {f"f{n}": f"Field {n}" for n in range(fields)}
    return Section(
        key="things",
        model="app.Thing",
        title="Things",
        fields=names,
        records=tuple(
            Record(id=r, values={}, texts={name: f"{name}={r}" for name in names})
            for r in range(records)
        ),
        **extra,
    )


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("clients.Client", "person"),
        ("screening.Decision", "decisions"),
        ("feedback.Answer", "feedback_answers"),
        ("someapp.NewRecord", "someapp_newrecord"),
    ],
)
def test_a_section_has_a_stable_key_also_for_a_model_declared_later(label, key):
    assert layout.section_key(label) == key


def test_sections_come_in_reading_order_and_new_ones_after_the_named():
    given = ["zz.Later", "feedback.Answer", "clients.Client", "aa.Other", "clients.Consent"]
    assert layout.section_order(given) == [
        "clients.Client",
        "clients.Consent",
        "feedback.Answer",
        "zz.Later",
        "aa.Other",
    ]


@pytest.mark.parametrize(
    ("action", "recipient", "kind"),
    [
        ("client.view", "", layout.READ),
        ("client.view_list", "", layout.READ),
        ("feedback.email", "contact:3", layout.DISCLOSURE),
        ("person.export", "user:7", layout.DISCLOSURE),
        ("client.update", "", layout.CHANGE),
    ],
)
def test_an_event_is_a_read_a_disclosure_or_a_change(action, recipient, kind):
    assert layout.event_kind(action, recipient) == kind


def test_events_alike_on_one_day_are_one_row_with_their_count():
    events = [
        _event(),
        _event(),
        _event(role="Manager"),
        _event(),
        _event(day="2.12.2026"),
        _event(what="Exported", recipient="You"),
    ]
    rows = layout.access_rows(events)
    assert [(r.day, r.role, r.what, r.count) for r in rows] == [
        ("1.12.2026", "Coach", "Viewed", 3),
        ("1.12.2026", "Manager", "Viewed", 1),
        ("2.12.2026", "Coach", "Viewed", 1),
        ("1.12.2026", "Coach", "Exported", 1),
    ]


def test_a_narrow_section_is_one_table_and_a_wide_one_a_card_per_record():
    narrow = layout.page_section(_section(layout.COLUMNS_AT_MOST))
    assert narrow.header == ("Field 0", "Field 1", "Field 2", "Field 3")
    assert narrow.grid[1] == ("f0=1", "f1=1", "f2=1", "f3=1")
    assert narrow.cards == ()
    wide = layout.page_section(_section(layout.COLUMNS_AT_MOST + 1))
    assert wide.grid == ()
    assert wide.cards[0].caption == "Things 1/2"
    assert wide.cards[0].rows[4] == ("Field 4", "f4=0")


def test_the_page_leaves_out_the_field_that_points_back_at_the_person():
    page = layout.page_section(_section(3, about_the_person=frozenset({"f0"})))
    assert page.header == ("Field 1", "Field 2")


def test_an_empty_section_says_nothing_of_its_processing():
    processing = (Processing(("f0",), "Identity", "Service", "Public task", ("Staff",), "5 y"),)
    assert layout.page_section(_section(1, records=0, processing=processing)).is_empty
    assert layout.page_section(_section(1, records=0, processing=processing)).processing == ()
    assert layout.page_section(_section(1, processing=processing)).processing == processing


def test_groups_processed_alike_but_for_their_category_are_said_once():
    identity = Processing(("a",), "Identity", "Service", "Public task", ("Staff",), "5 y")
    contact = Processing(("b",), "Contact", "Service", "Public task", ("Staff",), "5 y")
    health = Processing(("c",), "Health", "Service", "Art. 9", ("Staff",), "5 y")
    merged = layout.page_processing([identity, contact, health])
    assert [(p.category, p.fields) for p in merged] == [
        ("Identity, Contact", ("a", "b")),
        ("Health", ("c",)),
    ]


def test_the_document_has_its_schema_and_every_part_under_english_keys():
    document = layout.document(
        generated_at="2026-12-15T10:00:00+02:00",
        language="sv",
        person_ref="client:1",
        controller="Area",
        about="…",
        sections=[_section(1, records=1)],
        events=[_event()],
        rectifications=[],
    )
    assert list(document) == [
        "schema",
        "generated_at",
        "language",
        "person_ref",
        "controller",
        "about",
        "sections",
        "access_log",
        "rectifications",
    ]
    assert document["schema"] == layout.SCHEMA
    assert document["sections"]["things"]["records"][0]["texts"] == {"f0": "f0=0"}
    assert document["access_log"][0]["role"] == "Coach"
