"""The policies of the tables that reach their area through the row above them look that row
up by its key (`osmari.core.row_security.through_parent`), and the survey answers, which now
carry their area, are kept apart by it: as `IN (SELECT id FROM parent)` each query read the
whole parent table of the country (docs/row-level-security.md). The participants' table
below the client changes in participants 0005."""

from importlib import import_module

from django.db import migrations

from osmari.core.row_security import BY_AREA, POLICY, through_parent

FIRST = import_module("osmari.privacy.migrations.0004_row_level_security")
OWN_AREA = "feedback_answer"


def _conditions(by_key: bool) -> dict[str, str]:
    def above(table: str, column: str, parent: str) -> str:
        if by_key:
            return through_parent(table, column, parent)
        return f"{column} IN (SELECT id FROM {parent})"  # noqa: S608

    using = {t: above(t, c, p) for t, c, p in FIRST.BY_PARENT}
    for table, column, parent in FIRST.BY_PARENT_WHERE_GIVEN:
        using[table] = f"{column} IS NULL OR {above(table, column, parent)}"
    if by_key:
        using[OWN_AREA] = BY_AREA
    return using


def _replace(by_key: bool):
    def step(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, condition in _conditions(by_key).items():
            schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            schema_editor.execute(f"CREATE POLICY {POLICY} ON {table} USING ({condition})")

    return step


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0005_appointment_row_security"),
        ("feedback", "0009_response_index_with_groups"),
    ]

    operations = [migrations.RunPython(_replace(by_key=True), _replace(by_key=False))]
