"""Schemathesis against the live OpenAPI description, with a token of each kind: no server
error, and every answer (status, media type, headers, body) as the description says.

Each operation gets a bounded number of generated examples (API_FUZZ_EXAMPLES, 15 by
default); half of them use the keys of real rows of the token's own scope, so that the
operations are also fuzzed past their 404."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from osmari.api.tests.scope import KINDS, ScopeWorld

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    # As Django's own test client does: a request's end must not close the connection that
    # holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_in_test_transaction):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(operation, key: str, known: dict[str, int]) -> tuple[int, list[str]]:
    """Run one operation's examples; how many ran and the first failure, if any."""
    examples, failures = 0, []

    @settings_for_fuzz
    @given(case=operation.as_strategy(), use_known=st.booleans())
    def fuzz(case, use_known):
        nonlocal examples
        examples += 1
        if use_known and case.path_parameters:
            case.path_parameters = {
                name: known.get(name, value) for name, value in case.path_parameters.items()
            }
        case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)

    try:
        fuzz()
    except AssertionError as failure:
        failures.append(f"{operation.label}: {str(failure).strip()[:500]}")
    return examples, failures


@pytest.mark.parametrize("kind", KINDS)
def test_every_operation_answers_as_described(api_schema, scope_world: ScopeWorld, kind, settings):
    settings.API_CALLS_PER_MINUTE = 100_000
    key = scope_world.tokens[(kind, "own")]
    operations = _operations(api_schema)
    examples, failures = 0, []
    for operation in operations:
        ran, failed = _fuzz(operation, key, scope_world.keys)
        examples += ran
        failures += failed
    summary = f"{len(operations)} operations, {examples} examples, {len(failures)} failed"
    print(f"\nfuzz {kind}: {summary}")
    assert failures == []


settings_for_fuzz = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
