"""The area policy of row-level security for a table made after privacy's migration 0004
(docs/row-level-security.md): the two functions a later migration runs, so that every such
table gets the same policy the same way. PostgreSQL only; on SQLite they do nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

POLICY = "osmari_area"
# A table whose rows carry their area, and one that reaches it through its client.
BY_AREA = "osmari_area_visible(area_id)"
BY_CLIENT = "client_id IN (SELECT id FROM clients_client)"

Step = Callable[[Any, Any], None]


def area_policy(table: str, using: str) -> tuple[Step, Step]:
    """The forward and backward steps of a migration that gives `table` the area policy
    with the condition `using` (one of the constants above, never input)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        # Dropped before it is made, so that a database that had it already takes it anew.
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        schema_editor.execute(f"CREATE POLICY {POLICY} ON {table} USING ({using})")

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")

    return forward, backward
