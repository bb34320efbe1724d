"""The area policy of row-level security (docs/row-level-security.md): its conditions and the
steps that the migrations run, so that every table gets the same policy the same way.
PostgreSQL only; on SQLite the steps do nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

POLICY = "osmari_area"
Step = Callable[[Any, Any], None]
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

# Since privacy 0007 the conditions above are those of the migrations before it; a table
# made later takes `IN_AREA` or `IN_ROW_AREA`. The request's areas are read once per query,
# as two uncorrelated subqueries (InitPlans), rather than parsed from the setting again for
# each row; `::bigint[]` makes `ANY` take the subquery's one array, not its rows.
AREAS_OF_REQUEST = [
    """
CREATE OR REPLACE FUNCTION osmari_sees_every_area() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('osmari.areas', true), '') IN ('', '*')
$$""",
    """
CREATE OR REPLACE FUNCTION osmari_visible_areas() RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN coalesce(current_setting('osmari.areas', true), '') IN ('', '*', 'none')
        THEN '{}'::bigint[]
        ELSE string_to_array(current_setting('osmari.areas', true), ',')::bigint[]
    END
$$""",
]
AREAS_OF_REQUEST_DROPPED = [
    "DROP FUNCTION IF EXISTS osmari_sees_every_area()",
    "DROP FUNCTION IF EXISTS osmari_visible_areas()",
]


def in_areas_of_request(column: str) -> str:
    return (
        f"(SELECT osmari_sees_every_area()) OR {column} = ANY "
        "((SELECT osmari_visible_areas())::bigint[])"
    )


# A row that carries its area, and one below a client, period, plan, journal entry or
# consent, which carries its parent's area in `row_area`: a column of the database's own,
# kept by triggers from the parent (`row_area_kept`), that the application neither reads
# nor writes. A policy that looked the parent up instead cost a lookup for every row that a page
# over an area's clients read (a coach's worklist 48 ms as the owner, 140 ms as the
# application role, with 300 000 clients).
ROW_AREA = "row_area"
IN_AREA = in_areas_of_request("area_id")
IN_ROW_AREA = in_areas_of_request(ROW_AREA)


def row_area_kept(
    table: str, column: str, parent: str, parent_area: str
) -> tuple[list[str], list[str]]:
    """The statements that give `table` the column `row_area`, filled from the row of
    `parent` that `column` names (whose area is in `parent_area`) now, whenever a row is made
    or given another parent, and whenever its parent's area changes (a client's record moved
    to another area, and through a plan to its steps); and those that take it away.
    Constants of the migrations, never input."""
    kept, follows = f"osmari_row_area_of_{table}", f"osmari_row_area_to_{table}"
    # The schema of the tables when the migration ran, so that a session with another search
    # path (a restore of pg_dump's output sets an empty one) finds the parent.
    same_schema = "SET search_path FROM CURRENT"
    forward = [
        f"ALTER TABLE {table} ADD COLUMN {ROW_AREA} bigint",
        f"UPDATE {table} SET {ROW_AREA} = above.{parent_area} "  # noqa: S608
        f"FROM {parent} above WHERE above.id = {table}.{column}",
        f"""CREATE FUNCTION {kept}() RETURNS trigger LANGUAGE plpgsql {same_schema} AS $$
BEGIN
    SELECT {parent_area} INTO NEW.{ROW_AREA} FROM {parent} WHERE id = NEW.{column};
    RETURN NEW;
END
$$""",  # noqa: S608
        f"CREATE TRIGGER row_area_made BEFORE INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {kept}()",
        # Django's save writes every column: only a row given another parent looks it up.
        f"CREATE TRIGGER row_area_moved BEFORE UPDATE OF {column} ON {table} FOR EACH ROW "
        f"WHEN (OLD.{column} IS DISTINCT FROM NEW.{column}) EXECUTE FUNCTION {kept}()",
        f"""CREATE FUNCTION {follows}() RETURNS trigger LANGUAGE plpgsql {same_schema} AS $$
BEGIN
    UPDATE {table} SET {ROW_AREA} = NEW.{parent_area} WHERE {column} = NEW.id;
    RETURN NULL;
END
$$""",  # noqa: S608
        # Not `UPDATE OF`: a plan's area changes through its own trigger, not its statement.
        f"CREATE TRIGGER {follows} AFTER UPDATE ON {parent} FOR EACH ROW "
        f"WHEN (OLD.{parent_area} IS DISTINCT FROM NEW.{parent_area}) "
        f"EXECUTE FUNCTION {follows}()",
    ]
    backward = [
        f"DROP TRIGGER IF EXISTS {follows} ON {parent}",
        f"DROP FUNCTION IF EXISTS {follows}()",
        f"DROP TRIGGER IF EXISTS row_area_moved ON {table}",
        f"DROP TRIGGER IF EXISTS row_area_made ON {table}",
        f"DROP FUNCTION IF EXISTS {kept}()",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS {ROW_AREA}",
    ]
    return forward, backward


def policy_set(table: str, condition: str) -> list[str]:
    """The statements that give `table` the area policy with `condition` in place of any
    it had (`{table}` in the condition stands for the table)."""
    return [
        f"DROP POLICY IF EXISTS {POLICY} ON {table}",
        f"CREATE POLICY {POLICY} ON {table} USING ({condition.format(table=table)})",
    ]


def on_postgresql(statements: list[str]) -> Step:
    """A migration step that runs `statements` on PostgreSQL and does nothing on SQLite."""

    def step(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return step


def area_policy(table: str, using: str) -> tuple[Step, Step]:
    """The forward and backward steps of a migration that gives `table` the area policy
    with the condition `using` (one of the constants above, never input; `{table}` in it
    stands for the table). The policy is dropped before it is made, so that a database that
    had it already takes it anew."""
    return (
        on_postgresql(
            [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY", *policy_set(table, using)]
        ),
        on_postgresql(
            [
                f"DROP POLICY IF EXISTS {POLICY} ON {table}",
                f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
            ]
        ),
    )


def policy_changed(table: str, using: str, before: str) -> tuple[Step, Step]:
    """The steps of a migration that gives `table`'s area policy the condition `using`, and
    back the condition `before` (constants, never input)."""
    return on_postgresql(policy_set(table, using)), on_postgresql(policy_set(table, before))


# Each table that keeps its parent's area, its key column and its parent, from the catalog:
# the parent's trigger that passes its area on names the table, and the table's one foreign
# key to that parent names the column.
KEPT_TABLES = """
SELECT child.relname, key_column.attname, parent.relname,
    CASE WHEN EXISTS (
        SELECT 1 FROM pg_attribute
        WHERE attrelid = parent.oid AND attname = 'row_area' AND NOT attisdropped
    ) THEN 'row_area' ELSE 'area_id' END
FROM pg_trigger passing
JOIN pg_class parent ON parent.oid = passing.tgrelid
JOIN pg_class child ON child.relname = substr(passing.tgname, length('osmari_row_area_to_') + 1)
    AND child.relnamespace = parent.relnamespace
JOIN pg_constraint key ON key.conrelid = child.oid AND key.confrelid = parent.oid
    AND key.contype = 'f'
JOIN pg_attribute key_column ON key_column.attrelid = child.oid
    AND key_column.attnum = key.conkey[1]
WHERE passing.tgname LIKE 'osmari\\_row\\_area\\_to\\_%'
    AND pg_table_is_visible(child.oid)
ORDER BY child.relname
"""


def row_area_mismatches(cursor: Any) -> dict[str, int]:
    """For each table that keeps its parent's area, the number of its rows whose kept area
    is not their parent's (docs/row-level-security.md): 0 everywhere when all is well. Run
    as the owner, whom the policies do not filter."""
    cursor.execute(KEPT_TABLES)
    found = {}
    for table, column, parent, parent_area in cursor.fetchall():
        # Names read from the catalog, never input.
        cursor.execute(
            f"SELECT count(*) FROM {table} below LEFT JOIN {parent} above "  # noqa: S608
            f"ON above.id = below.{column} "
            f"WHERE below.{ROW_AREA} IS DISTINCT FROM above.{parent_area}"
        )
        (found[table],) = cursor.fetchone()
    return found
