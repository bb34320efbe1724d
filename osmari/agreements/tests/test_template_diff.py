"""The section-by-section difference between two template versions (no database)."""

from osmari.agreements.template_diff import compare


def section(key: str, title: str, guidance: str = "Ohje") -> dict[str, str]:
    return {
        "key": key,
        "title_fi": title,
        "title_sv": title,
        "title_en": title,
        "guidance_fi": guidance,
        "guidance_sv": guidance,
        "guidance_en": guidance,
        "guidance_plain_fi": "",
    }


def test_same_sections_make_no_difference():
    sections = [section("parties", "Sopijapuolet"), section("tasks", "Tehtävät")]
    assert compare(sections, list(sections)).is_empty


def test_added_removed_and_changed_sections_are_told_apart():
    before = [
        section("parties", "Sopijapuolet"),
        section("tasks", "Tehtävät"),
        section("old", "Vanha"),
    ]
    after = [
        section("parties", "Sopijapuolet"),
        section("tasks", "Tehtävät", guidance="Uusi ohje"),
        section("review", "Arviointi"),
    ]
    diff = compare(before, after)
    assert [s.key for s in diff.added] == ["review"]
    assert [s.key for s in diff.removed] == ["old"]
    assert [s.key for s in diff.changed] == ["tasks"]
    changed = diff.changed[0]
    assert {c.field for c in changed.changes} == {"guidance_fi", "guidance_sv", "guidance_en"}
    assert changed.changes[0].before == "Ohje" and changed.changes[0].after == "Uusi ohje"


def test_a_section_pushed_down_by_a_new_one_has_not_moved_but_a_swapped_one_has():
    before = [section("a", "A"), section("b", "B"), section("c", "C")]
    inserted = [section("new", "Uusi"), *before]
    assert compare(before, inserted).moved == []
    swapped = [section("b", "B"), section("a", "A"), section("c", "C")]
    assert {s.key for s in compare(before, swapped).moved} == {"a", "b"}
    assert compare(before, swapped).changed == []
