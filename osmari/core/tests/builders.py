"""Reference records for tests: the day the tests live on and the employment areas."""

from __future__ import annotations

from datetime import date

from osmari.core.models import EmploymentArea, Municipality
from osmari.core.reference import reference_load

# The day most tests are set on (time frozen with time_machine where a page reads the clock).
TODAY = date(2026, 11, 27)


def reference_area(code: str = "mikkeli") -> EmploymentArea:
    """An area of the reference data, loading it again if a threaded test emptied the tables
    (those tests commit, and every table is emptied when they end)."""
    if not EmploymentArea.objects.filter(code=code).exists():
        reference_load()
    return EmploymentArea.objects.get(code=code)


def make_area(
    code: str = "lappeenranta",
    *,
    names: tuple[str, str, str] = (
        "Lappeenrannan seudun työllisyysalue",
        "Villmanstrands regions sysselsättningsområde",
        "Lappeenranta Region Employment Area",
    ),
    municipality_codes: tuple[str, ...] = ("405", "153"),
) -> EmploymentArea:
    """A second employment area with municipalities of its own (none of Mikkeli's)."""
    area, _ = EmploymentArea.objects.get_or_create(
        code=code, defaults=dict(zip(("name_fi", "name_sv", "name_en"), names, strict=True))
    )
    area.municipalities.set(Municipality.objects.filter(code__in=municipality_codes))
    return area


def migrate_to(targets):
    """Migrate the test database to these (app, migration) nodes; the models as they were."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
