"""Distance travelled by group, on a hand-built programme: every count worked out by hand.

Municipality A: six people with two assessments (skills +1, +1, +1, 0, 0, -1) and one with a
single assessment (not counted). Municipality B: two with two assessments (skills +2, +2).
One more participant has no assessment at all. Motivation never changes; work ability rises
for everyone, and is never shown for groups.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from osmari.clients.models import Client, Enrolment
from osmari.employers.tests.builders import make_position
from osmari.placements.tests.builders import period_record
from osmari.reporting.tests.builders import make_programme
from osmari.screening.models import NeedsAssessment

pytestmark = pytest.mark.django_db

OTHERS = ("experience", "life_management", "social_support", "practical")


def person(area, n, municipality, coach, *, skills=None, single=False):
    client = Client.objects.create(
        area=area,
        personal_identity_code=f"TEST-D{n}",
        first_name=f"Henkilö{n}",
        last_name="Testi",
        birth_date=date(1980, 1, 1),
        gender="female",
        municipality=municipality,
        coach=coach,
    )
    Enrolment.objects.create(
        client=client, entered_on=date(2025, 9, 1), status_at_entry="unemployed"
    )
    scores = [] if skills is None else [(date(2025, 10, 1), 3)]
    if skills is not None and not single:
        scores.append((date(2026, 3, 1), 3 + skills))
    for on, value in scores:
        NeedsAssessment.objects.create(
            client=client,
            assessed_on=on,
            assessor=coach,
            work_ability=2 if on.year == 2025 else 4,
            skills=value,
            motivation=3,
            **dict.fromkeys(OTHERS, 3),
        )
    return client


@pytest.fixture
def programme(area, coach, organisation):
    a, b = area.municipalities.order_by("code")[:2]
    people = [
        person(area, n, a, coach, skills=change)
        for n, change in enumerate([1, 1, 1, 0, 0, -1], start=1)
    ]
    person(area, 7, a, coach, skills=0, single=True)
    person(area, 8, b, coach, skills=2)
    person(area, 9, b, coach, skills=2)
    person(area, 10, b, coach)
    # The first of A had a work trial; a cancelled one does not make an instrument.
    position = make_position(organisation, coach)
    period_record(people[0], position, date(2025, 11, 1), date(2025, 12, 31))
    period_record(people[1], position, date(2026, 1, 1), date(2026, 2, 28), status="cancelled")
    programme = make_programme(area)
    programme.names = (str(a), str(b))
    return programme


def page(http, programme, **params):
    return http.get(
        reverse("reporting:distance", args=[programme.pk]), params, HTTP_ACCEPT_LANGUAGE="en"
    )


def table(text, group):
    """The rows of one group's table: {domain: (worse, same, better, median)}."""
    caption = f"Change per domain: {group}</caption>"
    part = text.split(caption, 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", part, re.S)[1:]:
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = tuple(cells[1:])
    return rows


def test_the_manager_sees_every_group_with_its_counts(login, manager, programme):
    a, b = programme.names
    response = page(login(manager), programme)
    text = response.content.decode()
    assert response.status_code == 200
    assert "8 participants of 10 have two or more needs assessments and are counted." in text
    assert "1 has only one and is not counted." in text
    # Skills overall: -1, 0, 0, +1, +1, +1, +2, +2: median (+1 + +1) / 2.
    assert table(text, "All")["Skills and education"] == ("1", "2", "5", "+1")
    assert table(text, "All")["Motivation and goals"] == ("0", "8", "0", "0")
    assert table(text, a)["Skills and education"] == ("1", "2", "3", "+0.5")
    assert table(text, b)["Skills and education"] == ("0", "0", "2", "+2")
    assert "6 people counted; 1 with one assessment only" in text
    # Health data: in no group's table, for any role.
    assert all("Work ability and health" not in table(text, g) for g in ("All", a, b))
    assert "Work ability and health is health data: it is not shown for groups." in text


def test_the_analyst_sees_no_small_group_nor_one_worked_out_from_the_total(
    login, analyst, programme
):
    a, b = programme.names
    text = page(login(analyst), programme).content.decode()
    assert "8 participants of 10" in text
    # B has two: hidden, and A with it, or B would be the total less A.
    assert f"Change per domain: {a}" not in text
    assert f"Change per domain: {b}" not in text
    assert text.count("Too few people to show.") == 2
    # Within the whole, 1 worse and 2 unchanged are too few, and so the 5 better go too; the
    # median of a row with a hidden count goes with them.
    assert table(text, "All")["Skills and education"] == ("–", "–", "–", "–")
    assert table(text, "All")["Motivation and goals"] == ("0", "8", "0", "0")
    assert "are hidden (–) so that no one can be recognised" in text


def test_groups_by_instrument_and_by_entry_quarter(login, manager, programme):
    http = login(manager)
    text = page(http, programme, by="instrument").content.decode()
    assert table(text, "Work trial")["Skills and education"] == ("0", "0", "1", "+1")
    assert table(text, "Neither")["Skills and education"] == ("1", "2", "4", "+1")
    text = page(http, programme, by="cohort", group="2025-Q3").content.decode()
    assert table(text, "2025, quarter 3")["Skills and education"] == ("1", "2", "5", "+1")
    assert "distance.svg?by=cohort&amp;group=2025-Q3" in text


def test_a_wrong_grouping_says_so_and_shows_the_default(login, manager, programme):
    a, _b = programme.names
    response = page(login(manager), programme, by="gender")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Select a valid choice." in text
    assert f"Change per domain: {a}" in text


def test_the_chart_draws_the_chosen_group(login, manager, programme):
    response = login(manager).get(
        reverse("reporting:distance_chart", args=[programme.pk]),
        {"by": "instrument", "group": "work_trial"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "Work trial" in svg
    assert "Work ability" not in svg


def test_the_page_reads_in_a_fixed_number_of_queries(
    login, manager, programme, django_assert_max_num_queries
):
    http = login(manager)
    with django_assert_max_num_queries(14):
        assert page(http, programme, by="coach").status_code == 200


def test_a_count_hidden_in_one_group_cannot_be_found_from_the_others_and_the_whole():
    """A has 7 counted (1 worse, 3 same, 3 better), B 20 (6 worse, 7 same, 7 better). Across
    A's row alone, its cells would go; the whole shows 7 worse, so B's 6 must go as well, or
    A's 1 would be 7 - 6."""
    from osmari.reporting.distance_selectors import GROUP_DOMAINS, shown_groups
    from osmari.screening import distance

    def group(counted, worse, same, better):
        ways = {"worse": worse, "same": same, "better": better}
        domains = {
            stem: distance.DomainDistribution(stem, {}, ways, 0.0) for stem, _l in GROUP_DOMAINS
        }
        return distance.GroupDistance(counted, 0, domains)

    groups = {"a": group(7, 1, 3, 3), "b": group(20, 6, 7, 7)}
    rows = shown_groups(groups, {"a": "A", "b": "B"}, minimum=5, persons_allowed=False)
    a, b = ({(d.worse, d.same, d.better) for d in row.domains} for row in rows)
    assert a == {(None, None, None)}
    assert b == {(None, None, None)}
    assert all(d.median is None for row in rows for d in row.domains)
    # The manager sees them all.
    rows = shown_groups(groups, {"a": "A", "b": "B"}, minimum=5, persons_allowed=True)
    assert [(r.domains[0].worse, r.domains[0].same) for r in rows] == [(1, 3), (6, 7)]
