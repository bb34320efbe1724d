"""The system token: the area's clients, enrolments and periods, read and written through the
client import's checks, each read audited, never the identity code nor health data."""

from __future__ import annotations

import json
from datetime import date

import pytest

from osmari.clients.models import Client, Enrolment
from osmari.clients.tests.builders import build_client
from osmari.core.encryption import lookup_hash
from osmari.core.models import AuditEvent
from osmari.employers.tests.builders import make_position
from osmari.placements.models import Placement
from osmari.placements.tests.builders import period_record

pytestmark = pytest.mark.django_db

CODE = "131052-308T"
NEW_CODE = "150570-2029"
NEW = {
    "personal_identity_code": NEW_CODE,
    "first_name": "Uuno",
    "last_name": "Uusi",
    "gender": "male",
    "postal_code": "50100",
    "email": "uuno@example.fi",
    "preferred_language": "sv",
    "education_level": "3",
    "unemployed_since": "2025-03-01",
}


def _english(caller):
    caller.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return caller


@pytest.fixture
def reader(api_as):
    return _english(api_as("system"))


@pytest.fixture
def writer(api_as):
    return _english(api_as("system", write=True))


@pytest.fixture
def stranger(api_as, other_area):
    return _english(api_as("system", write=True, area=other_area))


@pytest.fixture
def aino(coach, area):
    return build_client(actor=coach, area=area, hetu=CODE, coach=coach, email="aino@example.fi")


@pytest.fixture
def period(coach, organisation, aino):
    position = make_position(organisation, coach)
    made = period_record(aino, position, date(2026, 1, 5), date(2026, 3, 31))
    # What tells of work ability, stored as the subsidy service would store it.
    Placement.objects.filter(pk=made.pk).update(track="reduced_work_ability", subsidy_percent=100)
    return made


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def _no_code(response, *codes: str) -> None:
    text = response.content.decode()
    for code in (CODE, NEW_CODE, *codes):
        assert code not in text


def _post(caller, body):
    return caller.post("/api/v1/clients", json.dumps(body), content_type="application/json")


def _patch(caller, client_id, body):
    return caller.patch(
        f"/api/v1/clients/{client_id}", json.dumps(body), content_type="application/json"
    )


def _put(caller, client_id, body):
    return caller.put(
        f"/api/v1/clients/{client_id}/enrolment", json.dumps(body), content_type="application/json"
    )


def _api_events(action: str) -> list[AuditEvent]:
    events = list(AuditEvent.objects.filter(action=action))
    assert events and all(e.actor_label.startswith("API:") and e.actor is None for e in events)
    return events


# ---------------------------------------------------------------- reading


def test_a_client_is_read_without_the_identity_code_and_the_read_is_audited(reader, aino):
    response = reader.get(f"/api/v1/clients/{aino.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["first_name"] == "Aino" and body["email"] == "aino@example.fi"
    assert body["birth_date"] == "1952-10-13" and body["municipality_code"]
    assert body["enrolment"] is None
    assert "personal_identity_code" not in body
    _no_code(response, aino.identity_hash)
    (event,) = _api_events("client.view")
    assert event.person_ref == aino.person_ref


def test_the_list_pages_by_cursor_and_audits_each_client_shown(reader, coach, area):
    for n, code in enumerate(["131052-308T", "010101A123N", "150570-2029"]):
        build_client(actor=coach, area=area, hetu=code, first_name=f"H{n}")
    first = reader.get("/api/v1/clients", {"size": 2})
    assert first.status_code == 200
    assert [c["first_name"] for c in first.json()["items"]] == ["H2", "H1"]
    second = reader.get("/api/v1/clients", {"size": 2, "cursor": first.json()["next"]})
    assert [c["first_name"] for c in second.json()["items"]] == ["H0"]
    assert second.json()["next"] is None
    assert len(_api_events("client.view_list")) == 3
    _no_code(first, "010101A123N")
    _no_code(second)


def test_the_list_filters_by_stage_and_change(reader, aino):
    assert reader.get("/api/v1/clients", {"stage": "identified"}).json()["items"]
    assert reader.get("/api/v1/clients", {"stage": "placed"}).json()["items"] == []
    later = {"updated_since": "2999-01-01T00:00:00Z"}
    assert reader.get("/api/v1/clients", later).json()["items"] == []
    assert _errors(reader.get("/api/v1/clients", {"stage": "nowhere"}))["stage"]


@pytest.mark.parametrize(
    ("since", "found"),
    [
        ("0255-05-05T18:47:21+17:24", True),  # an offset PostgreSQL does not hold
        ("0001-01-01T00:00:00+14:00", True),  # before the first moment UTC can hold
        ("9999-12-31T23:59:59-14:00", False),  # after the last
        ("2999-01-01T00:00:00+23:59", False),
    ],
)
def test_any_iso_time_is_a_time_to_filter_by_not_a_server_error(reader, aino, since, found):
    answer = reader.get("/api/v1/clients", {"updated_since": since})
    assert answer.status_code == 200, answer.content
    assert bool(answer.json()["items"]) is found


def test_a_cursor_not_given_by_the_api_is_refused(reader, aino):
    assert _errors(reader.get("/api/v1/clients", {"cursor": "x"})) == {
        "cursor": "This cursor was not given by the API."
    }
    assert "cursor" in _errors(reader.get("/api/v1/periods", {"cursor": "1.2.3"}))


def test_another_areas_token_sees_nothing_of_this_area(stranger, aino, period):
    assert stranger.get(f"/api/v1/clients/{aino.pk}").status_code == 404
    assert stranger.get("/api/v1/clients").json() == {"items": [], "next": None}
    assert stranger.get(f"/api/v1/periods/{period.pk}").status_code == 404
    assert stranger.get("/api/v1/periods").json() == {"items": [], "next": None}
    assert stranger.get("/api/v1/periods", {"client_id": aino.pk}).json()["items"] == []
    assert _patch(stranger, aino.pk, {"phone": "040 1"}).status_code == 404
    assert _put(stranger, aino.pk, {"entered_on": "2026-01-01"}).status_code == 404
    aino.refresh_from_db()
    assert aino.phone == "" and not Enrolment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="client.view").exists()


def test_a_period_is_read_without_track_subsidy_or_interruption(reader, aino, period):
    response = reader.get(f"/api/v1/periods/{period.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["client_id"] == aino.pk and body["organisation_name"] == "Saimaan Puutyö Oy"
    assert body["position_title"] == "Varastotyöntekijä" and body["hours_per_day"] == 6.0
    assert not {"track", "subsidy_percent", "interruption_reason", "monthly_pay"} & set(body)
    assert "reduced_work_ability" not in response.content.decode()
    _no_code(response)
    (event,) = _api_events("client.view_placement")
    assert event.object_id == str(period.pk) and event.person_ref == aino.person_ref


def test_the_periods_list_filters_and_audits(reader, aino, period):
    listed = reader.get("/api/v1/periods", {"status": "active", "client_id": aino.pk})
    assert [p["id"] for p in listed.json()["items"]] == [period.pk]
    assert reader.get("/api/v1/periods", {"status": "ended"}).json()["items"] == []
    assert _api_events("client.view_list")[0].person_ref == aino.person_ref


# ---------------------------------------------------------------- writing clients


def test_a_read_token_cannot_write(reader, aino):
    assert _post(reader, NEW).status_code == 403
    assert _patch(reader, aino.pk, {"phone": "040 1"}).status_code == 403
    assert _put(reader, aino.pk, {"entered_on": "2026-01-01"}).status_code == 403
    assert Client.objects.count() == 1 and not Enrolment.objects.exists()
    aino.refresh_from_db()
    assert aino.phone == ""


def test_a_client_is_created_as_an_import_row_would_be(writer, area):
    response = _post(writer, NEW)
    assert response.status_code == 201, response.content
    _no_code(response)
    made = Client.objects.get(identity_hash=lookup_hash(NEW_CODE))
    assert made.area == area and made.municipality.code == "491"
    assert response.json()["preferred_language"] == "sv"
    assert response.json()["unemployed_since"] == "2025-03-01"
    shown = writer.get(f"/api/v1/clients/{made.pk}").json()
    assert (shown["first_name"], shown["education_level"], shown["postal_code"]) == (
        "Uuno",
        "3",
        "50100",
    )
    (event,) = _api_events("client.create")
    assert event.person_ref == made.person_ref
    _api_events("client.spell_add")


def test_a_change_sets_only_what_is_sent(writer, aino):
    response = _patch(writer, aino.pk, {"phone": "040 123 4567", "preferred_language": "en"})
    assert response.status_code == 200, response.content
    _no_code(response)
    shown = writer.get(f"/api/v1/clients/{aino.pk}").json()
    assert (shown["phone"], shown["preferred_language"]) == ("040 123 4567", "en")
    assert (shown["first_name"], shown["email"]) == ("Aino", "aino@example.fi")
    (event,) = _api_events("client.update")
    assert set(event.changes) == {"phone", "preferred_language"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"personal_identity_code": "131052-308U"}, "personal_identity_code"),
        ({"municipality_code": "999", "postal_code": None}, "municipality_code"),
        ({"first_name": "A" * 101}, "first_name"),
        ({"preferred_language": "klingon"}, "preferred_language"),
        ({"postal_code": None}, "municipality_code"),
        ({"hobby": "chess"}, "hobby"),
    ],
)
def test_a_refused_new_client_saves_nothing(writer, body, field):
    response = _post(writer, {**NEW, **body})
    assert field in _errors(response)
    _no_code(response, "131052-308U")
    assert not Client.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="client.").exists()


def test_a_duplicate_gets_the_imports_neutral_answer(writer, aino):
    response = _post(writer, {**NEW, "personal_identity_code": CODE, "first_name": "Toinen"})
    assert _errors(response) == {
        "personal_identity_code": (
            "Cannot be imported: the person cannot be created or updated by you."
        )
    }
    _no_code(response)
    aino.refresh_from_db()
    assert aino.first_name == "Aino" and Client.objects.count() == 1


def test_a_person_of_another_area_is_a_new_client_here(writer, stranger, area, other_area):
    assert _post(stranger, {**NEW, "postal_code": "53100"}).status_code == 201
    assert _post(writer, NEW).status_code == 201
    assert Client.objects.filter(identity_hash=lookup_hash(NEW_CODE)).count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": ""}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"last_name": "B" * 101}, "last_name"),
        ({"municipality_code": "999"}, "municipality_code"),
        ({"personal_identity_code": NEW_CODE}, "personal_identity_code"),
    ],
)
def test_a_refused_change_wipes_and_changes_nothing(writer, aino, body, field):
    response = _patch(writer, aino.pk, body)
    assert field in _errors(response)
    aino.refresh_from_db()
    assert (aino.first_name, aino.last_name, aino.email) == ("Aino", "Esimerkki", "aino@example.fi")
    assert not AuditEvent.objects.filter(action="client.update").exists()


def test_an_empty_value_is_told_to_be_left_out(writer, aino):
    assert _errors(_patch(writer, aino.pk, {"email": None})) == {
        "email": "Empty value in column email: leave the column out to keep the stored value."
    }


# ---------------------------------------------------------------- the enrolment


def test_an_enrolment_is_recorded_and_then_changed_field_by_field(writer, aino):
    response = _put(writer, aino.pk, {"entered_on": "2026-01-05", "status_at_entry": "unemployed"})
    assert response.status_code == 200, response.content
    assert response.json()["left_on"] is None and response.json()["eura_entry"] == "no"
    _no_code(response)
    left = {"left_on": "2026-06-30", "situation_on_leaving": "employed", "eura_entry": "yes"}
    assert _put(writer, aino.pk, left).status_code == 200
    shown = writer.get(f"/api/v1/clients/{aino.pk}").json()["enrolment"]
    assert (shown["entered_on"], shown["left_on"], shown["situation_on_leaving"]) == (
        "2026-01-05",
        "2026-06-30",
        "employed",
    )
    assert len(_api_events("enrolment.save")) == 2
    assert _api_events("client.view_enrolment")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"entered_on": "2026-02-01", "status_at_entry": "unemployed", "left_on": "2026-01-01"},
            "left_on",
        ),
        ({"entered_on": "2026-02-01"}, "status_at_entry"),
        ({"status_at_entry": "unemployed"}, "entered_on"),
        (
            {
                "entered_on": "2026-02-01",
                "status_at_entry": "unemployed",
                "left_on": "2026-03-01",
                "situation_on_leaving": "employed",
                "follow_up_on": "2026-09-01",
                "employed_after_6_months": "yes",
            },
            "follow_up_on",
        ),
        ({"entered_on": "2026-02-01", "status_at_entry": "retired"}, "status_at_entry"),
    ],
)
def test_a_refused_enrolment_saves_nothing(writer, aino, body, field):
    assert field in _errors(_put(writer, aino.pk, body))
    assert not Enrolment.objects.exists()
    assert not AuditEvent.objects.filter(action="enrolment.save").exists()


def test_an_exit_before_the_stored_entry_is_refused(writer, aino):
    _put(writer, aino.pk, {"entered_on": "2026-02-01", "status_at_entry": "unemployed"})
    errors = _errors(
        _put(writer, aino.pk, {"left_on": "2026-01-01", "situation_on_leaving": "employed"})
    )
    assert errors == {"left_on": "The exit date must not be before the entry date."}
    assert Enrolment.objects.get().left_on is None
