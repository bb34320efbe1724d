"""Give the web application's database role what it needs, and no power over the audit log.

Run as the owner role (the one that ran `migrate`) after every migration:

    DATABASE_URL=postgres://osmari_owner@…/osmari manage.py grant_application_role osmari_app

The role is subject to the row-level security policies on the tables that hold people (core
migration 0009, docs/row-level-security.md): in a web request it sees only the rows of the
areas the request was given. The owner is not subject to them.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Audit events can be added and read, never changed, removed, emptied or altered.
AUDIT_TABLE = "core_auditevent"
# An expiry row lets the database remove the log's events before its date: only the owner,
# running expire_audit_log, may add one.
AUDIT_EXPIRY_TABLE = "core_auditlogexpiry"


class Command(BaseCommand):
    help = (
        "PostgreSQL: grant ROLE reading and writing of Osmari's tables, but only adding and "
        "reading audit events. The role is subject to the row-level security policies on "
        "the tables that hold people. Run as the owner role after migrate; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("role")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "Database roles are PostgreSQL's; on SQLite the audit log is guarded by triggers."
            )
        if not ROLE_NAME.match(role):
            raise CommandError(f"Not a role name: {role!r}")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rolsuper, pg_has_role(%s, (SELECT tableowner FROM pg_tables "
                "WHERE tablename = %s LIMIT 1), 'USAGE'), rolbypassrls "
                "FROM pg_roles WHERE rolname = %s",
                [role, AUDIT_TABLE, role],
            )
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"No such role: {role}. Create it first (CREATE ROLE).")
            is_super, acts_as_owner, bypasses_row_security = found
            if is_super or acts_as_owner:
                raise CommandError(
                    f"{role} is a superuser or acts as the tables' owner: it could rewrite "
                    "the audit log. The application needs a role of its own."
                )
            if bypasses_row_security:
                raise CommandError(
                    f"{role} has BYPASSRLS: it would see every area's people. "
                    f"ALTER ROLE {role} NOBYPASSRLS first."
                )
            quoted = connection.ops.quote_name(role)
            statements = [
                f"GRANT USAGE ON SCHEMA public TO {quoted}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
                f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {AUDIT_TABLE} "
                f"FROM {quoted}",
                f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER "
                f"ON {AUDIT_EXPIRY_TABLE} FROM {quoted}",
                # Tables that later migrations create are reachable without another run.
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
                f"GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
            ]
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"{role}: may use Osmari's tables; audit events only added and read; "
            "rows of people only in the areas each request is given."
        )
