import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_about_page_names_the_sources_and_the_esco_attribution(client):
    response = client.get(reverse("core:about"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = response.content.decode()
    assert "This service uses the ESCO classification of the European Commission." in text
    assert "Statistics Finland" in text
    assert ">308<" in text


def test_about_page_is_in_finnish_by_default(client):
    response = client.get(reverse("core:about"))
    assert 'lang="fi"' in response.content.decode()
    assert "Tietolähteet" in response.content.decode()


def test_health_answers_without_login(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_every_response_carries_a_request_id_and_a_strict_content_security_policy(client):
    response = client.get(reverse("core:about"))
    assert len(response["X-Request-ID"]) >= 8
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
