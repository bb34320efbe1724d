"""Row-level security on appointments, as on every table that holds people (0004 and
docs/row-level-security.md). Here rather than in clients: privacy follows every app whose
tables it covers, and clients may not depend on it."""

from django.db import migrations

TABLE = "clients_appointment"
POLICY = "osmari_area"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
    schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {TABLE}")
    schema_editor.execute(f"CREATE POLICY {POLICY} ON {TABLE} USING (osmari_area_visible(area_id))")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {TABLE}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE ROW LEVEL SECURITY")


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_row_level_security"),
        ("clients", "0019_appointments"),
    ]

    operations = [migrations.RunPython(forward, backward)]
