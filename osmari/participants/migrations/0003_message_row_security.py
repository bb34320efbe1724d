"""Row-level security on the participants' messages to their coach, as on every table that
holds people (privacy 0004 and docs/row-level-security.md)."""

from django.db import migrations

TABLE = "participants_messagetocoach"
POLICY = "osmari_area"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
    schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {TABLE}")
    schema_editor.execute(
        f"CREATE POLICY {POLICY} ON {TABLE} USING (osmari_area_visible(area_id))"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {TABLE}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE ROW LEVEL SECURITY")


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0002_messages_to_coach"),
        ("privacy", "0004_row_level_security"),
    ]

    operations = [migrations.RunPython(forward, backward)]
