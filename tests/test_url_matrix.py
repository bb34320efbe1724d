"""Every URL is classified here: who may use it. A new URL fails this test until it is.

`PUBLIC` needs no login, `TOKEN` is opened with a token in the address (no login),
`STAFF_SITE` is Django's technical admin (is_staff only); any other entry lists the roles.
The checks: anonymous users are sent to login; a persona without the role gets 403 or 404;
one with the role gets the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS

PUBLIC = "public"
TOKEN = "token"
STAFF_SITE = "staff_site"

# Every logged-in persona, with or without a role.
LOGGED_IN = frozenset(PERSONAS) - {"anonymous"}


@dataclass(frozen=True)
class Rule:
    access: str | frozenset[str]
    method: str = "GET"
    kwargs: dict = field(default_factory=dict)


MATRIX: dict[str, Rule] = {
    "core:about": Rule(PUBLIC),
    "core:health": Rule(PUBLIC),
    "set_language": Rule(PUBLIC, method="POST"),
    "accounts:login": Rule(PUBLIC),
    "accounts:logout": Rule(PUBLIC, method="POST"),
    "accounts:password_reset": Rule(PUBLIC),
    "accounts:password_reset_done": Rule(PUBLIC),
    "accounts:password_reset_complete": Rule(PUBLIC),
    "accounts:password_reset_confirm": Rule(TOKEN, kwargs={"uidb64": "MQ", "token": "set-by-mail"}),
    # Every logged-in person, with or without a role, has a start page and a password.
    "accounts:home": Rule(LOGGED_IN),
    "accounts:password_change": Rule(LOGGED_IN),
    "accounts:password_change_done": Rule(LOGGED_IN),
    "accounts:audit_list": Rule(frozenset({"admin"})),
    "accounts:audit_export": Rule(frozenset({"admin"})),
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )


def _classification(name: str) -> Rule | None:
    if name.startswith("admin:"):
        return Rule(STAFF_SITE)
    return MATRIX.get(name)


def test_every_url_is_classified():
    unclassified = sorted(name for name in _named_patterns() if _classification(name) is None)
    assert unclassified == [], f"Classify these URLs in tests/test_url_matrix.py: {unclassified}"


def test_the_matrix_names_no_url_that_is_gone():
    names = set(_named_patterns())
    assert sorted(set(MATRIX) - names) == []


CASES = [(name, persona) for name in MATRIX for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CASES)
def test_url_access_for_persona(request, login, name, persona):
    rule = MATRIX[name]
    user = request.getfixturevalue(persona)
    client = login(user)
    url = reverse(name, kwargs=rule.kwargs)
    response = client.post(url) if rule.method == "POST" else client.get(url)
    if rule.access in (PUBLIC, TOKEN):
        assert response.status_code < 500
        return
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif persona in rule.access:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)


@pytest.mark.django_db
def test_the_technical_admin_is_for_staff_only(login, admin, django_user_model):
    assert login(None).get("/admin/").status_code == 302
    # An area administrator is not a technical administrator.
    assert login(admin).get("/admin/").status_code == 302
    staff = django_user_model.objects.create_superuser(email="root@test.osmari.fi", password="x")
    assert login(staff).get("/admin/").status_code == 200
