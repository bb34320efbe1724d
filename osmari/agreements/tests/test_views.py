import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from osmari.agreements import services
from osmari.agreements.models import CooperationAgreement, TemplateSection
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    data = {"valid_from": "2026-12-01", "valid_until": "", "review_every_months": "12"}
    data["section_tasks"] = "Varastotyöt ja keräily"
    data["section_information_exchange"] = "Tapaaminen kerran kuukaudessa"
    data.update(overrides)
    return data


def test_a_coach_creates_an_agreement_from_the_template_prefilled_from_the_record(
    login, coach, organisation
):
    http = login(coach)
    form = http.get(reverse("agreements:create", args=[organisation.pk])).content.decode()
    assert organisation.business_id in form  # the parties section is prefilled
    response = http.post(reverse("agreements:create", args=[organisation.pk]), _form_data())
    agreement = CooperationAgreement.objects.get()
    assert response.status_code == 302 and agreement.status == "draft"
    assert AuditEvent.objects.filter(action="agreement.create").exists()


def test_a_sections_guidance_is_shown_as_text_not_markup(login, coach, organisation):
    TemplateSection.objects.filter(key="tasks").update(
        guidance_fi='<script>alert("x")</script>Kuvaa tehtävät.'
    )
    page = login(coach).get(reverse("agreements:create", args=[organisation.pk])).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Kuvaa tehtävät." in page


def test_an_end_before_the_start_is_refused_on_the_form(login, coach, organisation):
    response = login(coach).post(
        reverse("agreements:create", args=[organisation.pk]), _form_data(valid_until="2026-01-01")
    )
    assert response.status_code == 422
    assert not CooperationAgreement.objects.exists()


def test_the_pdf_renders_with_the_sections_and_the_download_is_audited(
    login, coach, org_contact, organisation
):
    agreement = services.agreement_create(
        actor=coach,
        organisation=organisation,
        valid_from=date(2026, 12, 1),
        texts={"tasks": "Varastotyöt ja keräily"},
    )
    response = login(org_contact).get(reverse("agreements:pdf", args=[agreement.pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="yhteistyosopimus-{agreement.pk}-v1.pdf"'
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Varastotyöt ja keräily" in text
    for title in (
        "Sopijapuolet",
        "Tehtäväsisällöt",
        "Tiedonvaihto",
        "Tietosuoja",
        "Allekirjoitukset",
    ):
        assert title in text
    assert AuditEvent.objects.filter(action="agreement.download", actor=org_contact).exists()


def test_an_organisation_contact_reads_but_cannot_change_the_agreement(
    login, coach, org_contact, other_org_contact, organisation
):
    agreement = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 12, 1), texts={}
    )
    assert (
        login(org_contact).get(reverse("agreements:detail", args=[agreement.pk])).status_code == 200
    )
    assert (
        login(org_contact)
        .post(reverse("agreements:transition", args=[agreement.pk]), {"to_status": "sent"})
        .status_code
        == 403
    )
    agreement.refresh_from_db()
    assert agreement.status == "draft"
    assert (
        login(other_org_contact).get(reverse("agreements:detail", args=[agreement.pk])).status_code
        == 404
    )


def test_a_refused_transition_is_explained(login, coach, organisation):
    agreement = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 12, 1), texts={}
    )
    response = login(coach).post(
        reverse("agreements:transition", args=[agreement.pk]), {"to_status": "ended"}
    )
    assert response.status_code == 422
    assert "Sopimus ei voi siirtyä" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_a_signed_scan_is_attached_and_only_the_agreements_readers_get_it(
    login, coach, org_contact, other_org_contact, organisation
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 12, 1), texts={}
    )
    services.agreement_transition(
        actor=coach, agreement=agreement, to_status="sent", today=date(2026, 11, 27)
    )
    response = login(coach).post(
        reverse("agreements:signature_add", args=[agreement.pk]),
        {
            "party": "organisation",
            "signer_name": "Jari Kärkkäinen",
            "signed_on": "2026-11-27",
            "scan": SimpleUploadedFile("allekirjoitettu.pdf", b"%PDF-1.4 signed"),
        },
    )
    assert response.status_code == 302
    signature = agreement.versions.get().signatures.get()
    url = reverse("agreements:signature_scan", args=[agreement.pk, signature.pk])
    download = login(org_contact).get(url)
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    # Named by the service, never by the uploader's file name.
    assert download["Content-Disposition"] == (
        f'attachment; filename="allekirjoitus-{agreement.pk}-{signature.pk}.pdf"'
    )
    assert download["Content-Type"] == "application/pdf"
    assert login(other_org_contact).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="agreement.scan_download", actor=org_contact).exists()


def test_a_scan_of_the_wrong_type_is_refused_and_no_signature_saved(login, coach, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 12, 1), texts={}
    )
    services.agreement_transition(
        actor=coach, agreement=agreement, to_status="sent", today=date(2026, 11, 27)
    )
    response = login(coach).post(
        reverse("agreements:signature_add", args=[agreement.pk]),
        {
            "party": "organisation",
            "signer_name": "N.N.",
            "signed_on": "2026-11-27",
            "scan": SimpleUploadedFile("virus.exe", b"MZ"),
        },
    )
    assert response.status_code == 422
    assert not agreement.versions.get().signatures.exists()


def test_positions_without_an_active_agreement_are_flagged(login, coach, organisation):
    from osmari.employers.selectors import position_lacks_active_agreement
    from osmari.employers.services import position_save

    position = position_save(
        actor=coach,
        organisation=organisation,
        today=date(2026, 11, 27),
        kind="work_trial",
        title="Paikka",
        tasks="Työ",
        days_per_week=4,
        hours_per_day=6,
        municipality=organisation.municipality,
        open_from=date(2026, 1, 1),
    )
    assert position_lacks_active_agreement(position)
    page = login(coach).get(
        reverse("employers:detail", args=[organisation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "no active cooperation agreement" in page.content.decode()
    agreement = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 1, 1), texts={}
    )
    agreement.status = "active"
    agreement.save()
    assert not position_lacks_active_agreement(position)


def _sent(coach, organisation):
    agreement = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 12, 1), texts={}
    )
    services.agreement_transition(
        actor=coach, agreement=agreement, to_status="sent", today=date(2026, 11, 27)
    )
    return agreement


def _sign(http, agreement, scan, **headers):
    return http.post(
        reverse("agreements:signature_add", args=[agreement.pk]),
        {
            "party": "organisation",
            "signer_name": "Jari Kärkkäinen",
            "signed_on": "2026-11-27",
            "scan": scan,
        },
        **headers,
    )


def test_an_html_file_named_pdf_is_refused_in_the_users_language(login, coach, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = _sent(coach, organisation)
    page = b"<html><script>fetch('/clients/')</script></html>"
    response = _sign(
        login(coach),
        agreement,
        SimpleUploadedFile("signed.pdf", page, content_type="application/pdf"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "This file is not a PDF, JPEG or PNG file, whatever its name says." in (
        response.content.decode()
    )
    assert not agreement.versions.get().signatures.exists()


def test_a_scan_is_stored_under_a_name_of_our_making_that_follows_its_content(
    login, coach, organisation
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = _sent(coach, organisation)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = _sign(
        login(coach), agreement, SimpleUploadedFile("Jari Kärkkäinen 131052-308T.pdf", png)
    )
    assert response.status_code == 302
    stored = agreement.versions.get().signatures.get().scan.name
    assert stored.startswith("agreements/") and stored.endswith(".png")
    assert "Kärkkäinen" not in stored and "131052" not in stored


def test_a_file_over_the_limit_is_refused_with_the_limit_named(
    login, coach, organisation, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_MB = 1
    agreement = _sent(coach, organisation)
    too_big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = _sign(
        login(coach),
        agreement,
        SimpleUploadedFile("signed.pdf", too_big),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "The file is too large (at most 1 MB)." in response.content.decode()
    assert not agreement.versions.get().signatures.exists()
