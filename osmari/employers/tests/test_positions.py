from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from osmari.core.models import AuditEvent
from osmari.employers import services
from osmari.employers.models import Position

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def _fields(organisation, **overrides):
    fields = {
        "kind": "work_trial",
        "title": "Varastotyöntekijä",
        "tasks": "Keräily ja pakkaus",
        "days_per_week": 4,
        "hours_per_day": 6,
        "capacity": 2,
        "municipality": organisation.municipality,
        "open_from": date(2026, 1, 1),
    }
    fields.update(overrides)
    return fields


def test_a_position_is_saved_with_its_demands_and_adjustments_and_audited(coach, organisation):
    position = services.position_save(
        actor=coach,
        organisation=organisation,
        today=TODAY,
        demands=["heavy_lifting", "standing"],
        adjustments=["part_time"],
        **_fields(organisation),
    )
    assert sorted(position.demands.values_list("code", flat=True)) == ["heavy_lifting", "standing"]
    assert list(position.adjustments.values_list("code", flat=True)) == ["part_time"]
    assert AuditEvent.objects.filter(action="position.create", area=organisation.area).exists()


def test_a_work_trial_cannot_require_competences(coach, organisation):
    with pytest.raises(ValidationError) as error:
        services.position_save(
            actor=coach,
            organisation=organisation,
            today=TODAY,
            **_fields(organisation, required_competences="Trukkikortti"),
        )
    assert "required_competences" in error.value.message_dict
    assert not Position.objects.exists()
    wage = services.position_save(
        actor=coach,
        organisation=organisation,
        today=TODAY,
        **_fields(organisation, kind="wage_subsidy", required_competences="Trukkikortti"),
    )
    assert wage.required_competences == "Trukkikortti"


@pytest.mark.parametrize(
    ("days", "hours", "field"), [(6, 6, "days_per_week"), (5, 3, "hours_per_day")]
)
def test_a_work_trial_keeps_to_the_days_and_hours_of_the_law(
    coach, organisation, days, hours, field
):
    with pytest.raises(ValidationError) as error:
        services.position_save(
            actor=coach,
            organisation=organisation,
            today=TODAY,
            **_fields(organisation, days_per_week=days, hours_per_day=hours),
        )
    assert field in error.value.message_dict
    assert "380/2023" in error.value.message_dict[field][0]


def test_the_instructor_must_work_for_the_organisation(coach, organisation, other_organisation):
    stranger = services.contact_add(
        actor=coach, organisation=other_organisation, name="Vieras", role="workplace_instructor"
    )
    with pytest.raises(ValidationError) as error:
        services.position_save(
            actor=coach,
            organisation=organisation,
            today=TODAY,
            **_fields(organisation, instructor=stranger),
        )
    assert "instructor" in error.value.message_dict


def test_an_organisation_contact_adds_a_position_through_the_form(login, org_contact, organisation):
    response = login(org_contact).post(
        reverse("employers:position_create", args=[organisation.pk]),
        {
            "kind": "work_trial",
            "title": "Keittiöapulainen",
            "occupation_label": "",
            "tasks": "Astianpesu",
            "language": "fi",
            "days_per_week": "3",
            "hours_per_day": "5",
            "capacity": "1",
            "municipality": organisation.municipality_id,
            "open_from": "2026-12-01",
            "demands": ["standing"],
            "adjustments": ["flexible_hours"],
        },
    )
    assert response.status_code == 302
    assert organisation.positions.get().title == "Keittiöapulainen"


def test_a_required_competence_on_a_work_trial_is_explained_on_the_form(login, coach, organisation):
    response = login(coach).post(
        reverse("employers:position_create", args=[organisation.pk]),
        {
            "kind": "work_trial",
            "title": "Kuski",
            "tasks": "Ajo",
            "language": "fi",
            "days_per_week": "5",
            "hours_per_day": "8",
            "capacity": "1",
            "municipality": organisation.municipality_id,
            "open_from": "2026-12-01",
            "required_competences": "C-kortti",
        },
    )
    assert response.status_code == 422
    assert "osaamisvaatimuksia" in response.content.decode()
    assert not organisation.positions.exists()


def test_pausing_a_position_toggles_and_is_audited(login, coach, organisation):
    position = services.position_save(
        actor=coach, organisation=organisation, today=TODAY, **_fields(organisation)
    )
    login(coach).post(reverse("employers:position_pause", args=[organisation.pk, position.pk]))
    position.refresh_from_db()
    assert position.is_paused
    assert AuditEvent.objects.filter(action="position.pause").exists()


def test_skills_that_help_are_named_in_esco_words(login, coach, organisation):
    data = {
        "kind": "work_trial",
        "title": "Myyjä",
        "tasks": "Asiakaspalvelu",
        "language": "fi",
        "days_per_week": "4",
        "hours_per_day": "6",
        "capacity": "1",
        "municipality": organisation.municipality_id,
        "open_from": "2026-12-01",
        "guidance": "close",
        "skill_labels": "asiakaspalvelu\nkassakoneen käyttö ihan omalla tavalla",
    }
    http = login(coach)
    url = reverse("employers:position_create", args=[organisation.pk])
    response = http.post(url, data)
    assert response.status_code == 422
    assert "Ei löydy ESCO:sta: kassakoneen käyttö ihan omalla tavalla." in response.content.decode()
    assert not organisation.positions.exists()
    response = http.post(url, {**data, "skill_labels": "asiakaspalvelu\ncustomer service\n"})
    assert response.status_code == 302
    position = organisation.positions.get()
    assert position.guidance == "close"
    assert [s.label_fi for s in position.skills.all()] == ["asiakaspalvelu"]
