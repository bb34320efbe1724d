"""The end of retention for what the client rule does not cover: a wage subsidy's own ten
years, the audit log's events through the manager's list, and staff accounts ended as a
pseudonym while the records they made keep pointing to them."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone, translation

from osmari.accounts.models import Role, User
from osmari.accounts.services import user_deactivate
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.clients.models import Client, JournalEntry
from osmari.core.audit import audit_record
from osmari.core.models import AuditEvent, AuditLogExpiry
from osmari.employers.tests.builders import make_position
from osmari.placements.tests.builders import period_record
from osmari.privacy import destruction, retention
from osmari.privacy.models import DestructionEntry, DestructionList
from osmari.privacy.tests.test_retention import make_client, run

pytestmark = [pytest.mark.django_db]

TODAY = date(2026, 7, 15)
KEPT = {"service_years": 5, "esf_years": 5}


def command(name: str, *args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(name, *args, stdout=out)
    return out.getvalue()


# --- A wage subsidy's ten years ---------------------------------------------------------------


def test_state_aid_keeps_a_record_the_general_rule_would_let_go_and_says_why():
    aided = retention.ClientFacts(service_days=(date(2019, 5, 4),), aid_granted=(date(2019, 3, 1),))
    general = retention.ClientFacts(service_days=(date(2019, 5, 4),))
    assert retention.client_verdict(general, date(2025, 1, 1), **KEPT).due
    verdict = retention.client_verdict(aided, date(2025, 1, 1), **KEPT)
    assert (verdict.due, verdict.held_because, verdict.kept_until) == (
        False,
        "state_aid",
        date(2029, 12, 31),
    )
    # Within the general period the general reason stands.
    assert retention.client_verdict(aided, date(2024, 6, 1), **KEPT).held_because == (
        "within_period"
    )
    assert retention.client_verdict(aided, date(2030, 1, 1), **KEPT).due


@pytest.fixture
def subsidised(area, coach, organisation):
    """Served last in 2020 in a wage-subsidised period decided on 2.3.2020: the general
    five years ended with 2025, the state aid's ten years end with 2030."""
    client = make_client(area, coach, "Tuettu", date(2020, 5, 4))
    Client.objects.filter(pk=client.pk).update(coach=coach)
    client.refresh_from_db()
    position = make_position(organisation, coach)
    period = period_record(
        client,
        position,
        date(2020, 3, 2),
        date(2020, 5, 4),
        ended=date(2020, 5, 4),
        kind="wage_subsidy",
    )
    type(period).objects.filter(pk=period.pk).update(official_on=date(2020, 3, 2))
    return client


def test_the_dry_run_keeps_a_wage_subsidy_period_ten_years_from_its_decision(
    area, subsidised, manager
):
    out = run("--dry-run", "--area", area.code, "--today", TODAY.isoformat())
    assert "Client record: 0 due, destroyed" in out
    assert (
        "kept, a wage subsidy or other state aid granted for a period: ten years from its "
        "decision: 1"
    ) in out
    assert not DestructionList.objects.exists()
    assert destruction.prepare(actor=manager, area=area, today=TODAY).counts["client"] == 0
    later = run("--dry-run", "--area", area.code, "--today", "2031-01-01")
    assert "Client record: 1 due, destroyed" in later
    assert Client.objects.filter(pk=subsidised.pk).exists()


# --- The audit log, through the manager's list -------------------------------------------------

MOVE_BACK = "UPDATE core_auditevent SET occurred_at = %s WHERE id = %s"


def old_event(actor, area, when: datetime) -> AuditEvent:
    event = audit_record(actor=actor, action="client.view", area=area)
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
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(MOVE_BACK, [when, event.pk])
            cursor.execute("SET session_replication_role = DEFAULT")
    return event


@pytest.fixture
def events(area, other_area, coach):
    long_ago = timezone.make_aware(datetime(2020, 1, 5, 12))
    return {
        "old": old_event(coach, area, long_ago),
        "recent": old_event(coach, area, timezone.make_aware(datetime(2022, 6, 1, 12))),
        "other_area": old_event(coach, other_area, long_ago),
        "no_area": old_event(coach, None, long_ago),
    }


def test_the_log_goes_only_past_its_period_and_only_after_the_managers_approval(
    area, events, manager
):
    out = run("--dry-run", "--area", area.code, "--today", TODAY.isoformat())
    assert "Audit log: 1 due, destroyed" in out
    assert AuditEvent.objects.filter(pk=events["old"].pk).exists()

    listing = destruction.prepare(actor=manager, area=area, today=TODAY)
    assert listing.counts["log"] == 1
    entry = listing.entries.get(record_type="log")
    assert (entry.object_pk, entry.records) == ("before:2021-07-15", 1)
    with pytest.raises(destruction.NotApproved):
        destruction.execute(actor=None, listing=listing, today=TODAY)
    assert AuditEvent.objects.filter(pk=events["old"].pk).exists()

    destruction.approve(actor=manager, listing=listing)
    outcome = destruction.execute(actor=None, listing=listing, today=TODAY)
    assert outcome.destroyed["log"] == 1
    assert not AuditEvent.objects.filter(pk=events["old"].pk).exists()
    # Within its period, another area's, or on no area's list: kept.
    for kept in ("recent", "other_area", "no_area"):
        assert AuditEvent.objects.filter(pk=events[kept].pk).exists(), kept

    entry.refresh_from_db()
    assert entry.destroyed_at is not None
    assert AuditLogExpiry.objects.exists()
    # What went is recorded by how many and from when to when, not by what it said.
    record = AuditEvent.objects.get(action="retention.log_expire")
    assert record.changes["removed"] == [None, 1]
    assert record.changes["from"][1].startswith("2020-01-05")
    assert record.changes["before"][1].startswith("2021-07-15")
    assert "client.view" not in str(record.changes)

    # Idempotent: the list is done, and a new one finds nothing more of the area's.
    assert destruction.execute(actor=None, listing=listing, today=TODAY).already_done
    assert destruction.prepare(actor=manager, area=area, today=TODAY).counts["log"] == 0


def test_events_recorded_without_an_area_go_by_the_owners_command(events):
    assert "3 events occurred before 2021-07-15" in command(
        "expire_audit_log", "--dry-run", "--today", TODAY.isoformat()
    )
    out = command("expire_audit_log", "--without-area", "--today", TODAY.isoformat())
    assert "1 event without an area that occurred before 2021-07-15 was removed." in out
    assert not AuditEvent.objects.filter(pk=events["no_area"].pk).exists()
    assert AuditEvent.objects.filter(pk=events["old"].pk).exists()


def test_the_owners_command_carries_out_only_approved_log_ranges(area, events, manager):
    listing = destruction.prepare(actor=manager, area=area, today=TODAY)
    assert "No approved list" in command("expire_audit_log")
    assert AuditEvent.objects.filter(pk=events["old"].pk).exists()
    destruction.approve(actor=manager, listing=listing)
    out = command("expire_audit_log")
    assert f"List {listing.pk} ({area.code}): 1 event that occurred before 2021-07-15" in out
    assert not AuditEvent.objects.filter(pk=events["old"].pk).exists()
    assert DestructionEntry.objects.get(record_type="log").destroyed_at is not None
    assert "No approved list" in command("expire_audit_log")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")
def test_where_the_application_may_not_remove_events_the_range_waits_for_the_owner(
    area, events, manager
):
    role = "osmari_app_under_test"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    call_command("grant_application_role", role, stdout=io.StringIO())
    listing = destruction.prepare(actor=manager, area=area, today=TODAY)
    destruction.approve(actor=manager, listing=listing)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        outcome = destruction.execute(actor=None, listing=listing, today=TODAY)
        cursor.execute("RESET ROLE")
    assert outcome.waiting_for_owner == 1
    assert AuditEvent.objects.filter(pk=events["old"].pk).exists()
    assert DestructionEntry.objects.get(record_type="log").destroyed_at is None
    # The owner carries out what the manager approved.
    assert "1 event that occurred before 2021-07-15" in command("expire_audit_log")
    assert not AuditEvent.objects.filter(pk=events["old"].pk).exists()


# --- Staff accounts ended as a pseudonym --------------------------------------------------------


def test_an_ended_account_keeps_its_row_under_a_pseudonym_and_cannot_log_in(
    area, admin, coach, manager
):
    leaver = make_person("poistuva@example.fi", Role.COACH, area)
    client = make_client(area, coach, "Asiakas", TODAY)
    entry = JournalEntry.objects.create(
        client=client, kind="note", occurred_on=date(2024, 1, 5), text="x", author=leaver
    )
    user_deactivate(actor=admin, user=leaver, reason="left the area")
    User.objects.filter(pk=leaver.pk).update(deactivated_on=date(2024, 3, 10))

    listing = destruction.prepare(actor=manager, area=area, today=TODAY)
    destruction.approve(actor=manager, listing=listing)
    destruction.execute(actor=None, listing=listing, today=TODAY)

    leaver.refresh_from_db()
    # Name and address are gone from the database, not only from the pages.
    assert not User.objects.filter(full_name__icontains="poistuva").exists()
    assert not User.objects.filter(email__icontains="poistuva").exists()
    with translation.override("en"):
        assert str(leaver) == f"Former user #{leaver.pk}"
        # The records the holder made still point to the row, shown by the pseudonym.
        assert str(JournalEntry.objects.get(pk=entry.pk).author) == f"Former user #{leaver.pk}"
    request = RequestFactory().post("/accounts/login/")
    for address in ("poistuva@example.fi", leaver.email):
        assert authenticate(request, username=address, password=PASSWORD) is None
