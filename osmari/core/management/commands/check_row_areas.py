"""Check that every row below a client, period, plan, journal entry or consent carries its
parent's area, which its row-level security policy reads (docs/row-level-security.md).

Run as the owner role; exits with an error naming each table with rows that do not agree.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from osmari.core.row_security import row_area_mismatches


class Command(BaseCommand):
    help = (
        "PostgreSQL: count, for each table that keeps its parent's area for row-level "
        "security, the rows whose kept area is not their parent's; fail if there are any."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Row-level security is PostgreSQL's; SQLite keeps no areas.")
        with connection.cursor() as cursor:
            found = row_area_mismatches(cursor)
        if not found:
            raise CommandError("No table keeps its parent's area: is the database migrated?")
        wrong = {table: count for table, count in found.items() if count}
        if wrong:
            listed = ", ".join(f"{table} {count}" for table, count in wrong.items())
            raise CommandError(
                f"Rows whose kept area is not their parent's: {listed}. They are seen by the "
                "wrong area or by none; see docs/row-level-security.md."
            )
        self.stdout.write(f"All {len(found)} tables agree with their parents' areas.")
