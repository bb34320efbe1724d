from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from osmari.clients import consents
from osmari.clients.consents import ConsentMissingError
from osmari.clients.tests.builders import build_client
from osmari.core.models import AuditEvent
from osmari.core.pipeline import InvalidTransition
from osmari.employers import services
from osmari.employers.models import ENGAGEMENT, PipelineStage, PipelineTransition
from osmari.employers.selectors import contacts_due_for_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2077474-0", "2077474-0"),
        ("0166906-4", "0166906-4"),
        ("166906-4", "0166906-4"),
        (" 1899013-7 ", "1899013-7"),
    ],
)
def test_valid_business_ids_are_normalised(value, expected):
    assert services.normalise_business_id(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2077474-1", "tarkistusnumero"),
        ("1234567", "muodossa"),
        ("abc", "muodossa"),
        ("", "muodossa"),
    ],
)
def test_bad_business_ids_are_refused_in_finnish(value, message):
    with pytest.raises(ValidationError) as error:
        services.normalise_business_id(value)
    assert message in error.value.messages[0]


def _create(actor, area, business_id="2077474-0", **fields):
    defaults = {"name": "Saimaan Puutyö Oy", "municipality": area.municipalities.get(code="491")}
    defaults.update(fields)
    return services.organisation_create(actor=actor, area=area, business_id=business_id, **defaults)


def test_a_business_id_is_one_organisation_per_area_and_creation_is_audited(coach, area):
    organisation = _create(coach, area)
    with pytest.raises(services.OrganisationExistsError) as error:
        _create(coach, area, name="Toinen")
    assert error.value.existing == organisation
    assert AuditEvent.objects.filter(action="organisation.create", area=area).exists()


def _walk(actor, organisation, *stages):
    if not organisation.letters_of_intent.exists():
        services.letter_of_intent_record(
            actor=actor,
            organisation=organisation,
            signed_on=date(2026, 11, 1),
            signatory="Hanna Puustinen",
            today=date(2026, 12, 1),
        )
    for stage in stages:
        services.organisation_stage_change(actor=actor, organisation=organisation, to_stage=stage)


def test_the_pipeline_follows_its_table_with_history(coach, area):
    organisation = _create(coach, area)
    _walk(
        coach,
        organisation,
        "contacted",
        "interested",
        "agreement_in_preparation",
        "active_partner",
        "paused",
        "active_partner",
        "ended",
        "prospect",
    )
    assert organisation.stage == "prospect"
    history = list(PipelineTransition.objects.filter(organisation=organisation).order_by("id"))
    assert [(h.from_stage, h.to_stage) for h in history][:2] == [
        ("prospect", "contacted"),
        ("contacted", "interested"),
    ]
    assert AuditEvent.objects.filter(action="organisation.stage_change").count() == 8


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (start, target)
        for start in PipelineStage.values
        for target in PipelineStage.values
        if target not in ENGAGEMENT.moves[start]
    ],
)
def test_every_move_outside_the_table_is_refused(coach, area, start, target):
    organisation = _create(coach, area)
    organisation.stage = start
    organisation.save()
    with pytest.raises(InvalidTransition):
        services.organisation_stage_change(
            actor=coach,
            organisation=organisation,
            to_stage=target,
        )
    organisation.refresh_from_db()
    assert organisation.stage == start


def test_interest_needs_a_letter_of_intent(coach, area):
    organisation = _create(coach, area)
    services.organisation_stage_change(actor=coach, organisation=organisation, to_stage="contacted")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.organisation_stage_change(
            actor=coach, organisation=organisation, to_stage="interested"
        )
    assert "letter of intent" in str(error.value)
    organisation.refresh_from_db()
    assert organisation.stage == "contacted"


def test_a_letter_of_intent_lets_the_organisation_become_interested(
    coach, area, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    organisation = _create(coach, area)
    services.organisation_stage_change(actor=coach, organisation=organisation, to_stage="contacted")
    services.letter_of_intent_record(
        actor=coach,
        organisation=organisation,
        signed_on=date(2026, 10, 5),
        signatory="Hanna Puustinen",
        document=SimpleUploadedFile("aie.pdf", b"%PDF-1.4 letter", content_type="application/pdf"),
        today=date(2026, 12, 1),
    )
    services.organisation_stage_change(
        actor=coach, organisation=organisation, to_stage="interested"
    )
    organisation.refresh_from_db()
    assert organisation.stage == "interested"
    assert organisation.letter_of_intent_on == date(2026, 10, 5)
    letter = organisation.letters_of_intent.get()
    assert letter.signatory == "Hanna Puustinen"
    # Stored under a name of our making, whatever the upload was called.
    assert letter.document.name.endswith(".pdf") and "aie" not in letter.document.name
    assert AuditEvent.objects.filter(action="organisation.letter_of_intent_add").exists()


def test_a_letter_is_refused_if_its_document_is_not_a_pdf_or_image_or_it_is_dated_ahead(
    coach, area
):
    organisation = _create(coach, area)
    page = SimpleUploadedFile("aie.pdf", b"<html>not a letter</html>", content_type="text/html")
    with pytest.raises(ValidationError) as error:
        services.letter_of_intent_record(
            actor=coach,
            organisation=organisation,
            signed_on=date(2026, 10, 5),
            signatory="Hanna Puustinen",
            document=page,
            today=date(2026, 12, 1),
        )
    assert "document" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.letter_of_intent_record(
            actor=coach,
            organisation=organisation,
            signed_on=date(2027, 1, 5),
            signatory="Hanna Puustinen",
            today=date(2026, 12, 1),
        )
    assert "signed_on" in error.value.message_dict
    assert not organisation.letters_of_intent.exists()


def test_activities_set_the_next_contact_and_fill_the_due_list(coach, area):
    due = _create(coach, area)
    later = _create(coach, area, business_id="1899013-7", name="Myöhemmin ry")
    services.activity_add(
        actor=coach,
        organisation=due,
        kind="call",
        occurred_on=date(2026, 11, 1),
        next_contact_on=date(2026, 11, 20),
    )
    services.activity_add(
        actor=coach,
        organisation=later,
        kind="visit",
        occurred_on=date(2026, 11, 1),
        next_contact_on=date(2026, 12, 20),
    )
    assert list(contacts_due_for_user(user=coach, today=date(2026, 11, 27))) == [due]


def test_a_next_contact_before_the_activity_is_refused(coach, area):
    organisation = _create(coach, area)
    with pytest.raises(ValidationError):
        services.activity_add(
            actor=coach,
            organisation=organisation,
            kind="call",
            occurred_on=date(2026, 11, 10),
            next_contact_on=date(2026, 11, 1),
        )
    assert not organisation.activities.exists()


def test_sharing_needs_a_valid_consent(coach, area, organisation, other_organisation):
    client = build_client(actor=coach, area=area)
    with pytest.raises(ConsentMissingError):
        services.require_sharing_consent(client, organisation)
    consent = services.sharing_consent_give(actor=coach, client=client, organisation=organisation)
    assert services.require_sharing_consent(client, organisation) == consent
    with pytest.raises(ConsentMissingError):
        services.require_sharing_consent(client, other_organisation)
    consents.consent_withdraw(actor=coach, consent=consent)
    with pytest.raises(ConsentMissingError):
        services.require_sharing_consent(client, organisation)
    consent.refresh_from_db()
    assert consent.withdrawn_by == coach and consent.text.version == 1
