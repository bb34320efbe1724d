"""The area policy of row-level security for a table made after privacy's migration 0004
(docs/row-level-security.md): the two functions a later migration runs, so that every such
table gets the same policy the same way. PostgreSQL only; on SQLite they do nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

POLICY = "osmari_area"
# A table whose rows carry their area, and one that reaches it through its client.
BY_AREA = "osmari_area_visible(area_id)"


def through_parent(table: str, column: str, parent: str) -> str:
    """The condition of a row that reaches its area through the row above it, which the
    parent's own policy filters. As a correlated EXISTS, each row looks up its one parent by
    key; as `column IN (SELECT id FROM parent)` the database read every row of the parent
    table in the country for each query, since a policy's subquery is not joined."""
    # The names are constants of the migrations, never input.
    return f"EXISTS (SELECT 1 FROM {parent} above WHERE above.id = {table}.{column})"  # noqa: S608


BY_CLIENT = through_parent("{table}", "client_id", "clients_client")

Step = Callable[[Any, Any], None]


def area_policy(table: str, using: str) -> tuple[Step, Step]:
    """The forward and backward steps of a migration that gives `table` the area policy
    with the condition `using` (one of the constants above, never input; `{table}` in it
    stands for the table)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        # Dropped before it is made, so that a database that had it already takes it anew.
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        condition = using.format(table=table)
        schema_editor.execute(f"CREATE POLICY {POLICY} ON {table} USING ({condition})")

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")

    return forward, backward


def policy_changed(table: str, using: str, before: str) -> tuple[Step, Step]:
    """The steps of a migration that gives `table`'s area policy the condition `using`, and
    back the condition `before` (constants, never input)."""

    def to(condition: str) -> Step:
        def step(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor != "postgresql":
                return
            schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            text = condition.format(table=table)
            schema_editor.execute(f"CREATE POLICY {POLICY} ON {table} USING ({text})")

        return step

    return to(using), to(before)
