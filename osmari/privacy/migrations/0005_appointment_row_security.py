"""Row-level security on appointments, as on every table that holds people (0004 and
docs/row-level-security.md). Here rather than in clients: privacy follows every app whose
tables it covers, and clients may not depend on it."""

from django.db import migrations

from osmari.core.row_security import BY_AREA, area_policy

TABLE = "clients_appointment"
forward, backward = area_policy(TABLE, BY_AREA)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_row_level_security"),
        ("clients", "0019_appointments"),
    ]

    operations = [migrations.RunPython(forward, backward)]
