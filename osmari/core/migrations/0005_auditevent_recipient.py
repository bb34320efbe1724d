"""Disclosures name their recipient.

SQLite adds the column by rebuilding the table, which drops its triggers: the guards against
UPDATE (0002) and DELETE (0004) are put back in the same migration, both ways.
"""

from django.db import migrations, models

SQLITE_GUARDS = [
    """
CREATE TRIGGER IF NOT EXISTS core_auditevent_append_only BEFORE UPDATE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
""",
    """
CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
""",
]


def _guard(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_GUARDS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_auditevent_no_delete_on_sqlite")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="recipient",
            field=models.CharField(blank=True, max_length=200, verbose_name="recipient"),
        ),
        migrations.RunPython(_guard, _guard),
    ]
