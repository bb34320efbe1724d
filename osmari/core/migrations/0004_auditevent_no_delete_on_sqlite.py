"""SQLite refuses DELETE on audit rows too, as PostgreSQL already does.

The test runner empties tables with DELETE after a test that commits (the browser tests, the
threaded ones); it lifts this guard for that moment only (see the root `conftest.py`).
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditevent_no_delete;"


def _on_sqlite(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0003_skills_and_area_worklist_settings")]

    operations = [migrations.RunPython(_on_sqlite(SQLITE_UP), _on_sqlite(SQLITE_DOWN))]
