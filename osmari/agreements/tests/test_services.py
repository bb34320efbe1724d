from datetime import date

import pytest
from django.core.exceptions import ValidationError

from osmari.agreements import services
from osmari.agreements.models import AGREEMENT_LIFE, AgreementStatus, AgreementTransition
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


@pytest.fixture
def agreement(coach, organisation):
    return services.agreement_create(
        actor=coach,
        organisation=organisation,
        valid_from=date(2026, 11, 1),
        texts={"purpose": "Työkokeilupaikat", "tasks": "Varastotyöt"},
    )


def _sign_both(coach, agreement):
    for party in ("organisation", "authority"):
        services.signature_record(
            actor=coach, agreement=agreement, party=party, signer_name="N.N.", signed_on=TODAY
        )


def test_a_new_agreement_is_a_draft_with_every_template_section(agreement):
    version = agreement.versions.get()
    assert agreement.status == "draft" and version.number == 1
    assert version.texts.count() == 12
    assert version.texts.get(section_key="tasks").text == "Varastotyöt"


def test_the_whole_life_of_an_agreement_with_history_and_audit(coach, agreement):
    services.agreement_transition(actor=coach, agreement=agreement, to_status="sent", today=TODAY)
    _sign_both(coach, agreement)
    services.agreement_transition(actor=coach, agreement=agreement, to_status="signed", today=TODAY)
    services.agreement_transition(actor=coach, agreement=agreement, to_status="active", today=TODAY)
    assert agreement.next_review_on == date(2027, 11, 27)
    services.agreement_transition(
        actor=coach, agreement=agreement, to_status="review_due", today=TODAY
    )
    services.agreement_transition(actor=coach, agreement=agreement, to_status="active", today=TODAY)
    services.agreement_transition(actor=coach, agreement=agreement, to_status="ended", today=TODAY)
    steps = list(
        AgreementTransition.objects.filter(agreement=agreement)
        .order_by("id")
        .values_list("to_status", flat=True)
    )
    assert steps == ["sent", "signed", "active", "review_due", "active", "ended"]
    assert AuditEvent.objects.filter(action="agreement.status_change").count() == 6


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (s, t)
        for s in AgreementStatus.values
        for t in AgreementStatus.values
        if t not in AGREEMENT_LIFE.moves[s]
    ],
)
def test_every_move_outside_the_table_is_refused(coach, agreement, start, target):
    agreement.status = start
    agreement.save()
    with pytest.raises(ValidationError):
        services.agreement_transition(
            actor=coach, agreement=agreement, to_status=target, today=TODAY
        )
    agreement.refresh_from_db()
    assert agreement.status == start


def test_signing_needs_both_parties_on_the_latest_version(coach, agreement):
    services.agreement_transition(actor=coach, agreement=agreement, to_status="sent", today=TODAY)
    services.signature_record(
        actor=coach, agreement=agreement, party="organisation", signer_name="N.N.", signed_on=TODAY
    )
    with pytest.raises(ValidationError, match="Molempien"):
        services.agreement_transition(
            actor=coach, agreement=agreement, to_status="signed", today=TODAY
        )


def test_an_amendment_is_a_new_version_that_says_what_changed_and_needs_new_signatures(
    coach, agreement
):
    services.agreement_transition(actor=coach, agreement=agreement, to_status="sent", today=TODAY)
    _sign_both(coach, agreement)
    version = services.agreement_amend(
        actor=coach,
        agreement=agreement,
        texts={"tasks": "Varasto- ja pihatyöt"},
        summary="Pihatyöt mukaan",
    )
    assert version.number == 2 and version.changed_sections == "tasks"
    assert version.texts.get(section_key="purpose").text == "Työkokeilupaikat"
    assert agreement.status == "draft"
    assert not version.signatures.exists()
    with pytest.raises(ValidationError):
        services.agreement_amend(
            actor=coach, agreement=agreement, texts={"tasks": "Varasto- ja pihatyöt"}, summary=""
        )


def test_an_agreement_cannot_start_before_its_validity(coach, organisation):
    future = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2027, 1, 1), texts={}
    )
    services.agreement_transition(actor=coach, agreement=future, to_status="sent", today=TODAY)
    _sign_both(coach, future)
    services.agreement_transition(actor=coach, agreement=future, to_status="signed", today=TODAY)
    with pytest.raises(ValidationError):
        services.agreement_transition(
            actor=coach, agreement=future, to_status="active", today=TODAY
        )


def test_reminders_mark_reviews_due_and_warn_of_expiry_once(coach, organisation, mailoutbox):
    organisation.owner = coach
    organisation.save()
    agreement = services.agreement_create(
        actor=coach,
        organisation=organisation,
        valid_from=date(2025, 11, 1),
        valid_until=date(2026, 12, 15),
        review_every_months=6,
        texts={},
    )
    services.agreement_transition(actor=coach, agreement=agreement, to_status="sent", today=TODAY)
    _sign_both(coach, agreement)
    services.agreement_transition(actor=coach, agreement=agreement, to_status="signed", today=TODAY)
    services.agreement_transition(
        actor=coach, agreement=agreement, to_status="active", today=date(2026, 5, 1)
    )
    assert agreement.next_review_on == date(2026, 11, 1)
    sent = services.agreement_reminders_send(today=TODAY)
    assert sent == {"review": 1, "expiry": 1}
    agreement.refresh_from_db()
    assert agreement.status == "review_due"
    assert len(mailoutbox) == 2 and mailoutbox[0].to == [coach.email]
    assert services.agreement_reminders_send(today=TODAY) == {"review": 0, "expiry": 0}
    assert len(mailoutbox) == 2
    notices = AuditEvent.objects.filter(action="agreement.notice_email", object_id=agreement.pk)
    assert [e.recipient for e in notices] == [f"user:{coach.pk}", f"user:{coach.pk}"]


def test_information_exchange_meetings_are_logged_and_audited(coach, agreement):
    services.meeting_record(
        actor=coach,
        agreement=agreement,
        held_on=TODAY,
        participants="Ohjaaja, valmentaja",
        notes="Palautteen jakaminen sovittu",
    )
    assert agreement.meetings.count() == 1
    assert AuditEvent.objects.filter(action="agreement.meeting").exists()


def test_a_replaced_scan_is_deleted_from_storage_once_the_new_one_is_saved(
    coach, agreement, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.agreement_transition(
        actor=coach, agreement=agreement, to_status="sent", today=date(2026, 11, 27)
    )

    def sign(content: bytes):
        with django_capture_on_commit_callbacks(execute=True):
            return services.signature_record(
                actor=coach,
                agreement=agreement,
                party="organisation",
                signer_name="Jari Kärkkäinen",
                signed_on=date(2026, 11, 27),
                scan=SimpleUploadedFile("scan.pdf", content),
            )

    first = sign(b"%PDF-1.4 first")
    old_name, storage = first.scan.name, first.scan.storage
    assert storage.exists(old_name)
    second = sign(b"%PDF-1.4 second, legible")
    assert second.pk == first.pk
    assert not storage.exists(old_name)
    with second.scan.open("rb") as scan:
        assert scan.read() == b"%PDF-1.4 second, legible"


def test_a_replacement_that_is_not_a_scan_keeps_the_old_one(coach, agreement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.agreement_transition(
        actor=coach, agreement=agreement, to_status="sent", today=date(2026, 11, 27)
    )
    fields = {"party": "organisation", "signer_name": "N.N.", "signed_on": date(2026, 11, 27)}
    first = services.signature_record(
        actor=coach, agreement=agreement, scan=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), **fields
    )
    with pytest.raises(ValidationError) as refused:
        services.signature_record(
            actor=coach,
            agreement=agreement,
            scan=SimpleUploadedFile("b.pdf", b"<html></html>"),
            **fields,
        )
    assert "scan" in refused.value.message_dict
    assert first.scan.storage.exists(first.scan.name)
