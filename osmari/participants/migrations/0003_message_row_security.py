"""Row-level security on the participants' messages to their coach, as on every table that
holds people (privacy 0004 and docs/row-level-security.md)."""

from django.db import migrations

from osmari.core.row_security import BY_AREA, area_policy

TABLE = "participants_messagetocoach"
forward, backward = area_policy(TABLE, BY_AREA)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0002_messages_to_coach"),
        ("privacy", "0004_row_level_security"),
    ]

    operations = [migrations.RunPython(forward, backward)]
