"""Identity codes and health notes are encrypted at rest: neither the database file nor a
dump holds them in clear, every field the register calls health is encrypted or named as
kept plain, the migrations encrypt what was stored and decrypt it again, and a rotation
moves everything to a new key so that the old one can go."""

from __future__ import annotations

import subprocess
from datetime import date
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models

from osmari.clients import selectors, services
from osmari.clients.models import Client
from osmari.clients.tests.builders import build_client
from osmari.core import register
from osmari.core.encryption import EncryptionKeyError, encrypted_fields, lookup_hash
from osmari.core.identity import hetu
from osmari.core.models import AuditEvent
from osmari.core.tests.builders import migrate_to, migrate_to_latest, reference_area
from osmari.placements.models import PlacementStatus, PlacementTransition
from osmari.screening.models import Decision, NeedsAssessment
from osmari.screening.services import assessment_add, decision_record
from tests.conftest import build_objects

# Found in no other test, so that nothing else can put them in the database.
CODE = hetu(date(1977, 7, 7), 777)
NOTE = "Polvivamma 1977, ei kyykistelyä eikä portaita"
REASON = "Kuntoutustutkimus kesken, selkä kipeytyy"
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture
def area(db):
    # A test here that commits empties every table when it ends: the area comes back.
    return reference_area()


# Closed-list codes, yes/no answers and scores of the health record stay plain: queries
# filter, count and constrain on them (docs/decisions/0009-encryption-at-rest.md).
KEPT_PLAIN = {
    ("clients.SensitiveData", "reduced_work_ability"),
    ("clients.ClientRestriction", "code"),
    ("screening.NeedsAssessment", "work_ability"),
    ("placements.Placement", "interruption_reason"),
}


def test_every_health_field_and_the_identity_code_is_encrypted_or_named_as_kept_plain():
    unencrypted, wrongly_listed = [], []
    for entry in register.inventory():
        if entry.category is not register.HEALTH and entry.field != "personal_identity_code":
            continue
        model = apps.get_model(entry.model)
        field = model._meta.get_field(entry.field)
        # The link to the person and when the record changed say nothing of their health.
        if field.is_relation or isinstance(field, models.DateField | models.DateTimeField):
            continue
        encrypted = field in encrypted_fields(model)
        if not encrypted and (entry.model, entry.field) not in KEPT_PLAIN:
            unencrypted.append(f"{entry.model}.{entry.field}")
        if encrypted and (entry.model, entry.field) in KEPT_PLAIN:
            wrongly_listed.append(f"{entry.model}.{entry.field}")
    assert unencrypted == [], "encrypt these (osmari.core.encryption) or say why not"
    assert wrongly_listed == []


def _person(coach, area) -> Client:
    """A client with a known identity code, a health note, an assessment's note on work
    ability and a decision whose grounds speak of health."""
    client = build_client(actor=coach, area=area, hetu=CODE, last_name="Dumppinen")
    services.sensitive_update(
        actor=coach,
        client=client,
        reduced_work_ability=True,
        reduced_work_ability_notes=NOTE,
        integration_plan=None,
    )
    scores = dict.fromkeys(
        ["skills", "experience", "motivation", "life_management", "social_support", "practical"],
        3,
    )
    assessment_add(
        actor=coach,
        client=client,
        assessed_on=date(2026, 11, 27),
        work_ability=2,
        work_ability_notes=NOTE,
        **scores,
    )
    decision_record(
        actor=coach,
        client=client,
        proposal="work_trial",
        reason=REASON,
        on=date(2026, 11, 27),
        include_sensitive=True,
    )
    return client


def _clear(data: bytes) -> list[str]:
    return [secret for secret in (CODE, NOTE, REASON) if secret.encode() in data]


def _still_read(client: Client) -> None:
    assert Client.objects.get(pk=client.pk).personal_identity_code == CODE
    assert client.sensitive.reduced_work_ability_notes == NOTE
    assert NeedsAssessment.objects.get(client=client).work_ability_notes == NOTE
    assert Decision.objects.get(client=client).reason == REASON


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file; PostgreSQL: pg_dump")
@pytest.mark.django_db
def test_the_sqlite_database_file_holds_no_identity_code_or_health_note_in_clear(
    coach, area, tmp_path
):
    client = _person(coach, area)
    # The database as it would be written to disk, this transaction's rows included.
    connection.ensure_connection()
    copy = tmp_path / "osmari.sqlite3"
    copy.write_bytes(connection.connection.serialize())
    data = copy.read_bytes()
    assert b"Dumppinen" in data  # the person's row is in the file
    assert _clear(data) == []
    _still_read(client)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_dump_holds_no_identity_code_or_health_note_in_clear(
    tables_put_back_afterwards, coach, area
):
    from scripts.pgcluster import find_bindir

    client = _person(coach, area)
    bindir = find_bindir()
    assert bindir is not None, "the PostgreSQL run has the server's binaries"
    db = connection.settings_dict
    dump = subprocess.run(
        [
            str(bindir / "pg_dump"),
            "--host",
            db["HOST"] or "127.0.0.1",
            "--port",
            str(db["PORT"] or 5432),
            "--username",
            db["USER"],
            "--no-password",
            db["NAME"],
        ],
        env={"PGPASSWORD": db["PASSWORD"] or "", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    assert b"Dumppinen" in dump
    assert _clear(dump) == []
    _still_read(client)


def _read_every_encrypted_value() -> None:
    for model in apps.get_models():
        fields = [f.name for f in encrypted_fields(model)]
        if fields:
            list(model.objects.values_list(*fields))


@pytest.mark.django_db
def test_a_rotation_moves_everything_to_the_new_key_so_that_the_old_one_can_go(
    settings, area, coach, organisation
):
    settings.OSMARI_FIELD_KEYS = [KEY_A]
    sample = build_objects(area=area, coach=coach, organisation=organisation, hetu=CODE)
    client = Client.objects.get(pk=sample["client"])
    services.sensitive_update(
        actor=coach,
        client=client,
        reduced_work_ability=None,
        reduced_work_ability_notes=NOTE,
        integration_plan=None,
    )
    for n in range(3):
        PlacementTransition.objects.create(
            placement_id=sample["placement"],
            from_status=PlacementStatus.PLANNED,
            to_status=PlacementStatus.PLANNED,
            occurred_on=date(2026, 11, 27),
            note=f"{NOTE} {n}",
            changed_by=coach,
        )
    settings.OSMARI_FIELD_KEYS = [KEY_B]
    with pytest.raises(EncryptionKeyError, match="cannot be decrypted"):
        _read_every_encrypted_value()

    settings.OSMARI_FIELD_KEYS = [KEY_B, KEY_A]
    out = StringIO()
    call_command("rotate_field_keys", "--batch-size", "2", stdout=out)
    assert "clients.Client: 1 rows re-encrypted" in out.getvalue()
    assert "placements.PlacementTransition: 3 rows re-encrypted" in out.getvalue()

    settings.OSMARI_FIELD_KEYS = [KEY_B]
    _read_every_encrypted_value()
    client = Client.objects.get(pk=client.pk)
    assert client.personal_identity_code == CODE
    assert client.sensitive.reduced_work_ability_notes == NOTE
    assert Decision.objects.get(client=client).engine_result["results"]["fi"]
    # A second run finds nothing to do.
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "clients.Client: 0 rows re-encrypted" in out.getvalue()
    events = AuditEvent.objects.filter(action="encryption.rotate").order_by("pk")
    assert [e.changes["models"]["clients.Client"]["reencrypted"] for e in events] == [1, 0]
    assert events[0].actor is None and events[0].person_ref == ""


@pytest.mark.django_db
def test_after_a_new_lookup_key_the_rehash_finds_identity_codes_again(settings, coach, area):
    client = build_client(actor=coach, area=area, hetu=CODE, last_name="Dumppinen")
    settings.OSMARI_LOOKUP_KEY = "a-new-lookup-key-after-a-leak-" + "k" * 20
    # Until the hashes are recomputed, nobody is found by their code.
    assert not selectors.client_list_for_user(
        user=coach, filters=selectors.ClientFilter(search=CODE)
    ).exists()
    out = StringIO()
    call_command("rotate_field_keys", "--rehash", stdout=out)
    assert "clients.Client: 0 rows re-encrypted, 1 lookup hashes recomputed" in out.getvalue()
    assert list(
        selectors.client_list_for_user(user=coach, filters=selectors.ClientFilter(search=CODE))
    ) == [client]
    with pytest.raises(services.ClientExistsError):
        build_client(actor=coach, area=area, hetu=CODE)
    assert Client.objects.get(pk=client.pk).identity_hash == lookup_hash(CODE)


def test_a_rotation_without_the_key_that_encrypted_a_value_stops_and_says_so(settings, db):
    settings.OSMARI_FIELD_KEYS = []
    with pytest.raises(Exception, match="OSMARI_FIELD_KEYS is not set"):
        call_command("rotate_field_keys", stdout=StringIO())


BEFORE = [
    ("clients", "0007_consent_recipient_on_the_organisations_side"),
    ("screening", "0002_official_reference"),
]


def _stored(table: str, column: str, pk: int):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_encrypt_what_was_stored_and_decrypt_it_on_the_way_back(
    tables_refilled_after_migrating, area, coach
):
    old = migrate_to(BEFORE)
    client = old.get_model("clients", "Client").objects.create(
        area_id=area.pk,
        personal_identity_code=CODE,
        first_name="Aino",
        last_name="Dumppinen",
        birth_date=date(1977, 7, 7),
        municipality_id=area.municipalities.order_by("code").first().pk,
    )
    notes = old.get_model("clients", "SensitiveData").objects.create(
        client_id=client.pk, reduced_work_ability_notes=NOTE
    )
    result = {"results": {"fi": {"eligible": True}}, "estimate": False}
    decision = old.get_model("screening", "Decision").objects.create(
        client_id=client.pk,
        proposal="work_trial",
        reason=REASON,
        decided_on=date(2026, 11, 27),
        decided_by_id=coach.pk,
        rules_version="2025.1",
        engine_result=result,
    )
    try:
        migrate_to_latest()
        assert _stored("clients_client", "personal_identity_code", client.pk) != CODE
        assert _stored("clients_client", "identity_hash", client.pk) == lookup_hash(CODE)
        assert NOTE not in _stored("clients_sensitivedata", "reduced_work_ability_notes", notes.pk)
        assert REASON not in _stored("screening_decision", "reason", decision.pk)
        assert "eligible" not in _stored("screening_decision", "engine_result", decision.pk)
        assert Client.objects.get(pk=client.pk).personal_identity_code == CODE
        assert Client.objects.get(area_id=area.pk, identity_hash=lookup_hash(CODE))
        assert Decision.objects.get(pk=decision.pk).engine_result == result
        assert Decision.objects.get(pk=decision.pk).reason == REASON

        old = migrate_to(BEFORE)
        assert _stored("clients_client", "personal_identity_code", client.pk) == CODE
        assert _stored("clients_sensitivedata", "reduced_work_ability_notes", notes.pk) == NOTE
        assert old.get_model("screening", "Decision").objects.get(pk=decision.pk).reason == (REASON)
        engine = old.get_model("screening", "Decision").objects.get(pk=decision.pk)
        assert engine.engine_result == result
    finally:
        migrate_to_latest()
