"""The public accessibility statement (Act 306/2019, section 15)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _statement(client, language: str = "en") -> str:
    response = client.get(reverse("core:accessibility"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_it_is_public_in_every_language(client, language):
    text = _statement(client, language)
    assert f'lang="{language}"' in text
    for section in ("status", "shortcomings", "prepared", "feedback", "enforcement"):
        assert f'id="{section}"' in text
    assert "saavutettavuus@traficom.fi" in text


def test_it_has_what_the_law_asks(client):
    text = _statement(client)
    for heading in (
        "Compliance status",
        "Content that is not accessible",
        "How this statement was prepared",
        "Feedback on accessibility",
        "Enforcement procedure",
    ):
        assert f">{heading}</h2>" in text
    assert "Osmari partially meets the accessibility requirements (WCAG 2.1 AA)" in text
    assert "axe-core" in text
    assert "1.12.2026" in text
    assert "Finnish Transport and Communications Agency Traficom" in text


def test_the_known_shortcomings_are_said_as_they_are(client, settings):
    settings.SESSION_COOKIE_AGE = 45 * 60
    text = _statement(client)
    assert "PDF documents" in text
    assert "after 45 minutes without use" in text


def test_feedback_goes_to_each_areas_published_channel(client, area):
    area.accessibility_contact = "saavutettavuus@mikkeli.example"
    area.save()
    text = _statement(client)
    assert str(area) in text
    assert "saavutettavuus@mikkeli.example" in text
