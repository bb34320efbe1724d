"""A journal entry is corrected with its history kept; plans and their steps are changed,
each audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from osmari.clients import services
from osmari.clients.models import JournalCorrection, Plan, PlanStep
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are read in English here; the project's own default is Finnish."""
    with translation.override("en"):
        yield


@pytest.fixture
def jobseeker(coach, area):
    return make_jobseeker(coach, area)


@pytest.fixture
def entry(coach, jobseeker):
    return services.journal_add(
        actor=coach,
        client=jobseeker,
        kind="meeting",
        occurred_on=date(2026, 11, 2),
        text="Tapasimme. Asiakas kiinnostunut varastotyöstä.",
    )


def test_a_correction_keeps_the_earlier_text_who_when_and_why(coach, manager, entry):
    services.journal_correct(
        actor=coach,
        entry=entry,
        text="Tapasimme. Asiakas kiinnostunut kiinteistötyöstä.",
        reason="Väärä ala kirjattu",
        corrections_seen=0,
    )
    services.journal_correct(
        actor=manager,
        entry=entry,
        text="Tapasimme. Asiakas kiinnostunut kiinteistöhuollosta.",
        reason="Tarkennus",
        corrections_seen=1,
    )
    entry.refresh_from_db()
    assert entry.text.endswith("kiinteistöhuollosta.")
    assert entry.corrected_at is not None
    history = list(entry.corrections.values_list("previous_text", "reason", "corrected_by"))
    assert history == [
        ("Tapasimme. Asiakas kiinnostunut varastotyöstä.", "Väärä ala kirjattu", coach.pk),
        ("Tapasimme. Asiakas kiinnostunut kiinteistötyöstä.", "Tarkennus", manager.pk),
    ]
    events = AuditEvent.objects.filter(action="journal.correct")
    assert events.count() == 2
    # The audit log names the entry; the texts stay in the person's record.
    assert "kiinteist" not in str(events.first().changes)


@pytest.mark.parametrize(
    ("text", "reason", "field"),
    [
        ("", "Syy", "text"),
        ("   ", "Syy", "text"),
        ("Uusi teksti", "", "reason"),
        ("Tapasimme. Asiakas kiinnostunut varastotyöstä.", "Syy", "text"),
    ],
)
def test_a_correction_without_text_reason_or_change_is_refused(coach, entry, text, reason, field):
    with pytest.raises(ValidationError) as refused:
        services.journal_correct(
            actor=coach, entry=entry, text=text, reason=reason, corrections_seen=0
        )
    assert field in refused.value.message_dict
    assert not JournalCorrection.objects.exists()


def test_a_correction_made_meanwhile_is_not_overwritten(coach, manager, entry):
    services.journal_correct(
        actor=manager, entry=entry, text="Korjattu ensin", reason="Syy", corrections_seen=0
    )
    with pytest.raises(ValidationError, match="meanwhile"):
        services.journal_correct(
            actor=coach,
            entry=entry,
            text="Korjattu toiseen kertaan",
            reason="Syy",
            corrections_seen=0,
        )
    entry.refresh_from_db()
    assert entry.text == "Korjattu ensin"


def test_the_coach_corrects_an_entry_on_its_page(client, coach, jobseeker, entry):
    client.force_login(coach)
    url = reverse("clients:journal_entry", args=[jobseeker.pk, entry.pk])
    detail = client.get(reverse("clients:detail", args=[jobseeker.pk])).content.decode()
    assert url in detail
    response = client.post(
        url,
        {"text": "Korjattu teksti", "reason": "Kirjoitusvirhe", "corrections_seen": "0"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Korjattu teksti" in page
    assert "varastotyöstä" in page and "Kirjoitusvirhe" in page
    assert AuditEvent.objects.filter(
        action="client.view_journal_entry", person_ref=jobseeker.person_ref
    ).exists()


def test_bad_input_to_the_correction_keeps_what_was_typed(client, coach, jobseeker, entry):
    client.force_login(coach)
    url = reverse("clients:journal_entry", args=[jobseeker.pk, entry.pk])
    response = client.post(url, {"text": "Uusi\x00teksti", "reason": "", "corrections_seen": "x"})
    assert response.status_code == 422
    entry.refresh_from_db()
    assert entry.text.startswith("Tapasimme")


def test_a_manager_reads_the_history_but_does_not_correct(client, manager, jobseeker, entry):
    client.force_login(manager)
    url = reverse("clients:journal_entry", args=[jobseeker.pk, entry.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"] is None
    response = client.post(url, {"text": "X", "reason": "Y", "corrections_seen": "0"})
    assert response.status_code in (403, 404)
    entry.refresh_from_db()
    assert entry.text.startswith("Tapasimme")


def test_an_entry_of_another_client_is_not_found(client, coach, area, jobseeker, entry):
    other = make_jobseeker(coach, area, code="010190-123M")
    client.force_login(coach)
    response = client.get(reverse("clients:journal_entry", args=[other.pk, entry.pk]))
    assert response.status_code == 404


# ---------------------------------------------------------------- plans


@pytest.fixture
def step(coach, jobseeker):
    return services.plan_step_add(
        actor=coach,
        client=jobseeker,
        kind="employment",
        text="Päivitä CV",
        owner="asiakas",
        due_on=date(2026, 12, 1),
    )


def test_a_plan_step_is_changed_and_audited(coach, step):
    services.plan_step_edit(
        actor=coach,
        step=step,
        text="Päivitä CV ja hakemuspohja",
        owner="valmentaja",
        due_on=date(2026, 12, 15),
        done_on=None,
    )
    step.refresh_from_db()
    assert (step.text, step.owner, step.due_on) == (
        "Päivitä CV ja hakemuspohja",
        "valmentaja",
        date(2026, 12, 15),
    )
    event = AuditEvent.objects.get(action="plan.step_edit")
    assert event.changes["owner"] == ["asiakas", "valmentaja"]
    assert event.changes["due_on"] == ["2026-12-01", "2026-12-15"]


def test_an_unchanged_step_writes_no_audit(coach, step):
    services.plan_step_edit(
        actor=coach, step=step, text=step.text, owner=step.owner, due_on=step.due_on, done_on=None
    )
    assert not AuditEvent.objects.filter(action="plan.step_edit").exists()


def test_a_step_without_text_is_refused(coach, step):
    with pytest.raises(ValidationError):
        services.plan_step_edit(
            actor=coach, step=step, text=" ", owner="x", due_on=step.due_on, done_on=None
        )
    step.refresh_from_db()
    assert step.text == "Päivitä CV"


def test_the_step_page_changes_the_step_and_refuses_a_done_day_ahead(
    client, coach, jobseeker, step
):
    client.force_login(coach)
    url = reverse("clients:plan_step_edit", args=[jobseeker.pk, step.pk])
    assert client.get(url).status_code == 200
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url, {"text": "CV", "owner": "asiakas", "due_on": "2026-12-01", "done_on": str(tomorrow)}
    )
    assert response.status_code == 422
    response = client.post(
        url,
        {"text": "CV valmis", "owner": "asiakas", "due_on": "2026-12-01", "done_on": "2026-11-20"},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.text, step.done_on) == ("CV valmis", date(2026, 11, 20))


def test_a_step_of_another_client_is_not_found(client, coach, area, step):
    other = make_jobseeker(coach, area, code="010190-123M")
    client.force_login(coach)
    response = client.get(reverse("clients:plan_step_edit", args=[other.pk, step.pk]))
    assert response.status_code == 404
    assert PlanStep.objects.get(pk=step.pk).text == "Päivitä CV"


def test_the_plan_summary_is_written_and_changed(client, coach, jobseeker):
    client.force_login(coach)
    url = reverse("clients:plan_summary", args=[jobseeker.pk, "continuation"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"summary": "Tavoite: kiinteistöhuollon työ keväällä."})
    assert response.status_code == 302
    plan = Plan.objects.get(client=jobseeker, kind="continuation")
    assert plan.summary == "Tavoite: kiinteistöhuollon työ keväällä."
    event = AuditEvent.objects.get(action="plan.summary")
    assert "kiinteist" not in str(event.changes)
    assert (
        client.get(reverse("clients:plan_summary", args=[jobseeker.pk, "nope"])).status_code == 404
    )
