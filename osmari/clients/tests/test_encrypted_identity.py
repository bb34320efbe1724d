"""The identity code and the notes on work ability are stored encrypted, and a client is
still found by the whole identity code, in one query on an index."""

import pytest
from django.core.exceptions import FieldError
from django.db import IntegrityError, connection, transaction

from osmari.clients import selectors, services
from osmari.clients.models import Client, SensitiveData
from osmari.clients.tests.builders import build_client
from osmari.core.encryption import lookup_hash

pytestmark = pytest.mark.django_db

CODE = "131052-308T"


def _stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_identity_code_is_stored_as_a_token_and_read_as_the_code(coach, area):
    client = build_client(actor=coach, area=area, hetu=CODE)
    stored = _stored("clients_client", "personal_identity_code", client.pk)
    assert CODE not in stored and stored.startswith("gAAAAA")  # a Fernet token
    assert Client.objects.get(pk=client.pk).personal_identity_code == CODE
    assert _stored("clients_client", "identity_hash", client.pk) == lookup_hash(CODE)


def test_notes_on_work_ability_are_stored_as_a_token_and_an_empty_note_stays_empty(coach, area):
    client = build_client(actor=coach, area=area)
    data = services.sensitive_update(
        actor=coach,
        client=client,
        reduced_work_ability=True,
        reduced_work_ability_notes="Selkävaiva, ei nostoja.",
        integration_plan=None,
    )
    stored = _stored("clients_sensitivedata", "reduced_work_ability_notes", data.pk)
    assert "Selkävaiva" not in stored
    assert SensitiveData.objects.get(pk=data.pk).reduced_work_ability_notes == (
        "Selkävaiva, ei nostoja."
    )
    services.sensitive_update(
        actor=coach,
        client=client,
        reduced_work_ability=True,
        reduced_work_ability_notes="",
        integration_plan=None,
    )
    assert _stored("clients_sensitivedata", "reduced_work_ability_notes", data.pk) == ""


def test_filtering_on_an_encrypted_field_is_refused_rather_than_finding_nothing(coach, area):
    build_client(actor=coach, area=area, hetu=CODE)
    with pytest.raises(FieldError, match="personal_identity_code is encrypted"):
        Client.objects.filter(personal_identity_code=CODE).exists()
    with pytest.raises(FieldError, match="reduced_work_ability_notes is encrypted"):
        SensitiveData.objects.filter(reduced_work_ability_notes__icontains="selkä").exists()
    assert Client.objects.filter(personal_identity_code__isnull=False).count() == 1


def test_the_client_list_finds_a_whole_identity_code_however_it_is_typed(
    coach, area, django_assert_num_queries
):
    build_client(actor=coach, area=area, hetu=CODE, last_name="Esimerkki")
    build_client(actor=coach, area=area, hetu="010170-002K", last_name="Toinen")
    selectors.client_list_for_user(user=coach).count()  # the coach's roles, read once
    with django_assert_num_queries(1):
        found = [
            c.last_name
            for c in selectors.client_list_for_user(
                user=coach, filters=selectors.ClientFilter(search=CODE)
            )
        ]
    assert found == ["Esimerkki"]
    found = selectors.client_list_for_user(
        user=coach, filters=selectors.ClientFilter(search=" 131052-308t")
    )
    assert [c.last_name for c in found] == ["Esimerkki"]
    # A part of a code no longer finds anyone: only its whole keyed hash is stored.
    assert not selectors.client_list_for_user(
        user=coach, filters=selectors.ClientFilter(search="131052")
    ).exists()


def test_one_identity_code_is_one_client_per_area_in_the_database_too(coach, area):
    client = build_client(actor=coach, area=area, hetu=CODE)
    twin = Client(
        area=area,
        personal_identity_code=CODE.lower(),
        first_name="Kaksonen",
        last_name="Esimerkki",
        birth_date=client.birth_date,
        municipality=client.municipality,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_client_is_found_by_identity_code_through_the_index(coach, area):
    build_client(actor=coach, area=area, hetu=CODE)
    found = Client.objects.filter(area=area, identity_hash=lookup_hash(CODE))
    if connection.vendor == "postgresql":
        # A handful of rows is read fastest by a scan; what matters is that an index serves.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = found.explain()
    # SQLite: "SEARCH … USING INDEX … (area_id=? AND identity_hash=?)"; PostgreSQL: "Index
    # Scan using client_unique_identity_per_area … Index Cond: … identity_hash …".
    assert "INDEX" in plan.upper() and "identity_hash" in plan, plan
