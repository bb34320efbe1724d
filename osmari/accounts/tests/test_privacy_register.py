"""The register of personal data, as the area's data protection officer reads it."""

import re

import pytest
from django.urls import reverse

from osmari.core import register

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_register_page_shows_every_personal_field_with_its_basis(login, admin):
    response = login(admin).get(reverse("accounts:privacy_register"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = _text(response)
    assert f"{len(register.inventory())} fields hold personal data" in text
    # Every field of the inventory is listed under its purpose.
    body = response.content.decode()
    for entry in register.inventory():
        assert f"<code>{entry.field}</code>" in body
    assert "Record of processing activities (GDPR art. 30)" in text
    assert "Special category: health" in text
    assert "Client record" in text and "Secret" in text
    # The worksheet says honestly what is not yet in place.
    assert "Planned, not yet in place" in text
    # Art. 30(1)(e) and (g): transfers and security measures are described.
    assert "No personal data is transferred outside the EU or the EEA." in text
    assert "Technical and organisational security measures" in text
    assert "To be confirmed by the data protection officer" in text


def test_the_register_page_speaks_finnish(login, manager):
    response = login(manager).get(reverse("accounts:privacy_register"), HTTP_ACCEPT_LANGUAGE="fi")
    text = _text(response)
    assert response.status_code == 200
    assert "Henkilötietojen rekisteri" in text
    assert "Erityinen henkilötietoryhmä: terveys" in text


def test_a_coach_does_not_reach_the_register(login, coach):
    assert login(coach).get(reverse("accounts:privacy_register")).status_code == 403
