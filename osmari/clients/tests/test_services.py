from datetime import date

import pytest
from django.core.exceptions import ValidationError

from osmari.clients import services
from osmari.clients.choices import Gender
from osmari.clients.models import Enrolment, StageTransition
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.core.identity import hetu
from osmari.core.models import AuditEvent, PostalCode
from osmari.core.pipeline import InvalidTransition

pytestmark = pytest.mark.django_db


def with_sign(day: date, sign: str, number: int = 123) -> str:
    return hetu(day, number, sign)


@pytest.mark.parametrize(
    ("code", "born"),
    [
        ("131052-308T", date(1952, 10, 13)),
        (with_sign(date(1994, 5, 1), "Y"), date(1994, 5, 1)),
        (with_sign(date(1994, 5, 1), "U"), date(1994, 5, 1)),
        (with_sign(date(2016, 5, 1), "B"), date(2016, 5, 1)),
        (with_sign(date(2003, 5, 2), "F"), date(2003, 5, 2)),
    ],
)
def test_every_century_sign_gives_the_right_birth_date(coach, area, code, born):
    client = build_client(actor=coach, area=area, hetu=code)
    assert client.birth_date == born


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("131052-308U", "tarkistusmerkki"),
        ("310252-308T", "väliaikainen"),  # 31 February does not exist
        ("010594Y9021", "väliaikainen"),  # individual number 902: a temporary code
        ("13105-308T", "muodossa"),
    ],
)
def test_a_bad_identity_code_is_refused_with_a_finnish_message(coach, area, code, message):
    with pytest.raises(ValidationError) as error:
        build_client(actor=coach, area=area, hetu=code)
    assert message in error.value.messages[0]


def test_an_identity_code_is_one_client_per_area(coach, area, other_area):
    first = build_client(actor=coach, area=area)
    with pytest.raises(services.ClientExistsError) as error:
        build_client(actor=coach, area=area, first_name="Toinen")
    assert error.value.existing == first
    other = build_client(
        actor=coach, area=other_area, municipality=other_area.municipalities.first()
    )
    assert other.pk != first.pk


def test_gender_is_never_read_from_the_identity_code(coach, area):
    assert build_client(actor=coach, area=area).gender == Gender.NOT_STATED


def test_the_postcode_gives_the_municipality(coach, area):
    client = build_client(
        actor=coach, area=area, municipality=None, postal_code=PostalCode.objects.get(code="51200")
    )
    assert client.municipality.code == "213"


def test_creating_a_client_is_audited_with_the_person(coach, area):
    client = build_client(actor=coach, area=area)
    event = AuditEvent.objects.get(action="client.create")
    assert (event.actor, event.area, event.person_ref) == (coach, area, f"client:{client.pk}")


def test_a_new_spell_ends_the_ongoing_one_and_refreshes_unemployment(coach, area):
    client = build_client(actor=coach, area=area)
    services.spell_add(
        actor=coach,
        client=client,
        status="employed",
        start_on=date(2020, 1, 1),
        end_on=None,
        today=date(2026, 11, 27),
    )
    unemployed_since(actor=coach, client=client, start=date(2025, 6, 1))
    first, _ongoing = client.spells.order_by("start_on")
    assert first.end_on == date(2025, 5, 31)
    client.refresh_from_db()
    assert client.unemployed_since == date(2025, 6, 1)


def test_an_overlapping_spell_is_refused_and_nothing_changes(coach, area):
    client = build_client(actor=coach, area=area)
    services.spell_add(
        actor=coach,
        client=client,
        status="employed",
        start_on=date(2024, 1, 1),
        end_on=date(2024, 12, 31),
        today=date(2026, 11, 27),
    )
    with pytest.raises(ValidationError, match="päällekkäin"):
        services.spell_add(
            actor=coach,
            client=client,
            status="education",
            start_on=date(2024, 6, 1),
            end_on=date(2024, 8, 31),
            today=date(2026, 11, 27),
        )
    assert client.spells.count() == 1


def test_an_exit_before_entry_is_refused_and_nothing_is_saved(coach, area):
    client = build_client(actor=coach, area=area)
    with pytest.raises(ValidationError):
        services.enrolment_save(
            actor=coach,
            client=client,
            entered_on=date(2026, 3, 1),
            status_at_entry="unemployed",
            left_on=date(2026, 2, 1),
            situation_on_leaving="employed",
        )
    assert not Enrolment.objects.filter(client=client).exists()


def test_sensitive_data_changes_are_audited_without_their_values(coach, area):
    client = build_client(actor=coach, area=area)
    services.sensitive_update(
        actor=coach,
        client=client,
        reduced_work_ability=True,
        reduced_work_ability_notes="selkävaiva",
        integration_plan=None,
    )
    event = AuditEvent.objects.get(action="client.update_sensitive")
    assert event.changes == {"fields": ["reduced_work_ability", "reduced_work_ability_notes"]}
    assert "selkävaiva" not in str(event.changes)


def test_the_service_path_allows_only_its_moves(coach, area):
    client = build_client(actor=coach, area=area)
    with pytest.raises(InvalidTransition):
        services.client_stage_change(actor=coach, client=client, to_stage="placed")
    services.client_stage_change(actor=coach, client=client, to_stage="assessed", reason="arvio")
    assert client.stage == "assessed"
    history = StageTransition.objects.get(client=client)
    assert (history.from_stage, history.to_stage, history.changed_by) == (
        "identified",
        "assessed",
        coach,
    )


def test_a_journal_entry_marks_the_latest_service(coach, area):
    client = build_client(actor=coach, area=area)
    services.journal_add(
        actor=coach, client=client, kind="call", occurred_on=date(2026, 11, 20), text="Soitto"
    )
    client.refresh_from_db()
    assert client.last_service_on == date(2026, 11, 20)
