"""How many rows each of Osmari's tables holds, for tests that show a refused request saved
nothing."""

from __future__ import annotations

from django.apps import apps
from django.db import connection


def row_counts(*, leave_out: frozenset[str] = frozenset()) -> dict[str, int]:
    """Every Osmari model's row count by label, read in one statement: the walks compare
    them before and after thousands of requests. Every change writes an audit event in its
    transaction, so equal counts (the audit log's included) mean nothing was changed."""
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("osmari.") and model._meta.label not in leave_out
    ]
    # The tables' names are the models' own, quoted: nothing from outside goes into the SQL.
    quote = connection.ops.quote_name
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})"  # noqa: S608
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, row, strict=True)}
