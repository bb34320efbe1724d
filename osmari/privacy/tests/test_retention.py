"""The end of retention: what is due, the manager's approval, the destruction and its
record. The ESF+ numbers frozen before anyone's rows go: tests/test_retention_frozen.py."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from osmari.clients.models import Client, JournalEntry
from osmari.core.models import AuditEvent
from osmari.privacy import destruction, retention
from osmari.privacy.models import DestructionEntry, DestructionList

pytestmark = [pytest.mark.django_db]

TODAY = date(2026, 7, 15)


def run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def english(http):
    http.cookies["django_language"] = "en"
    return http


def make_client(area, coach, name: str, last_service_on: date) -> Client:
    client = Client.objects.create(
        area=area,
        personal_identity_code=f"TEST-{name}",
        first_name=name,
        last_name="Testi",
        birth_date=date(1980, 1, 1),
        municipality=area.municipalities.get(code="491"),
        last_service_on=last_service_on,
    )
    # Built long ago: only the last service decides.
    Client.objects.filter(pk=client.pk).update(created_at="2018-01-01T10:00Z")
    JournalEntry.objects.create(
        client=client, kind="note", occurred_on=last_service_on, text="x", author=coach
    )
    return client


@pytest.fixture
def people(area, coach):
    return {
        # Served last in 2020: kept to the end of 2025, due in 2026.
        "past": make_client(area, coach, "Mennyt", date(2020, 5, 4)),
        # Served last in 2021: kept to the end of 2026.
        "within": make_client(area, coach, "Pysyvä", date(2021, 2, 1)),
    }


def test_the_period_is_counted_from_the_end_of_the_year_of_the_last_service():
    facts = retention.ClientFacts(service_days=(date(2020, 5, 4), date(2019, 1, 1)))
    kept = {"service_years": 5, "esf_years": 5}
    assert not retention.client_verdict(facts, date(2025, 12, 31), **kept).due
    assert retention.client_verdict(facts, date(2026, 1, 1), **kept).due
    open_period = retention.ClientFacts(service_days=(date(2010, 1, 1),), open_service=True)
    assert retention.client_verdict(open_period, date(2030, 1, 1), **kept).held_because == (
        "open_service"
    )
    participant = retention.ClientFacts(
        service_days=(date(2020, 5, 4),), participant=True, esf_last_payments=(None,)
    )
    verdict = retention.client_verdict(participant, date(2040, 1, 1), **kept)
    assert verdict.held_because == "payment_not_recorded"
    paid = retention.ClientFacts(
        service_days=(date(2020, 5, 4),), participant=True, esf_last_payments=(date(2029, 3, 1),)
    )
    # The later of the two periods decides: the project's, to the end of 2034.
    assert not retention.client_verdict(paid, date(2034, 12, 31), **kept).due
    assert retention.client_verdict(paid, date(2035, 1, 1), **kept).due
    # A subsidy that may be state aid keeps the record ten years from the end of its year.
    aided = retention.ClientFacts(service_days=(date(2020, 5, 4),), aid_granted=(date(2020, 3, 1),))
    assert not retention.client_verdict(aided, date(2030, 12, 31), **kept).due
    assert retention.client_verdict(aided, date(2031, 1, 1), **kept).due


def test_the_dry_run_counts_what_is_due_per_record_type_and_changes_nothing(area, people):
    out = run("--dry-run", "--area", area.code, "--today", TODAY.isoformat())
    assert "Client record: 1 due, destroyed" in out
    assert "5 years, counted from the end of the year in which the client's last service" in out
    assert "Feedback survey and its answers: 0 due, destroyed" in out
    assert "Audit log: 0 due, destroyed" in out
    assert "Nothing was changed." in out
    assert Client.objects.filter(area=area).count() == 2
    assert not DestructionList.objects.exists()


def test_prepare_approve_and_carry_out_destroys_exactly_what_was_due(
    area, people, login, manager, coach
):
    run("--prepare", "--area", area.code, "--today", TODAY.isoformat())
    listing = DestructionList.objects.get()
    assert listing.counts == {"client": 1, "feedback": 0, "account": 0, "log": 0, "programme": 0}
    past, within = people["past"], people["within"]

    # Without the manager's approval nothing goes, and the command says so.
    with pytest.raises(CommandError, match="has not been approved by the manager"):
        run("--list", str(listing.pk), "--today", TODAY.isoformat())
    assert "Waiting for the manager's approval" in run("--today", TODAY.isoformat())
    assert Client.objects.filter(pk=past.pk).exists()

    # Only the manager approves.
    assert login(coach).post("/privacy/retention/approve/", {"list": listing.pk}).status_code in (
        403,
        404,
    )
    http = english(login(manager))
    page = http.get("/privacy/retention/")
    assert page.status_code == 200 and "Approve the destruction" in page.text
    response = http.post("/privacy/retention/approve/", {"list": listing.pk})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.approved_by == manager

    out = run("--today", TODAY.isoformat())
    assert "destroyed client 1" in out
    assert not Client.objects.filter(pk=past.pk).exists()
    assert not JournalEntry.objects.filter(client_id=past.pk).exists()
    assert Client.objects.filter(pk=within.pk).exists()
    entry = DestructionEntry.objects.get()
    assert (entry.model_label, entry.object_pk, entry.person_ref) == (
        "clients.Client",
        str(past.pk),
        f"client:{past.pk}",
    )
    assert entry.destroyed_at is not None
    # The proof of destruction holds no name.
    assert "Mennyt" not in str(DestructionEntry.objects.values().get())
    event = AuditEvent.objects.get(action="retention.destroy")
    assert event.person_ref == f"client:{past.pk}"

    # Again: nothing more goes.
    assert "Nothing to destroy" in run("--today", TODAY.isoformat())
    assert "carried out already" in run("--list", str(listing.pk), "--today", "2026-07-16")
    assert Client.objects.filter(pk=within.pk).exists()
    assert AuditEvent.objects.filter(action="retention.destroy").count() == 1


def test_a_client_back_in_service_before_the_list_is_carried_out_is_kept(area, people, manager):
    listing = destruction.prepare(actor=manager, area=area, today=TODAY)
    destruction.approve(actor=manager, listing=listing)
    Client.objects.filter(pk=people["past"].pk).update(last_service_on=TODAY)
    outcome = destruction.execute(actor=None, listing=listing, today=TODAY)
    assert outcome.no_longer_due == {"client": 1}
    assert Client.objects.filter(pk=people["past"].pk).exists()


def test_the_approval_page_asks_for_a_list(login, manager):
    response = english(login(manager)).post("/privacy/retention/approve/", {})
    assert response.status_code == 422
    assert "Choose the list to approve." in response.text


def test_a_record_made_just_after_midnight_in_finland_counts_from_that_day(area, coach):
    """Half past midnight on New Year's Day in Finland is still the old year in UTC: the
    record's period is counted from the year it was made in Finland, not a year early."""
    from osmari.privacy import due

    client = make_client(area, coach, "Uusivuosi", date(2020, 5, 4))
    Client.objects.filter(pk=client.pk).update(created_at="2020-12-31T22:30Z", last_service_on=None)
    JournalEntry.objects.filter(client=client).delete()
    facts = due.client_facts(area)[client.pk]
    assert facts.service_days == (date(2021, 1, 1),)
    kept = {"service_years": 5, "esf_years": 5}
    assert not retention.client_verdict(facts, date(2026, 7, 1), **kept).due
