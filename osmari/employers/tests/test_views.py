import pytest
from django.urls import reverse

from osmari.core.models import AuditEvent
from osmari.employers.models import Organisation
from osmari.employers.services import activity_add

pytestmark = pytest.mark.django_db


def test_a_coach_registers_an_organisation_and_a_bad_check_digit_is_explained(login, coach, area):
    http = login(coach)
    data = {
        "name": "Kanto Rakennus Oy",
        "business_id": "2077474-1",
        "kind": "company",
        "municipality": area.municipalities.get(code="491").pk,
    }
    response = http.post(reverse("employers:create"), data)
    assert response.status_code == 422
    assert "tarkistusnumero" in response.content.decode()
    assert not Organisation.objects.filter(name="Kanto Rakennus Oy").exists()
    response = http.post(reverse("employers:create"), {**data, "business_id": "2077474-0"})
    assert response.status_code == 302


def test_an_organisation_contact_sees_and_edits_their_own_without_pipeline_notes(
    login, coach, org_contact, organisation, other_organisation
):
    from datetime import date

    activity_add(
        actor=coach,
        organisation=organisation,
        kind="call",
        occurred_on=date(2026, 11, 1),
        notes="Sisäinen muistiinpano",
    )
    http = login(org_contact)
    page = http.get(reverse("employers:detail", args=[organisation.pk])).content.decode()
    assert organisation.name in page
    assert "Sisäinen muistiinpano" not in page
    assert http.get(reverse("employers:detail", args=[other_organisation.pk])).status_code == 404
    assert http.get(reverse("employers:list")).status_code == 403
    response = http.post(
        reverse("employers:edit", args=[organisation.pk]),
        {
            "name": "Saimaan Puutyö Oy",
            "kind": "company",
            "municipality": organisation.municipality_id,
            "street_address": "Satamakatu 1",
            "postal_code": "50100",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.street_address == "Satamakatu 1"
    assert AuditEvent.objects.filter(action="organisation.update", actor=org_contact).exists()


def test_pipeline_changes_come_back_as_the_section_for_htmx(login, coach, organisation):
    response = login(coach).post(
        reverse("employers:stage_change", args=[organisation.pk]),
        {"to_stage": "contacted", "reason": "soitettu"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="pipeline"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.stage == "contacted"


def test_a_refused_move_gets_422_and_the_stage_stays(login, coach, organisation):
    response = login(coach).post(
        reverse("employers:stage_change", args=[organisation.pk]),
        {"to_stage": "active_partner"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    organisation.refresh_from_db()
    assert organisation.stage == "prospect"


def test_organisation_list_query_count_is_bounded(
    login, coach, area, django_assert_max_num_queries
):
    import random

    from osmari.demo.synthetic import business_id

    rng = random.Random(1)
    from osmari.employers.models import Organisation

    Organisation.objects.bulk_create(
        [
            Organisation(
                area=area,
                name=f"Yritys {n}",
                business_id=business_id(rng),
                municipality=area.municipalities.first(),
            )
            for n in range(40)
        ]
    )
    http = login(coach)
    with django_assert_max_num_queries(8):
        assert http.get(reverse("employers:list")).status_code == 200
