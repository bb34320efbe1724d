"""Settling the differences with the register: who sees them, taking the register's value,
noting why not."""

from datetime import date

import pytest
from django.urls import reverse

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients.models import Plan
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.core.models import AuditEvent
from osmari.employers.tests.builders import make_position
from osmari.extracts import selectors
from osmari.extracts.models import Resolution
from osmari.extracts.tests.builders import import_rows
from osmari.placements.services import placement_create
from osmari.placements.tests.builders import trial

pytestmark = pytest.mark.django_db

HETU = "131052-308T"
COLLEAGUES = "010190-123M"
FOREIGN = "150575-298N"


@pytest.fixture
def person(coach, area):
    client = build_client(actor=coach, area=area, hetu=HETU, coach=coach, first_name="Riikka")
    unemployed_since(actor=coach, client=client, start=date(2025, 2, 1))
    import_rows(
        [
            [HETU, "tyonhakija", "01", "1.3.2025", "", "", ""],
            [HETU, "suunnitelma", "", "", "", "TYS-1", "15.3.2025"],
        ],
        area=area,
    )
    return client


def _page(http, **params):
    return http.get(reverse("extracts:reconcile"), params)


def _seen(user, person, key) -> str:
    """What the page shows the user of this difference, as its forms post it."""
    item = selectors.client_differences_for_user(user=user, pk=person.pk)
    difference = selectors.difference_in(item, key)
    return item.seen(difference) if difference else ""


def _post(http, user, name, person, key, **data):
    data = {"key": key, "seen": _seen(user, person, key), **data}
    return http.post(reverse(name, args=[person.pk]), data)


def test_the_coach_sees_each_difference_with_both_values(login, coach, person):
    response = _page(login(coach))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Riikka" in text and "TYS-1" in text
    assert AuditEvent.objects.filter(
        action="client.view_reconcile", person_ref=person.person_ref, actor=coach
    ).exists()


def test_taking_the_registers_spells_replaces_the_typed_ones(login, coach, person):
    response = _post(login(coach), coach, "extracts:accept", person, "spell:2025-03-01:unemployed")
    assert response.status_code == 302
    assert [(s.start_on, s.source) for s in person.spells.all()] == [(date(2025, 3, 1), "extract")]
    person.refresh_from_db()
    assert person.unemployed_since == date(2025, 3, 1)
    assert Resolution.objects.get(client=person).action == "accepted"
    assert AuditEvent.objects.filter(action="extract.accept", person_ref=person.person_ref).exists()
    assert AuditEvent.objects.filter(
        action="client.spells_from_extract", person_ref=person.person_ref, actor=coach
    ).exists()
    assert "spell:" not in _page(login(coach)).content.decode()


def test_taking_the_registers_plan_reference(login, coach, person):
    _post(login(coach), coach, "extracts:accept", person, "plan")
    plan = Plan.objects.get(client=person, kind="employment")
    assert (plan.official_reference, plan.official_on) == ("TYS-1", date(2025, 3, 15))
    assert AuditEvent.objects.filter(action="plan.reference", actor=coach).exists()


def test_a_note_resolves_the_difference_until_the_register_changes(login, coach, person, area):
    http = login(coach)
    refused = _post(http, coach, "extracts:note", person, "plan", note=" ")
    assert refused.status_code == 422 and not Resolution.objects.exists()
    _post(
        http, coach, "extracts:note", person, "plan", note="Suunnitelma päivitetään tapaamisessa."
    )
    resolution = Resolution.objects.get()
    assert (resolution.action, resolution.resolved_by) == ("noted", coach)
    event = AuditEvent.objects.get(action="extract.note")
    # The note is about the person: the log says it changed, never what it says.
    assert "päivitetään" not in str(event.changes)
    assert "TYS-1" not in _page(http).content.decode()
    import_rows(
        [[HETU, "suunnitelma", "", "", "", "TYS-2", "1.10.2026"]],
        area=area,
        extracted_on=date(2026, 11, 20),
    )
    assert "TYS-2" in _page(http).content.decode()


def test_a_period_reference_is_taken_and_its_dates_are_only_linked(
    login, coach, person, area, organisation
):
    position = make_position(organisation, coach)
    placement = placement_create(
        actor=coach,
        client=person,
        position=position,
        fields=trial(date(2026, 9, 1), date(2026, 10, 30)),
        confirm_without_agreement=True,
    )
    import_rows(
        [[HETU, "palvelu", "tyokokeilu", "1.9.2026", "31.10.2026", "TK-9", "20.8.2026"]],
        area=area,
        extracted_on=date(2026, 11, 2),
    )
    http = login(coach)
    text = _page(http).content.decode()
    assert "TK-9" in text and reverse("placements:detail", args=[placement.pk]) in text
    _post(http, coach, "extracts:accept", person, f"period:{placement.pk}:dates")
    placement.refresh_from_db()
    assert placement.end_on == date(2026, 10, 30)
    _post(http, coach, "extracts:accept", person, f"period:{placement.pk}:reference")
    placement.refresh_from_db()
    assert (placement.official_reference, placement.official_on) == ("TK-9", date(2026, 8, 20))


def test_a_coach_outside_the_caseload_or_area_sees_nothing_and_cannot_post(
    login, person, area, other_area, coach_other_area, manager
):
    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    for outsider in (colleague, coach_other_area):
        http = login(outsider)
        assert "Riikka" not in _page(http).content.decode()
        for name, data in (
            ("extracts:accept", {"key": "plan"}),
            ("extracts:note", {"key": "plan", "note": "x"}),
        ):
            assert http.post(reverse(name, args=[person.pk]), data).status_code == 404
    assert not Resolution.objects.exists()
    # The manager sees the whole area, coach by coach.
    assert "Riikka" in _page(login(manager), coach="all").content.decode()


def test_a_difference_no_longer_open_is_said_so(login, coach, person):
    response = login(coach).post(
        reverse("extracts:accept", args=[person.pk]), {"key": "plan-nothing"}, follow=True
    )
    assert response.status_code == 200
    assert not Resolution.objects.exists()
