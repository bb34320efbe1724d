"""Two coaches saving the same new client at the same moment make one client, and the second
is told the person is already a client: never two records, never a server error."""

import threading

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse

from osmari.clients.models import Client
from osmari.core.encryption import lookup_hash
from osmari.core.tests.builders import reference_area

# Valid identity codes, one per round: each round is a fresh race.
CODES = ["131052-308T", "010170-002K", "150585-123L", "220394-456K"]


@pytest.fixture
def area(db):
    return reference_area()


def _post(user, code: str):
    http = HttpClient(raise_request_exception=False)
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return http.post(
        reverse("clients:create"),
        {
            "personal_identity_code": code,
            "first_name": "Aino",
            "last_name": "Esimerkki",
            "gender": "female",
            "preferred_language": "fi",
            "postcode": "50100",
            "registered_jobseeker": "on",
        },
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_same_client_saved_twice_at_once_is_one_client_and_no_server_error(
    tables_put_back_afterwards, area, coach
):
    from osmari.clients.identity_codes import normalise_identity_code

    codes = [normalise_identity_code(code) for code in CODES]
    for code in codes:
        start = threading.Barrier(2)
        statuses: list[int] = []
        pages: list[str] = []

        def save(code=code, start=start, statuses=statuses, pages=pages):
            try:
                start.wait()
                response = _post(coach, code)
                statuses.append(response.status_code)
                pages.append(response.content.decode())
            finally:
                connection.close()

        threads = [threading.Thread(target=save) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [302, 422], code
        refused = next(page for status, page in zip(statuses, pages, strict=True) if status == 422)
        assert "Henkilö on jo asiakas" in refused
        assert Client.objects.filter(area=area, identity_hash=lookup_hash(code)).count() == 1
