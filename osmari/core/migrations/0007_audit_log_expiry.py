"""The audit log's own retention can end: an event goes only when an expiry row covers it.

Both databases still refuse every change to an event and every removal, except the removal
of an event older than a recorded expiry (`AuditLogExpiry`). On PostgreSQL the application's
role may neither delete events nor add expiries (`grant_application_role`), so only the
database owner, running `expire_audit_log`, removes the log's expired events.
"""

from django.db import migrations, models

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION core_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM core_auditlogexpiry e WHERE OLD.occurred_at < e.expired_before
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_DOWN = """
CREATE OR REPLACE FUNCTION core_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_NO_DELETE = """
CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
WHEN NOT EXISTS (
    SELECT 1 FROM core_auditlogexpiry e WHERE old.occurred_at < e.expired_before
)
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""
SQLITE_NO_DELETE_BEFORE = """
CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS core_auditevent_no_delete;"


def _run(postgres, sqlite):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in {"postgresql": postgres, "sqlite": sqlite}.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0006_area_privacy_and_accessibility_contacts")]

    operations = [
        migrations.CreateModel(
            name="AuditLogExpiry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("expired_before", models.DateTimeField(verbose_name="events before")),
                ("removed", models.PositiveIntegerField(default=0, verbose_name="events removed")),
                (
                    "carried_out_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="carried out"),
                ),
            ],
            options={
                "verbose_name": "audit log expiry",
                "verbose_name_plural": "audit log expiries",
                "ordering": ["-carried_out_at", "-id"],
            },
        ),
        migrations.RunPython(
            _run([POSTGRES_UP], [SQLITE_DROP, SQLITE_NO_DELETE]),
            _run([POSTGRES_DOWN], [SQLITE_DROP, SQLITE_NO_DELETE_BEFORE]),
        ),
    ]
