"""Registering for trainings, agreed benefits, certificates and the partner summary."""

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from osmari.agreements.models import AgreementStatus
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker
from osmari.employers.services import contact_add
from osmari.employers.tests.builders import make_position
from osmari.placements.tests.builders import period_record
from osmari.reciprocity import certificates, services
from osmari.reciprocity.models import Certificate, Delivery, Registration

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_a_contact_registers_a_new_instructor_who_becomes_a_contact(
    login, org_contact, organisation, training
):
    http = login(org_contact)
    response = http.post(
        reverse("reciprocity:event_register", args=[training.pk]),
        {"organisation": organisation.pk, "new_name": "Aino Ohjaaja"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.organisation == organisation
    assert registration.contact.role == "workplace_instructor"
    assert organisation.contacts.filter(name="Aino Ohjaaja").exists()


def test_a_contact_cannot_register_someone_of_another_organisation(
    login, org_contact, coach, organisation, other_organisation, training
):
    stranger = contact_add(
        actor=coach, organisation=other_organisation, name="Vieras", role="workplace_instructor"
    )
    http = login(org_contact)
    response = http.post(
        reverse("reciprocity:event_register", args=[training.pk]),
        {"organisation": other_organisation.pk, "contact": stranger.pk},
    )
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_a_full_event_and_a_second_registration_are_refused(coach, organisation, training):
    people = [
        contact_add(actor=coach, organisation=organisation, name=n, role="contact_person")
        for n in ("Yksi", "Kaksi", "Kolme")
    ]
    services.registration_add(
        actor=coach, event=training, organisation=organisation, contact=people[0]
    )
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_add(
            actor=coach, event=training, organisation=organisation, contact=people[0]
        )
    services.registration_add(
        actor=coach, event=training, organisation=organisation, contact=people[1]
    )
    with pytest.raises(ValidationError, match="full"):
        services.registration_add(
            actor=coach, event=training, organisation=organisation, contact=people[2]
        )


def test_attendance_is_a_delivery_and_a_completed_training_on_the_person(
    coach, organisation, training
):
    person = contact_add(actor=coach, organisation=organisation, name="Aino", role="contact_person")
    registration = services.registration_add(
        actor=coach, event=training, organisation=organisation, contact=person
    )
    with pytest.raises(ValidationError):
        services.attendance_record(actor=coach, event=training, present={registration.pk})
    with time_machine.travel("2026-12-07 13:00 +0200", tick=False):
        with pytest.raises(ValidationError, match="closed"):
            services.registration_add(
                actor=coach, event=training, organisation=organisation, new_name="Myöhässä"
            )
        services.attendance_record(actor=coach, event=training, present={registration.pk})
    delivery = Delivery.objects.get()
    assert (delivery.organisation, delivery.benefit, delivery.delivered_on) == (
        organisation,
        training.benefit,
        date(2026, 12, 7),
    )
    assert person.registrations.get().attended is True
    with time_machine.travel("2026-12-07 14:00 +0200", tick=False):
        services.attendance_record(actor=coach, event=training, present=set())
    assert not Delivery.objects.exists()


def test_agreed_benefits_write_the_reciprocity_section_as_a_new_version(
    login, coach, organisation, catalogue
):
    agreement = make_active_agreement(organisation, coach)
    agreement.versions.create(number=1, created_by=coach)
    http = login(coach)
    http.cookies["django_language"] = "en"
    url = reverse("reciprocity:agreed_benefits", args=[agreement.pk])
    bad = http.post(url, {f"b{catalogue['guidance_visit'].pk}": "many"})
    assert bad.status_code == 422 and "whole number" in bad.content.decode()
    assert not agreement.agreed_benefits.exists()
    http.post(
        url,
        {f"b{catalogue['guidance_visit'].pk}": "4", f"b{catalogue['instructor_training'].pk}": "1"},
    )
    agreement.refresh_from_db()
    assert agreement.agreed_benefits.count() == 2
    latest = agreement.versions.order_by("-number").first()
    assert latest.number == 2 and "reciprocity" in latest.changed_sections
    text = latest.texts.get(section_key="reciprocity").text
    assert "Guidance-support visit, 4 times a year" in text
    # A changed agreement is signed again.
    assert agreement.status == AgreementStatus.DRAFT


@pytest.fixture
def partner(area, coach, organisation):
    position = make_position(organisation, coach)
    client = make_jobseeker(coach, area)
    period_record(
        client,
        position,
        date(2026, 9, 1),
        date(2026, 10, 31),
        ended=date(2026, 10, 31),
        outcome="employed_same",
    )
    return organisation


def test_a_certificate_is_checked_against_the_public_page(login, org_contact, partner, client):
    http = login(org_contact)
    http.cookies["django_language"] = "en"
    refused = http.post(reverse("reciprocity:certificate_issue", args=[partner.pk]), follow=True)
    assert "Publish it first" in refused.content.decode()
    assert not Certificate.objects.exists()
    http.post(reverse("reciprocity:publish", args=[partner.pk]), {"consent": "yes"})
    download = http.post(reverse("reciprocity:certificate_issue", args=[partner.pk]), follow=True)
    certificate = Certificate.objects.get()
    text = _pdf_text(download)
    assert partner.name in text and "Partner" in text
    assert certificates.display(certificate.code) in text

    client.cookies["django_language"] = "en"
    genuine = client.get(reverse("reciprocity:verify"), {"code": certificate.code.lower()})
    assert genuine.status_code == 200 and "genuine" in genuine.content.decode()
    slug = partner.public_profile.slug
    assert client.get(reverse("reciprocity:public_profile", args=[slug])).status_code == 200

    # A forged code: well formed (its check character is right) but never issued.
    body = certificates.new_code()[:-1]
    forged = body + certificates.mod_37_36.calc_check_digit(body)
    response = client.get(reverse("reciprocity:verify_code", args=[forged]))
    assert response.status_code == 404 and "No public certificate" in response.content.decode()
    # A mistyped code is told apart.
    typo = certificate.code[:-1] + ("2" if certificate.code[-1] != "2" else "3")
    response = client.get(reverse("reciprocity:verify_code", args=[typo]))
    assert response.status_code == 404 and "typos" in response.content.decode()

    # Withdrawn consent: the page disappears and the certificate can no longer be checked.
    http.post(reverse("reciprocity:withdraw", args=[partner.pk]))
    assert client.get(reverse("reciprocity:public_profile", args=[slug])).status_code == 404
    gone = client.get(reverse("reciprocity:verify_code", args=[certificate.code]))
    assert gone.status_code == 404


def test_the_public_page_shows_no_person_and_no_small_group(client, partner, org_contact):
    services.profile_publish(actor=org_contact, organisation=partner)
    page = client.get(
        reverse("reciprocity:public_profile", args=[partner.public_profile.slug])
    ).content.decode()
    assert "Testi" not in page and "Asiakas" not in page
    # One period ended: where that person went is not shown.
    assert "Siirtymät työhön" not in page and "Moves into work" not in page.split("How the")[0]


def test_the_annual_summary_tells_what_was_given_and_got(login, coach, partner, catalogue):
    services.delivery_record(
        actor=coach,
        organisation=partner,
        benefit=catalogue["guidance_visit"],
        delivered_on=date(2026, 10, 1),
    )
    http = login(coach)
    http.cookies["django_language"] = "en"
    response = http.get(reverse("reciprocity:summary_pdf", args=[partner.pk, 2026]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kumppanikooste-{partner.pk}-2026.pdf"'
    )
    text = _pdf_text(response)
    assert partner.name in text
    assert "Guidance-support visit" in text
    assert "Participants hosted 1" in text
    # One ended period is fewer than the area's minimum: its outcome is not itemised.
    assert "Employed by the same organisation" not in text
    assert "from 5 ended periods" in text
    assert http.get(reverse("reciprocity:summary_pdf", args=[partner.pk, 2031])).status_code == 404
