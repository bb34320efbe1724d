import pytest
from django.db import connection, connections
from django.urls import reverse

from osmari.core import views

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


def test_health_answers_without_login_after_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.fixture
def unreachable_database(monkeypatch):
    """The health view's connection, pointed at a database that cannot be opened."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = "/nonexistent-folder/osmari.sqlite3"
    else:
        settings["NAME"] = "osmari_no_such_database"
    unreachable = type(connections["default"])(settings, alias="unreachable")
    monkeypatch.setattr(views, "connection", unreachable)
    yield
    unreachable.close()


def test_health_answers_503_while_the_database_cannot_be_reached(client, unreachable_database):
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert "no-cache" in response["Cache-Control"]


def test_the_database_connection_gives_up_after_a_timeout():
    options = connection.settings_dict["OPTIONS"]
    key = "timeout" if connection.vendor == "sqlite" else "connect_timeout"
    assert isinstance(options[key], int) and options[key] > 0


def test_every_response_carries_a_request_id_and_a_strict_content_security_policy(client):
    response = client.get(reverse("core:about"))
    assert len(response["X-Request-ID"]) >= 8
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
