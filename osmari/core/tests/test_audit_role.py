"""On PostgreSQL the application's role adds and reads audit events and can do nothing else
to them; migrations run as the owner. These tests switch to that role inside the test's
transaction, so the role and its grants vanish with it."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from osmari.core.audit import audit_record
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)

ROLE = "osmari_app_under_test"


@pytest.fixture
def application_role(db):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")
    call_command("grant_application_role", ROLE)
    return ROLE


def _as_application(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        cursor.execute(sql, params)
        return cursor.rowcount


def test_the_application_role_adds_and_reads_audit_events(application_role, coach):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        event = audit_record(actor=coach, action="client.view")
        assert AuditEvent.objects.filter(pk=event.pk).exists()
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET action = 'x'",
        "DELETE FROM core_auditevent",
        "TRUNCATE core_auditevent",
        "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only",
        "DROP TRIGGER core_auditevent_append_only ON core_auditevent",
        "ALTER TABLE core_auditevent ADD COLUMN rewritten boolean",
        # An expiry would let the database remove the events before its date.
        "INSERT INTO core_auditlogexpiry (expired_before, removed, carried_out_at) "
        "VALUES (now(), 0, now())",
    ],
)
def test_the_application_role_cannot_rewrite_the_audit_log(application_role, coach, statement):
    event = audit_record(actor=coach, action="client.view")
    with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
        _as_application(statement)
    assert AuditEvent.objects.get(pk=event.pk).action == "client.view"


def test_the_application_role_still_writes_the_records_it_works_on(application_role, area):
    assert (
        _as_application("UPDATE core_employmentarea SET name_fi = name_fi WHERE id = %s", [area.pk])
        == 1
    )


def test_a_superuser_is_refused_as_the_application_role(db):
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_application_role", connection.settings_dict["USER"] or "postgres")
