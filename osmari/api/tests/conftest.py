"""Tokens of each kind and a test client that sends one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from osmari.api.tokens import issue_token


class ApiClient(Client):
    """Django's test client with a bearer token on every request."""

    def __init__(self, key: str, **defaults) -> None:
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {key}", **defaults)
        self.key = key


@pytest.fixture
def api_as(area, organisation) -> Callable[..., ApiClient]:
    """A client calling with a new token: `api_as("reporting")`, `api_as("organisation",
    write=True)`, `api_as("system", area=other_area)`."""

    def _make(kind: str, *, write: bool = False, area=area, organisation=None) -> ApiClient:
        if kind == "organisation" and organisation is None:
            organisation = globals_organisation
        issued = issue_token(
            actor=None,
            area=area,
            kind=kind,
            organisation=organisation if kind == "organisation" else None,
            write=write,
            name=f"test {kind}",
        )
        return ApiClient(issued.key)

    globals_organisation = organisation
    return _make


@pytest.fixture
def scope_world(area, other_area):
    from osmari.api.tests.scope import build_scope_world

    return build_scope_world(area, other_area)
