"""Every operation replayed with the tokens beside the own one: another area's token of the
same kind, and for an organisation's operations another organisation's token of the same
area. None of them may read or change the own scope's rows.

The own token opens each operation first, with the keys of real rows, so that a refusal to
the foreign token cannot come from a row that was not there."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from osmari.api.tests.scope import KINDS, MARKERS, ScopeWorld
from osmari.api.v1 import api
from osmari.core.tests.tables import row_counts

pytestmark = pytest.mark.django_db

FOREIGN = {
    "organisation": ("other_area", "other_organisation"),
    "reporting": ("other_area",),
    "system": ("other_area",),
}
PARAMETER = re.compile(r"{(\w+)}")
# A call that writes nothing may still be recorded as a read: the audit log is left out.
AUDIT_LOG = frozenset({"core.AuditEvent"})


def _operations() -> list[tuple[str, str, str]]:
    """(method, path, kind) of every operation, the kind from its tag."""
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            kind = next((tag for tag in operation.get("tags", []) if tag in KINDS), "")
            found.append((method.upper(), path, kind))
    return found


def _address(path: str, keys: dict[str, int]) -> str:
    return PARAMETER.sub(lambda match: str(keys[match.group(1)]), path)


def _call(key: str, method: str, address: str):
    caller = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    if method == "GET":
        return caller.get(address)
    return caller.generic(method, address, data="{}", content_type="application/json")


def test_every_operation_is_of_one_kind():
    untagged = [(method, path) for method, path, kind in _operations() if not kind]
    assert untagged == [("GET", "/api/v1/token")]


def test_no_token_reaches_outside_its_scope(scope_world: ScopeWorld, settings):
    settings.API_CALLS_PER_MINUTE = 100_000
    leaks, replayed = [], 0
    for method, path, kind in _operations():
        if not kind:
            continue
        address = _address(path, scope_world.keys)
        own = _call(scope_world.tokens[(kind, "own")], method, address)
        if method == "GET":
            assert own.status_code == 200, (path, own.status_code, own.content[:300])
        before = row_counts(leave_out=AUDIT_LOG)
        for foreign in FOREIGN[kind]:
            answer = _call(scope_world.tokens[(kind, foreign)], method, address)
            replayed += 1
            body = answer.content.decode(errors="replace")
            if "{" in path and answer.status_code not in (403, 404, 422):
                leaks.append(f"{method} {path} as {foreign}: {answer.status_code}")
            if any(marker in body for marker in MARKERS):
                leaks.append(f"{method} {path} as {foreign}: answer names the own scope")
            if method != "GET" and row_counts(leave_out=AUDIT_LOG) != before:
                leaks.append(f"{method} {path} as {foreign}: changed rows")
                before = row_counts(leave_out=AUDIT_LOG)
    print(f"\ncross-scope replay: {replayed} calls, {len(leaks)} leaks")
    assert leaks == []
    assert replayed >= 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_token_of_one_kind_gets_403_from_the_others(scope_world: ScopeWorld, kind, settings):
    settings.API_CALLS_PER_MINUTE = 100_000
    wrong = []
    for method, path, operation_kind in _operations():
        if operation_kind in ("", kind):
            continue
        answer = _call(scope_world.tokens[(kind, "own")], method, _address(path, scope_world.keys))
        if answer.status_code not in (403, 404):
            wrong.append(f"{method} {path}: {answer.status_code}")
    assert wrong == []
