"""Letters of intent: recorded with their signed document, needed for interest, and the
document opened only by those who follow the pipeline."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _letter(**extra):
    return {"signed_on": "2026-10-05", "signatory": "Hanna Puustinen", **extra}


def test_a_coach_records_a_signed_letter_and_the_organisation_can_become_interested(
    login, coach, organisation
):
    http = login(coach)
    http.post(reverse("employers:stage_change", args=[organisation.pk]), {"to_stage": "contacted"})
    refused = http.post(
        reverse("employers:stage_change", args=[organisation.pk]),
        {"to_stage": "interested"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 422
    assert "record the letter first" in refused.content.decode()
    scan = SimpleUploadedFile("aie.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = http.post(
        reverse("employers:letter_add", args=[organisation.pk]), _letter(document=scan)
    )
    assert response.status_code == 302
    response = http.post(
        reverse("employers:stage_change", args=[organisation.pk]), {"to_stage": "interested"}
    )
    organisation.refresh_from_db()
    assert organisation.stage == "interested"
    assert organisation.letter_of_intent_on == date(2026, 10, 5)
    page = http.get(reverse("employers:detail", args=[organisation.pk])).content.decode()
    assert "Hanna Puustinen" in page
    letter = organisation.letters_of_intent.get()
    download = http.get(reverse("employers:letter_document", args=[organisation.pk, letter.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="organisation.letter_of_intent_download").exists()


def test_a_document_that_is_not_a_pdf_or_image_is_refused_and_the_typed_fields_stay(
    login, coach, organisation
):
    page = SimpleUploadedFile("aie.pdf", b"<html>hello</html>", content_type="application/pdf")
    with translation.override("en"):
        response = login(coach).post(
            reverse("employers:letter_add", args=[organisation.pk]),
            _letter(document=page),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 422
    text = response.content.decode()
    assert "whatever its name says" in text
    assert 'value="Hanna Puustinen"' in text
    assert not organisation.letters_of_intent.exists()


def test_an_organisation_contact_sees_no_letters_and_cannot_add_or_open_one(
    login, coach, org_contact, organisation
):
    login(coach).post(reverse("employers:letter_add", args=[organisation.pk]), _letter())
    letter = organisation.letters_of_intent.get()
    http = login(org_contact)
    assert (
        "Hanna Puustinen"
        not in http.get(reverse("employers:detail", args=[organisation.pk])).content.decode()
    )
    assert http.post(
        reverse("employers:letter_add", args=[organisation.pk]), _letter()
    ).status_code in (403, 404)
    assert http.get(
        reverse("employers:letter_document", args=[organisation.pk, letter.pk])
    ).status_code in (403, 404)
