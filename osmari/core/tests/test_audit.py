import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from osmari.core import request_context
from osmari.core.audit import audit_record
from osmari.core.models import AuditEvent, AuditImmutableError

pytestmark = pytest.mark.django_db


def test_an_event_records_who_what_where_and_the_request(coach, area):
    token = request_context.bind(request_context.RequestContext("req-12345678", "10.0.0.7"))
    try:
        event = audit_record(
            actor=coach,
            action="client.view",
            obj=area,
            area=area,
            person_ref="client:42",
            reason="planning the next period",
        )
    finally:
        request_context.unbind(token)
    event.refresh_from_db()
    assert event.actor == coach
    assert event.actor_label == "coach@test.osmari.fi"
    assert (event.object_type, event.object_id) == ("core.employmentarea", str(area.pk))
    assert event.person_ref == "client:42"
    assert (event.request_id, event.ip_address) == ("req-12345678", "10.0.0.7")


def test_an_event_cannot_be_changed_or_deleted_through_the_orm(coach):
    event = audit_record(actor=coach, action="client.view")
    event.action = "nothing.happened"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "client.view"


def test_the_database_itself_refuses_to_rewrite_an_event(coach):
    event = audit_record(actor=coach, action="client.view")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "client.view"


def test_the_database_itself_refuses_to_delete_an_event(coach):
    event = audit_record(actor=coach, action="client.view")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_write_and_its_audit_event_roll_back_together(coach, area):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=coach, action="area.rename", obj=area, area=area)
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(action="area.rename").exists()


def test_health_background_and_who_looks_after_a_person_are_named_not_copied(coach, area):
    event = audit_record(
        actor=coach,
        action="client.update",
        area=area,
        person_ref="client:1",
        reason="Sairausloma selän takia",
        changes={
            "restrictions": [None, "no_heavy_lifting"],
            "gender": ["female", "male"],
            "coach": ["Anna", "Bertta"],
            "stage": ["identified", "assessed"],
        },
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes["restrictions"] == "changed"
    assert stored.changes["gender"] == "changed"
    assert stored.changes["coach"] == "changed"
    # A stage is the service's own word, not a fact about the person's life.
    assert stored.changes["stage"] == ["identified", "assessed"]
    assert stored.reason == ""


def test_a_freshly_migrated_sqlite_database_guards_the_log_both_ways(tmp_path):
    """Migrations that rebuild the audit table on SQLite must put its guards back. The test
    database's guard against DELETE is re-armed before each test, so this migrates a new
    file of its own and reads the triggers the migrations left."""
    database = tmp_path / "fresh.sqlite3"
    root = Path(__file__).resolve().parents[3]
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=root,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        check=True,
    )
    with sqlite3.connect(database) as db:
        triggers = {
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'core_auditevent'"
            )
        }
    assert triggers == {"core_auditevent_append_only", "core_auditevent_no_delete"}


def _action_texts(node) -> set[str]:
    """The whole action names in an expression (an f-string's pieces are not names)."""
    import ast
    import re

    if isinstance(node, ast.JoinedStr):
        return set()
    if isinstance(node, ast.Constant):
        is_name = isinstance(node.value, str) and re.fullmatch(r"[a-z_]+\.[a-z_]+", node.value)
        return {node.value} if is_name else set()
    return set().union(*(_action_texts(child) for child in ast.iter_child_nodes(node)))


def _actions_in_call(call) -> set[str]:
    import ast

    called = getattr(call.func, "attr", None) or getattr(call.func, "id", None)
    found = set()
    for keyword in call.keywords:
        if keyword.arg == "action":
            found |= _action_texts(keyword.value)
        elif not isinstance(keyword.value, ast.Constant):
            continue
        elif keyword.arg == "part":
            found.add(f"client.view_{keyword.value.value}")
        elif keyword.arg == "how" and called == "user_password_changed_record":
            found.add(f"user.password_{keyword.value.value}")
    return found


def _actions_written() -> set[str]:
    """Every action the code can write, found in its syntax: the names given as `action=`
    (both sides of a condition included), the values of `ACTION_*` tables, each `part=` of
    a read (`client.view_<part>`), and what the admin site writes for the models it edits."""
    import ast

    from django.contrib import admin

    from osmari.core.admin_audit import AuditedModelAdmin

    written: set[str] = set()
    for path in (Path(__file__).resolve().parents[2]).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                written |= _actions_in_call(node)
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.startswith("ACTION") for t in node.targets
            ):
                written |= _action_texts(node.value)
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedModelAdmin):
            written |= {
                f"{model._meta.model_name}.{verb}" for verb in ("create", "update", "delete")
            }
    return written


def test_every_action_the_code_writes_has_a_name_in_words():
    """The audit page names each action; an action written without a label would show as
    a bare code to the administrator reading whose data was touched."""
    from osmari.core import audit_actions

    written = _actions_written()
    assert {"position.resume", "client.view_list", "user.delete"} <= written, "the scan misses"
    assert sorted(a for a in written if audit_actions.label(a) == a) == []
