"""While the database is away, a request gets a clear "try again" page, not an error."""

import socket

import pytest
from django.db import connection
from django.test import Client


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def postgres(request):
    # The test commits (a session must outlive the connection); the tables come back after.
    request.getfixturevalue("tables_put_back_afterwards")


class Database:
    """Sends the connection to a port where no database listens, the driver's own error
    as while PostgreSQL restarts, and brings it back."""

    def __init__(self):
        self.saved = dict(connection.settings_dict)

    def away(self):
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_unused_port()))

    def back(self):
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(self.saved)


@pytest.fixture
def database():
    database = Database()
    yield database
    database.back()


# Skipped before any fixture on SQLite: a test that commits would empty SQLite's tables for
# the tests after it, and its test database lives in memory, with no server to go away.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a database server going away")
@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_away_a_page_says_try_again_then_works_again(
    postgres, database, coach
):
    browser = Client(raise_request_exception=False)
    browser.force_login(coach)
    assert browser.get("/clients/").status_code == 200

    database.away()
    response = browser.get("/clients/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert "Yritä uudelleen" in text and "Mitään ei tallennettu" in text
    assert "Try again" in text

    # Back: the same session goes on, on a new connection.
    database.back()
    assert browser.get("/clients/").status_code == 200


# A deadlock is an OperationalError on a connection that still works: the request may have
# saved part of its work, so "nothing was saved, try again" would be wrong there too.
@pytest.mark.parametrize("error", [ValueError("not the database"), "deadlock"])
@pytest.mark.django_db
def test_any_other_failure_is_still_an_error_and_not_try_again(client, error):
    from django.db import OperationalError

    from osmari.core import views

    if error == "deadlock":
        error = OperationalError("deadlock detected")
    request = client.get("/health/").wsgi_request
    try:
        raise error
    except Exception:
        response = views.server_error(request)
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a database server going away")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("session_changed", [False, True])
def test_a_session_that_cannot_be_saved_after_the_view_is_not_a_bad_request(
    postgres, database, session_changed
):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse
    from django.test import RequestFactory

    from osmari.core.middleware import SessionMiddleware

    store = SessionStore()
    store["seen"] = 1
    store.create()

    def view(request):
        # Read before the view, as the login middleware does on every request.
        assert request.session["seen"] == 1
        if session_changed:
            request.session["working_area"] = 7
        # The view has done its work; the database goes while the answer is on its way.
        database.away()
        return HttpResponse("done")

    request = RequestFactory().get("/clients/")
    request.COOKIES["sessionid"] = store.session_key
    response = SessionMiddleware(view)(request)

    if session_changed:
        # The session itself was to change: try again.
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
    else:
        # Only its idle expiry was to move: the view's answer stands.
        assert response.status_code == 200
        assert response.content == b"done"
