from datetime import date

import pytest
from django.urls import reverse

from osmari.clients.models import Enrolment
from osmari.clients.tests.builders import build_client, numbered_hetu, unemployed_since
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_record(coach, area):
    record = build_client(actor=coach, area=area, coach=coach)
    unemployed_since(actor=coach, client=record, start=date(2025, 1, 1))
    return record


def _create(http, **overrides):
    data = {
        "personal_identity_code": "131052-308T",
        "first_name": "Aino",
        "last_name": "Esimerkki",
        "gender": "female",
        "preferred_language": "fi",
        "postcode": "50100",
        "registered_jobseeker": "on",
    }
    data.update(overrides)
    return http.post(reverse("clients:create"), data)


def test_a_coach_creates_a_client_and_the_postcode_fills_the_municipality(login, coach):
    response = _create(login(coach))
    assert response.status_code == 302
    detail = login(coach).get(response["Location"])
    assert "Mikkeli" in detail.content.decode()


def test_a_bad_identity_code_is_explained_and_nothing_is_saved(login, coach):
    response = _create(login(coach), personal_identity_code="131052-308U")
    assert response.status_code == 422
    assert "tarkistusmerkki" in response.content.decode()
    assert not AuditEvent.objects.filter(action="client.create").exists()


def test_a_duplicate_points_to_the_existing_record(login, coach, client_record):
    response = _create(login(coach))
    assert response.status_code == 422
    assert reverse("clients:detail", args=[client_record.pk]) in response.content.decode()
    # Naming the person found by their identity code is a read of them.
    assert AuditEvent.objects.filter(
        action="client.view_lookup", person_ref=client_record.person_ref
    ).exists()


def test_a_duplicate_outside_the_caseload_says_only_that_it_cannot_be_created(
    login, coach, area, client_record
):
    from osmari.accounts.models import Role
    from osmari.accounts.tests.builders import make_person

    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    response = _create(
        login(colleague),
        personal_identity_code=client_record.personal_identity_code,
        first_name="Uusi",
        last_name="Tulija",
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Tällä henkilötunnuksella ei voi luoda asiakasta." in page
    # Nothing tells whether, or as whom, the person is a client.
    assert client_record.last_name not in page
    assert reverse("clients:detail", args=[client_record.pk]) not in page
    assert "jo rekisteröity" not in page


def test_viewing_a_client_record_is_audited(login, coach, client_record):
    response = login(coach).get(reverse("clients:detail", args=[client_record.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="client.view")
    assert (event.actor, event.person_ref) == (coach, f"client:{client_record.pk}")


def test_the_record_page_shows_unemployment_computed_from_the_spells(login, coach, client_record):
    text = (
        login(coach)
        .get(reverse("clients:detail", args=[client_record.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Long-term unemployed" in text


def test_sensitive_data_is_not_on_the_record_page_and_its_viewing_is_audited(
    login, coach, manager, client_record
):
    from osmari.clients.services import sensitive_update

    sensitive_update(
        actor=coach,
        client=client_record,
        reduced_work_ability=True,
        reduced_work_ability_notes="selkävaiva",
        integration_plan=False,
    )
    page = login(coach).get(reverse("clients:detail", args=[client_record.pk])).content.decode()
    assert "selkävaiva" not in page
    shown = login(coach).get(
        reverse("clients:sensitive", args=[client_record.pk]), HTTP_HX_REQUEST="true"
    )
    assert "selkävaiva" in shown.content.decode()
    assert AuditEvent.objects.filter(action="client.view_sensitive", actor=coach).exists()
    assert (
        login(manager).get(reverse("clients:sensitive", args=[client_record.pk])).status_code == 403
    )


def test_a_manager_reads_the_record_but_cannot_change_it(login, manager, client_record):
    http = login(manager)
    assert http.get(reverse("clients:detail", args=[client_record.pk])).status_code == 200
    assert http.get(reverse("clients:edit", args=[client_record.pk])).status_code == 403


def test_an_area_can_keep_coaches_to_their_own_caseload(login, coach, area, client_record):
    from osmari.accounts.models import Role
    from osmari.accounts.tests.builders import make_person

    colleague = make_person("colleague@test.osmari.fi", Role.COACH, area)
    http = login(colleague)
    assert http.get(reverse("clients:detail", args=[client_record.pk])).status_code == 200
    area.coaches_see_own_caseload_only = True
    area.save()
    colleague = type(colleague).objects.get(pk=colleague.pk)
    http = login(colleague)
    assert http.get(reverse("clients:detail", args=[client_record.pk])).status_code == 404
    link = reverse("clients:detail", args=[client_record.pk])
    assert link not in http.get(reverse("clients:list")).content.decode()


def test_a_coach_of_another_area_cannot_find_the_client(login, coach_other_area, client_record):
    http = login(coach_other_area)
    assert http.get(reverse("clients:detail", args=[client_record.pk])).status_code == 404
    link = reverse("clients:detail", args=[client_record.pk])
    assert link not in http.get(reverse("clients:list"), {"q": "Esimerkki"}).content.decode()


def test_adding_a_spell_with_htmx_returns_the_section(login, coach, client_record):
    response = login(coach).post(
        reverse("clients:spell_add", args=[client_record.pk]),
        {"status": "work_trial", "start_on": "2026-10-01", "end_on": "2026-11-30"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="spells"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert client_record.spells.count() == 2


def test_a_spell_ending_before_it_starts_gets_422_and_keeps_the_history(
    login, coach, client_record
):
    response = login(coach).post(
        reverse("clients:spell_add", args=[client_record.pk]),
        {"status": "employed", "start_on": "2026-10-01", "end_on": "2026-09-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert client_record.spells.count() == 1


def test_consent_is_given_and_withdrawn_from_the_page(login, coach, client_record):
    http = login(coach)
    http.post(
        reverse("clients:consent_give", args=[client_record.pk]), {"purpose": "share_profile"}
    )
    consent = client_record.consents.get()
    http.post(reverse("clients:consent_withdraw", args=[client_record.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_client_list_query_count_is_bounded(login, coach, area, django_assert_max_num_queries):
    for n in range(30):
        build_client(actor=coach, area=area, hetu=numbered_hetu(n), coach=coach)
    http = login(coach)
    # The page's reads, the filter's choices of coach and municipality (two), and one
    # insert for the audit of the 25 people shown: none of it grows with the list.
    with django_assert_max_num_queries(11):
        assert http.get(reverse("clients:list")).status_code == 200
    assert AuditEvent.objects.filter(action="client.view_list").count() == 25


def test_languages_are_entered_as_codes_and_levels(login, coach, client_record):
    url = reverse("clients:edit", args=[client_record.pk])
    data = {
        "first_name": "Aino",
        "last_name": "Esimerkki",
        "gender": "female",
        "preferred_language": "fi",
        "postcode": "50100",
        "registered_jobseeker": "on",
        "languages": "fi äidinkieli, en working",
    }
    assert login(coach).post(url, data).status_code == 302
    assert sorted(client_record.languages.values_list("code", "level")) == [
        ("en", "working"),
        ("fi", "native"),
    ]
    response = login(coach).post(url, {**data, "languages": "english perfectly"})
    assert response.status_code == 422
    assert client_record.languages.count() == 2


def test_the_eura_list_shows_who_still_must_enter_data(
    login, coach, area, django_assert_max_num_queries
):
    from osmari.clients.services import enrolment_save

    for n in range(12):
        record = build_client(actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Eura{n}")
        enrolment_save(
            actor=coach,
            client=record,
            entered_on=date(2026, 1, 1),
            status_at_entry="unemployed",
            eura_entry="yes" if n % 2 else "no",
        )
    http = login(coach)
    with django_assert_max_num_queries(9):
        text = http.get(reverse("clients:eura_pending")).content.decode()
    assert "Eura0" in text and "Eura1<" not in text


def test_an_enrolment_exit_before_entry_is_shown_on_the_form(login, coach, client_record):
    response = login(coach).post(
        reverse("clients:enrolment", args=[client_record.pk]),
        {
            "entered_on": "2026-03-01",
            "status_at_entry": "unemployed",
            "left_on": "2026-02-01",
            "situation_on_leaving": "employed",
            "eura_entry": "no",
            "qualification_gained": "unknown",
            "eura_exit": "no",
            "employed_after_6_months": "unknown",
            "improved_after_6_months": "unknown",
        },
    )
    assert response.status_code == 422
    assert "Päättymispäivä ei voi olla ennen aloituspäivää." in response.content.decode()
    assert not Enrolment.objects.filter(client=client_record).exists()
