"""The pages of client work: who reaches them, what they show and how bad input is met."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from osmari.clients import coaching
from osmari.clients.models import ActivityKind, CoachingActivity
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(coach, area):
    coaching.kinds_ensure(area=area)
    return [
        build_client(actor=coach, area=area, coach=coach, hetu=numbered_hetu(n), last_name=name)
        for n, name in enumerate(["Aalto", "Berg"])
    ]


def kind(area, code):
    return ActivityKind.objects.get(area=area, code=code)


def recently() -> str:
    return (timezone.localdate() - timedelta(days=5)).isoformat()


def finnish(message: str) -> str:
    # The message as a Finnish user reads it (the msgid until the catalogue has it).
    with translation.override("fi"):
        return translation.gettext(message)


def test_a_coach_records_an_activity_from_the_client_page(login, coach, own, area):
    http = login(coach)
    page = http.get(reverse("clients:detail", args=[own[0].pk])).content.decode()
    assert reverse("clients:activity_add", args=[own[0].pk]) in page
    form = http.get(reverse("clients:activity_add", args=[own[0].pk]))
    assert form.status_code == 200
    today = timezone.localdate()
    response = http.post(
        reverse("clients:activity_add", args=[own[0].pk]),
        {
            "kind": kind(area, "job_search").pk,
            "occurred_on": today.isoformat(),
            "minutes": "45",
            "note": "Hakemukset",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#coaching")
    page = http.get(response["Location"]).content.decode()
    assert "Hakemukset" in page
    assert "0.8" in page or "0,8" in page


def test_bad_input_is_explained_and_what_was_typed_is_kept(login, coach, own, area):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = login(coach).post(
        reverse("clients:activity_add", args=[own[0].pk]),
        {
            "kind": kind(area, "individual").pk,
            "occurred_on": future,
            "minutes": "60",
            "note": "Tavoitteet",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert finnish("The date cannot be in the future: record an activity after it.") in body
    assert future in body and "Tavoitteet" in body
    assert not CoachingActivity.objects.exists()

    response = login(coach).post(
        reverse("clients:activity_add", args=[own[0].pk]),
        {"kind": kind(area, "individual").pk, "occurred_on": recently(), "minutes": "600"},
    )
    assert response.status_code == 422
    assert finnish("One activity lasts at most 480 minutes (8 hours).") in response.content.decode()
    assert 'value="600"' in response.content.decode()


def test_the_activity_form_is_the_coachs_and_no_one_elses(login, own, manager, coach_other_area):
    url = reverse("clients:activity_add", args=[own[0].pk])
    assert login(manager).get(url).status_code == 403
    assert login(coach_other_area).get(url).status_code == 404
    assert login(None).get(url).status_code == 302


def test_a_group_session_is_recorded_with_attendance(login, coach, own, area):
    http = login(coach)
    page = http.get(reverse("clients:group_session"))
    assert page.status_code == 200
    assert "Aalto" in page.content.decode()
    response = http.post(
        reverse("clients:group_session"),
        {
            "kind": kind(area, "group").pk,
            "occurred_on": recently(),
            "minutes": "90",
            "note": "CV-paja",
            f"p_{own[0].pk}": "present",
            f"p_{own[1].pk}": "absent",
        },
    )
    assert response.status_code == 302
    listing = http.get(response["Location"]).content.decode()
    assert "CV-paja" in listing and "Aalto" in listing
    assert AuditEvent.objects.filter(action="coaching.record").count() == 2


def test_a_group_without_participants_is_refused_with_the_form_kept(login, coach, own, area):
    response = login(coach).post(
        reverse("clients:group_session"),
        {
            "kind": kind(area, "group").pk,
            "occurred_on": recently(),
            "minutes": "90",
            "note": "Paja",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert finnish("Pick at least one participant.") in body
    assert "Paja" in body and 'value="90"' in body


def test_the_activity_list_shows_a_month_and_audits_the_people_in_it(login, coach, own, area):
    coaching.activity_record(
        actor=coach,
        client=own[0],
        kind=kind(area, "individual"),
        occurred_on=timezone.localdate(),
        minutes=30,
        today=timezone.localdate(),
    )
    response = login(coach).get(reverse("clients:activities"))
    assert response.status_code == 200
    assert "Aalto" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="client.view_list", person_ref=own[0].person_ref
    ).exists()
    # A month that is not a month shows this one.
    assert login(coach).get(reverse("clients:activities") + "?month=kuu").status_code == 200


def test_the_manager_sees_the_areas_hours_and_a_colleague_only_their_own(
    login, coach, manager, own, area
):
    from osmari.accounts.models import Role
    from osmari.accounts.tests.builders import make_person

    coaching.activity_record(
        actor=coach,
        client=own[0],
        kind=kind(area, "individual"),
        occurred_on=date(2026, 11, 2),
        minutes=90,
        today=date(2026, 11, 27),
    )
    url = reverse("clients:service_hours") + "?year=2026"
    area_page = login(manager).get(url)
    assert area_page.status_code == 200
    row = f'<th scope="row">{coach}</th>'
    assert row in area_page.content.decode()
    colleague = make_person("colleague@test.osmari.fi", Role.COACH, area)
    assert row not in login(colleague).get(url).content.decode()
    # Nor are the coach's activities in the colleague's list.
    listing = login(colleague).get(reverse("clients:activities") + "?month=2026-11")
    assert "Aalto" not in listing.content.decode()


def test_the_manager_adds_and_retires_kinds(login, manager, coach, area):
    http = login(manager)
    assert http.get(reverse("clients:activity_kinds")).status_code == 200
    response = http.post(
        reverse("clients:activity_kinds"), {"name_fi": "Digituki", "name_sv": "Digistöd"}
    )
    assert response.status_code == 302
    added = ActivityKind.objects.get(area=area, name_fi="Digituki")
    http.post(reverse("clients:activity_kind_retire"), {"kind": added.pk, "retired": "1"})
    added.refresh_from_db()
    assert added.retired_on is not None
    http.post(reverse("clients:activity_kind_retire"), {"kind": added.pk, "retired": "0"})
    added.refresh_from_db()
    assert added.retired_on is None
    # An empty name is explained, and the page keeps what was typed.
    refused = http.post(reverse("clients:activity_kinds"), {"name_fi": "", "name_sv": "Något"})
    assert refused.status_code == 422 and "Något" in refused.content.decode()
    assert login(coach).get(reverse("clients:activity_kinds")).status_code == 403


def test_a_manager_cannot_retire_another_areas_kind(login, manager, other_area):
    coaching.kinds_ensure(area=other_area)
    theirs = ActivityKind.objects.filter(area=other_area).first()
    response = login(manager).post(reverse("clients:activity_kind_retire"), {"kind": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.retired_on is None


def test_client_work_is_in_the_navigation_of_coaches_and_the_manager(
    login, coach, manager, analyst
):
    url = reverse("clients:activities")
    for user in (coach, manager):
        assert f'href="{url}"' in login(user).get(reverse("accounts:home")).content.decode()
    assert f'href="{url}"' not in login(analyst).get(reverse("accounts:home")).content.decode()
