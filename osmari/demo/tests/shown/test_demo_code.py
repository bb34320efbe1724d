import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from osmari.demo import seeding

pytestmark = pytest.mark.django_db


def _code(email: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("demo_code", email, stdout=out)
    return out.getvalue().strip()


def test_a_demo_login_goes_in_with_the_printed_code(demo):
    output = demo.printed
    assert seeding.DEMO_AUTHENTICATOR_KEY in output
    client = Client()
    client.post(
        reverse("accounts:login"),
        {"username": "coach@demo.osmari.fi", "password": seeding.DEMO_PASSWORD},
    )
    code = _code("coach@demo.osmari.fi")
    assert len(code) == 6 and code.isdigit()
    response = client.post(reverse("accounts:second_factor_verify"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200


def test_demo_code_refuses_a_production_deployment_and_unknown_logins(settings, demo):
    with pytest.raises(CommandError, match="No login"):
        _code("nobody@demo.osmari.fi")
    settings.DEPLOYMENT = "production"
    with pytest.raises(CommandError, match="production"):
        _code("coach@demo.osmari.fi")
