"""The organisation token: its own organisation, places, agreements, people and profile,
and never another organisation's; places changed only with a token that may write, by the
page's rules, and logged with the token's name."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from osmari.agreements.tests.builders import make_active_agreement, make_sent_agreement
from osmari.clients.services import sensitive_update
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import AuditEvent, Skill
from osmari.employers.models import Position
from osmari.employers.services import sharing_consent_give
from osmari.employers.tests.builders import make_instructor, make_organisation, make_position
from osmari.matching.tests.builders import warehouse_occupation
from osmari.placements import services as placement_services
from osmari.placements.tests.builders import make_period
from osmari.reciprocity import levels

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)
V1 = "/api/v1"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def place(organisation, coach):
    make_active_agreement(organisation, coach)
    return make_position(organisation, coach, title="Varasto", demands=["standing"])


@pytest.fixture
def period(coach, area, place):
    """Testi Asiakas working at the organisation's place since 2.11.2026."""
    placement = make_period(
        coach, make_jobseeker(coach, area), place, date(2026, 11, 2), date(2027, 2, 26)
    )
    placement_services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 11, 2), today=TODAY
    )
    return placement


@pytest.fixture
def outsiders(api_as, other_area, other_organisation):
    """Tokens of another organisation of the same area, and of another area's organisation."""
    far = make_organisation(other_area, "Lappeen Puu Oy", "0116297-6")
    return [
        api_as("organisation", write=True, organisation=other_organisation),
        api_as("organisation", write=True, area=other_area, organisation=far),
    ]


def _new_place(**extra) -> dict:
    body = {
        "kind": "work_trial",
        "title": "Keittiöapulainen",
        "tasks": "Ruoanvalmistus",
        "days_per_week": 4,
        "hours_per_day": 6,
        "open_from": "2026-12-01",
    }
    body.update(extra)
    return body


def _fields(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# ------------------------------------------------------------------------ the organisation


def test_the_token_reads_its_own_organisation(api_as, organisation):
    response = api_as("organisation").get(f"{V1}/organisation")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == organisation.pk and body["business_id"] == "2077474-0"
    assert body["municipality"] == organisation.municipality.code
    assert body["kind"] == "company" and body["industry"] is None


@pytest.mark.parametrize("kind", ["reporting", "system"])
def test_other_kinds_of_token_may_not_use_the_organisations_operations(api_as, kind, place):
    caller = api_as(kind)
    for path in ("/organisation", "/positions", "/agreements", "/participants"):
        assert caller.get(V1 + path).status_code == 403
    assert caller.get(f"{V1}/responsibility-profile").status_code == 403


# ------------------------------------------------------------------------------ places


def test_the_token_lists_and_reads_its_own_places(api_as, place):
    caller = api_as("organisation")
    listed = caller.get(f"{V1}/positions").json()
    assert [p["id"] for p in listed["items"]] == [place.pk] and listed["next"] is None
    one = caller.get(f"{V1}/positions/{place.pk}").json()
    assert one["title"] == "Varasto" and one["demands"] == ["standing"]
    assert one["kind"] == "both" and one["days_per_week"] == 4 and one["hours_per_day"] == 6.0
    assert one["municipality"] == place.municipality.code and one["is_paused"] is False


def test_another_organisations_token_never_sees_the_places(outsiders, place):
    for caller in outsiders:
        assert caller.get(f"{V1}/positions").json()["items"] == []
        assert caller.get(f"{V1}/positions/{place.pk}").status_code == 404
        response = caller.patch(
            f"{V1}/positions/{place.pk}", {"title": "Kaapattu"}, content_type="application/json"
        )
        assert response.status_code == 404
        response = caller.post(
            f"{V1}/positions/{place.pk}/pause", {"paused": True}, content_type="application/json"
        )
        assert response.status_code == 404
    place.refresh_from_db()
    assert place.title == "Varasto" and not place.is_paused


def test_the_places_come_a_page_at_a_time(api_as, organisation, coach):
    for n in range(3):
        make_position(organisation, coach, title=f"Paikka {n}")
    caller = api_as("organisation")
    first = caller.get(f"{V1}/positions", {"size": 2}).json()
    assert [p["title"] for p in first["items"]] == ["Paikka 2", "Paikka 1"]
    second = caller.get(f"{V1}/positions", {"size": 2, "cursor": first["next"]}).json()
    assert [p["title"] for p in second["items"]] == ["Paikka 0"] and second["next"] is None
    refused = caller.get(f"{V1}/positions", {"cursor": "not-ours"})
    assert refused.status_code == 422 and _fields(refused).keys() == {"cursor"}
    assert caller.get(f"{V1}/positions", {"size": 0}).status_code == 422


def test_a_writing_token_adds_a_place_logged_with_its_name(api_as, organisation, coach):
    occupation = warehouse_occupation()
    skill = Skill.objects.order_by("pk").first()
    instructor = make_instructor(organisation, coach)
    body = _new_place(
        occupation=occupation.esco_code,
        skills=[skill.esco_uri],
        instructor=instructor.pk,
        demands=["standing"],
        adjustments=["part_time"],
    )
    response = api_as("organisation", write=True).post(
        f"{V1}/positions", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    made = response.json()
    place = Position.objects.get(pk=made["id"])
    assert place.organisation == organisation and place.occupation == occupation
    assert made["occupation"]["esco_uri"] == occupation.esco_uri
    assert made["skills"] == [skill.esco_uri] and made["instructor"] == instructor.pk
    assert made["demands"] == ["standing"] and made["adjustments"] == ["part_time"]
    # Left out: the organisation's own municipality, as on the page.
    assert made["municipality"] == organisation.municipality.code
    event = AuditEvent.objects.get(action="position.create", object_id=str(place.pk))
    assert event.actor is None and event.actor_label.startswith("API: test organisation")


def test_a_demand_sent_twice_is_one_demand(api_as, place):
    response = api_as("organisation", write=True).patch(
        f"{V1}/positions/{place.pk}",
        {"demands": ["full_time", "full_time", "standing"], "adjustments": ["part_time"] * 2},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["demands"] == ["full_time", "standing"]
    assert response.json()["adjustments"] == ["part_time"]
    event = AuditEvent.objects.get(action="position.update", object_id=str(place.pk))
    assert event.changes["demands"] == ["standing", "full_time, standing"]


def test_a_change_touches_only_the_fields_sent(api_as, place):
    skill = Skill.objects.order_by("pk").first()
    place.skills.add(skill)
    response = api_as("organisation", write=True).patch(
        f"{V1}/positions/{place.pk}", {"title": "Lähettämö"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    changed = response.json()
    assert changed["title"] == "Lähettämö" and changed["demands"] == ["standing"]
    assert changed["skills"] == [skill.esco_uri] and changed["days_per_week"] == 4
    event = AuditEvent.objects.get(action="position.update", object_id=str(place.pk))
    assert event.changes == {"title": ["Varasto", "Lähettämö"]}
    assert event.actor_label.startswith("API:")


def test_a_place_is_paused_and_opened_again(api_as, place):
    caller = api_as("organisation", write=True)
    url = f"{V1}/positions/{place.pk}/pause"
    paused = caller.post(url, {"paused": True}, content_type="application/json")
    assert paused.status_code == 200 and paused.json()["is_paused"] is True
    opened = caller.post(url, {"paused": False}, content_type="application/json")
    assert opened.json()["is_paused"] is False
    actions = AuditEvent.objects.filter(object_id=str(place.pk), actor_label__startswith="API:")
    assert {"position.pause", "position.resume"} <= set(actions.values_list("action", flat=True))


def test_a_reading_token_cannot_write(api_as, place):
    caller = api_as("organisation")
    created = caller.post(f"{V1}/positions", _new_place(), content_type="application/json")
    changed = caller.patch(
        f"{V1}/positions/{place.pk}", {"title": "Muu"}, content_type="application/json"
    )
    paused = caller.post(
        f"{V1}/positions/{place.pk}/pause", {"paused": True}, content_type="application/json"
    )
    assert [created.status_code, changed.status_code, paused.status_code] == [403, 403, 403]
    place.refresh_from_db()
    assert Position.objects.count() == 1 and place.title == "Varasto" and not place.is_paused
    assert not AuditEvent.objects.filter(actor_label__startswith="API:").exclude(action="api.call")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"required_competences": "Trukkikortti"}, "required_competences"),
        ({"days_per_week": 6}, "days_per_week"),
        ({"occupation": "http://data.europa.eu/esco/occupation/none"}, "occupation"),
        ({"skills": ["http://data.europa.eu/esco/skill/none"]}, "skills"),
        ({"municipality": "999"}, "municipality"),
        ({"open_to": "2026-11-01"}, ""),
        ({"kind": "volunteer"}, "kind"),
        ({"hours_per_day": "kuusi"}, "hours_per_day"),
        ({"title": ""}, "title"),
    ],
)
def test_a_refused_value_is_named_and_nothing_is_saved(api_as, organisation, extra, field):
    response = api_as("organisation", write=True).post(
        f"{V1}/positions",
        _new_place(**extra),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in _fields(response) and _fields(response)[field]
    assert not Position.objects.exists()


def test_the_refusal_is_said_in_the_callers_language(api_as, organisation):
    response = api_as("organisation", write=True).post(
        f"{V1}/positions",
        _new_place(required_competences="Trukkikortti"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "may not set competence requirements" in _fields(response)["required_competences"]


def test_the_instructor_must_be_the_organisations_own(
    api_as, organisation, other_organisation, coach, place
):
    theirs = make_instructor(other_organisation, coach, name="Vieras Ohjaaja")
    response = api_as("organisation", write=True).patch(
        f"{V1}/positions/{place.pk}",
        {"instructor": theirs.pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422 and "instructor" in _fields(response)
    place.refresh_from_db()
    assert place.instructor is None


# -------------------------------------------------------------------------- agreements


def test_the_token_reads_its_agreements_and_their_pdf(api_as, organisation, coach, place):
    agreement = make_sent_agreement(organisation, coach)
    agreement.positions.add(place)
    caller = api_as("organisation")
    listed = caller.get(f"{V1}/agreements").json()["items"]
    assert agreement.pk in [a["id"] for a in listed] and len(listed) == 2
    one = caller.get(f"{V1}/agreements/{agreement.pk}").json()
    assert one["status"] == "sent" and one["positions"] == [place.pk]
    assert [v["number"] for v in one["versions"]] == [1] and one["versions"][0]["signed"] is False
    pdf = caller.get(f"{V1}/agreements/{agreement.pk}/versions/1/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="agreement.download")
    assert event.actor_label.startswith("API:") and event.changes == {"version": [None, "1"]}
    assert caller.get(f"{V1}/agreements/{agreement.pk}/versions/9/pdf").status_code == 404


def test_another_organisations_token_never_sees_the_agreements(outsiders, organisation, coach):
    agreement = make_sent_agreement(organisation, coach)
    for caller in outsiders:
        assert caller.get(f"{V1}/agreements").json()["items"] == []
        assert caller.get(f"{V1}/agreements/{agreement.pk}").status_code == 404
        pdf = caller.get(f"{V1}/agreements/{agreement.pk}/versions/1/pdf")
        assert pdf.status_code == 404
    assert not AuditEvent.objects.filter(action="agreement.download").exists()


def test_the_pdf_is_described_as_a_pdf():
    from osmari.api.v1 import api

    schema = api.get_openapi_schema()
    path = schema["paths"]["/api/v1/agreements/{agreement_id}/versions/{version}/pdf"]
    ok = path["get"]["responses"][200]
    assert list(ok["content"]) == ["application/pdf"]


# ------------------------------------------------------------------------ participants


def test_the_participants_show_the_profile_only_with_consent(api_as, coach, organisation, period):
    caller = api_as("organisation")
    hidden = caller.get(f"{V1}/participants").json()["items"]
    assert [p["placement"] for p in hidden] == [period.pk]
    assert hidden[0]["name"] == "Testi Asiakas" and hidden[0]["profile"] is None
    assert hidden[0]["position"] == {"id": period.position_id, "title": "Varasto"}
    sharing_consent_give(actor=coach, client=period.client, organisation=organisation)
    shown = caller.get(f"{V1}/participants").json()["items"][0]
    assert shown["profile"] is not None and shown["profile"]["driving_licence"] is False
    reads = AuditEvent.objects.filter(
        action="client.view_host_list", person_ref=period.client.person_ref
    )
    assert reads.count() == 2 and reads.first().actor_label.startswith("API:")


def test_no_health_subsidy_or_identity_data_reaches_the_organisation(api_as, coach, period):
    sensitive_update(
        actor=coach,
        client=period.client,
        reduced_work_ability=True,
        reduced_work_ability_notes="Selkävaiva",
        integration_plan=False,
    )
    response = api_as("organisation").get(f"{V1}/participants")
    text = response.content.decode()
    for secret in ("Selkävaiva", "reduced_work_ability", "track", "subsidy", "131052"):
        assert secret not in text
    assert period.client.personal_identity_code not in text
    assert set(response.json()["items"][0]) == {
        "placement",
        "name",
        "position",
        "start_on",
        "last_day",
        "status",
        "days_per_week",
        "hours_per_day",
        "instructor",
        "profile",
    }


def test_another_organisations_token_sees_none_of_the_participants(outsiders, period):
    for caller in outsiders:
        response = caller.get(f"{V1}/participants")
        assert response.status_code == 200 and response.json()["items"] == []
    assert not AuditEvent.objects.filter(action="client.view_host_list").exists()


# -------------------------------------------------------------- responsibility profile


def test_the_token_reads_its_responsibility_profile(api_as, period):
    body = api_as("organisation").get(f"{V1}/responsibility-profile").json()
    assert body["level"]["key"] == "partner" and body["level"]["number"] == 1
    assert body["next_level"]["key"] == "committed"
    assert {c["key"] for c in body["reached"]} == {"positions_offered", "participants_hosted"}
    assert all(c["met"] for c in body["reached"])


def test_where_people_went_is_hidden_below_the_minimum_group(api_as, monkeypatch, area, period):
    facts = levels.Facts(
        positions_offered=2,
        participants_hosted=3,
        participant_months=6,
        trained_instructors=1,
        reviews_due=4,
        reviews_held=4,
        periods_ended=1,
        moves_into_work_or_education=1,
    )
    monkeypatch.setattr(
        "osmari.api.organisation.profile_assessment",
        lambda organisation, today: (facts, levels.assess(facts)),
    )
    body = api_as("organisation").get(f"{V1}/responsibility-profile").json()
    moves = next(c for c in body["to_next"] if c["key"] == "moves_into_work_or_education")
    assert area.min_group_size > 1
    assert moves["hidden"] is True and moves["value"] is None and moves["met"] is False


def test_another_organisations_profile_is_not_reached(outsiders, organisation, period):
    for caller in outsiders:
        body = caller.get(f"{V1}/responsibility-profile").json()
        assert body["level"]["key"] == "new"
