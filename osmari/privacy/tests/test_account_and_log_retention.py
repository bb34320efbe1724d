"""The end of the retention of user accounts (pseudonymised, since records point to them)
and of the audit log itself (removed only under a recorded expiry)."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation

from osmari.accounts.models import Membership, Role, User
from osmari.accounts.services import user_deactivate, user_reactivate
from osmari.accounts.tests.builders import make_person
from osmari.clients.models import Client, JournalEntry
from osmari.core.audit import audit_record
from osmari.core.models import AuditEvent, AuditLogExpiry
from osmari.privacy import destruction, retention

pytestmark = [pytest.mark.django_db]

TODAY = date(2026, 7, 15)


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(command, *args, stdout=out)
    return out.getvalue()


def test_an_account_is_kept_two_years_from_the_end_of_its_last_role():
    ended = date(2024, 3, 10)
    assert not retention.account_verdict(ended, date(2026, 3, 10), years=2).due
    assert retention.account_verdict(ended, date(2026, 3, 11), years=2).due
    assert retention.account_verdict(None, date(2040, 1, 1), years=2).held_because == "in_use"


@pytest.fixture
def leaver(area, admin, coach):
    """A coach who left in 2024 and wrote in a client's journal before that."""
    person = make_person("lahtija@example.fi", Role.COACH, area)
    client = Client.objects.create(
        area=area,
        personal_identity_code="TEST-LEAVER",
        first_name="Asiakas",
        last_name="Testi",
        birth_date=date(1980, 1, 1),
        municipality=area.municipalities.get(code="491"),
        last_service_on=TODAY,
    )
    JournalEntry.objects.create(
        client=client, kind="note", occurred_on=date(2024, 1, 5), text="x", author=person
    )
    user_deactivate(actor=admin, user=person, reason="left the area")
    User.objects.filter(pk=person.pk).update(deactivated_on=date(2024, 3, 10))
    person.refresh_from_db()
    return person


def test_a_deactivated_account_records_the_day_and_reactivation_clears_it(area, admin, coach):
    user_deactivate(actor=admin, user=coach, reason="left")
    coach.refresh_from_db()
    assert coach.deactivated_on == timezone.localdate()
    user_reactivate(actor=admin, user=coach)
    coach.refresh_from_db()
    assert coach.deactivated_on is None and coach.is_active


def test_the_dry_run_counts_accounts_whose_retention_ended(area, leaver, coach, manager):
    out = run("apply_retention", "--dry-run", "--area", area.code, "--today", "2026-03-10")
    assert "User account: 0 due" in out
    out = run("apply_retention", "--dry-run", "--area", area.code, "--today", TODAY.isoformat())
    assert "User account: 1 due, personal data removed, a bare reference kept" in out
    assert "kept, the account is in use:" in out
    assert "Nothing was changed." in out
    leaver.refresh_from_db()
    assert leaver.email == "lahtija@example.fi"


def test_an_expired_account_loses_its_personal_data_and_keeps_the_records_it_made(
    area, leaver, manager
):
    listing = destruction.prepare(actor=manager, area=area, today=TODAY)
    assert listing.counts["account"] == 1
    destruction.approve(actor=manager, listing=listing)
    outcome = destruction.execute(actor=None, listing=listing, today=TODAY)
    assert outcome.destroyed["account"] == 1

    leaver.refresh_from_db()
    assert leaver.email == f"removed-{leaver.pk}@accounts.invalid"
    assert leaver.full_name == ""
    assert not leaver.has_usable_password() and not leaver.is_active
    assert leaver.personal_data_removed_on is not None
    assert not Membership.objects.filter(user=leaver).exists()
    # The journal entry the coach wrote is the client's record, and stays.
    assert JournalEntry.objects.filter(author=leaver).count() == 1
    event = AuditEvent.objects.get(action="user.personal_data_removed")
    assert event.object_id == str(leaver.pk)
    assert "lahtija" not in str(event.changes) and "lahtija" not in event.object_repr
    # The address is free again, and the account cannot be brought back.
    assert make_person("lahtija@example.fi").pk != leaver.pk
    with pytest.raises(ValidationError) as refused:
        user_reactivate(actor=manager, user=leaver)
    assert refused.value.code == "removed"
    # Nothing more to do on a second list.
    again = destruction.prepare(actor=manager, area=area, today=TODAY)
    assert again.counts["account"] == 0


def test_an_auditor_whose_lent_access_ran_out_is_due_two_years_later(area, manager):
    auditor = make_person("tarkastaja@example.fi", Role.AUDITOR, area, expires_on=date(2024, 1, 31))
    assert (
        destruction.prepare(actor=manager, area=area, today=date(2026, 1, 31)).counts["account"]
        == 0
    )
    listing = destruction.prepare(actor=manager, area=area, today=date(2026, 2, 1))
    assert listing.entries.get(record_type="account").object_pk == str(auditor.pk)


MOVE_BACK = "UPDATE core_auditevent SET occurred_at = %s WHERE id = %s"


def _old_event(coach, when: datetime) -> AuditEvent:
    event = audit_record(actor=coach, action="client.view")
    # The log refuses updates, so an old event is made by changing the clock it reads.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_append_only")
            cursor.execute(MOVE_BACK, [when, event.pk])
            cursor.execute(
                "CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent "
                "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
            )
        else:
            # The test's superuser may skip triggers for this one statement.
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(MOVE_BACK, [when, event.pk])
            cursor.execute("SET session_replication_role = DEFAULT")
    return event


def test_the_log_keeps_its_events_five_years_then_removes_them_under_a_recorded_expiry(coach):
    old = _old_event(coach, timezone.make_aware(datetime(2020, 1, 5, 12)))
    recent = _old_event(coach, timezone.make_aware(datetime(2022, 6, 1, 12)))
    assert "1 event occurred before 2021-07-15: its retention has ended." in run(
        "expire_audit_log", "--dry-run", "--today", TODAY.isoformat()
    )
    assert AuditEvent.objects.filter(pk=old.pk).exists()

    # These were recorded without an area, so on no area's list: the owner's command.
    out = run("expire_audit_log", "--without-area", "--today", TODAY.isoformat())
    assert "1 event without an area that occurred before 2021-07-15 was removed." in out
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    expiry = AuditLogExpiry.objects.get()
    assert expiry.removed == 1
    assert AuditEvent.objects.get(action="audit.log_expired").changes["removed"] == [None, 1]
    # Run again: nothing more.
    assert "0 events without an area" in run(
        "expire_audit_log", "--without-area", "--today", TODAY.isoformat()
    )


def test_the_database_still_refuses_to_remove_an_event_within_its_period(coach):
    AuditLogExpiry.objects.create(expired_before=timezone.now() - timedelta(days=365 * 5))
    event = audit_record(actor=coach, action="client.view")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
