import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.employers.models import LetterOfIntent, Organisation
from osmari.reporting.models import Programme

pytestmark = pytest.mark.django_db


def test_the_demo_has_letters_of_intent_counted_against_the_target(login, demo):
    interested = Organisation.objects.filter(
        stage__in=("interested", "agreement_in_preparation", "active_partner")
    )
    assert interested.exists()
    assert not interested.filter(letters_of_intent__isnull=True).exists()
    assert LetterOfIntent.objects.exclude(document="").exists()
    assert not LetterOfIntent.objects.filter(signatory="").exists()
    manager = User.objects.get(email="manager@demo.osmari.fi")
    programme = Programme.objects.filter(area__code="mikkeli").order_by("pk").first()
    http = login(manager)
    http.cookies["django_language"] = "en"
    page = http.get(reverse("reporting:partners", args=[programme.pk]))
    assert page.status_code == 200
    assert f"/ {programme.target_organisations}" in page.content.decode()
    letter = LetterOfIntent.objects.exclude(document="").order_by("pk").first()
    document = http.get(
        reverse("employers:letter_document", args=[letter.organisation_id, letter.pk])
    )
    assert b"".join(document.streaming_content).startswith(b"%PDF-")
