"""Every request gets an id that is safe to log and to send back."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FRESH = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize(
    "incoming",
    [
        "abcdefgh\n",
        "abcdefgh\nSet-Cookie: sessionid=x",
        "<script>alert(1)</script>",
        "a" * 500,
        "short",
        "id with spaces 123",
        "",
    ],
)
def test_a_hostile_request_id_is_replaced_by_a_fresh_one(client, incoming):
    response = client.get(reverse("core:about"), HTTP_X_REQUEST_ID=incoming)
    assert response.status_code == 200
    assert FRESH.fullmatch(response["X-Request-ID"])
    assert response.wsgi_request.request_id == response["X-Request-ID"]


def test_a_proxys_well_formed_request_id_is_kept(client):
    response = client.get(reverse("core:about"), HTTP_X_REQUEST_ID="proxy-7f3a.91b2_c0")
    assert response["X-Request-ID"] == "proxy-7f3a.91b2_c0"
