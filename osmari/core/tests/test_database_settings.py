"""Osmari's connections to PostgreSQL run its queries without the JIT compiler, whose
compiling of an area's worklist took seconds where running it took milliseconds, with the
planner's cost of a read by index set for memory and SSD, and parallel workers kept for the
scans that repay their start."""

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value"),
    [("jit", "off"), ("random_page_cost", "1.1"), ("parallel_setup_cost", "10000")],
)
def test_the_connection_sets_the_planner_for_short_queries_on_fast_storage(setting, value):
    if connection.vendor != "postgresql":
        pytest.skip("the planner's settings are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        assert cursor.fetchone()[0] == value
