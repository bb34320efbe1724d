"""Osmari's connections to PostgreSQL run its queries without the JIT compiler, whose
compiling of an area's worklist took seconds where running it took milliseconds, and with
the planner's cost of a read by index set for memory and SSD."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_queries_run_without_the_jit_compiler():
    if connection.vendor != "postgresql":
        pytest.skip("the JIT compiler is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_the_planner_counts_a_read_by_index_as_memory_or_ssd_costs_it():
    if connection.vendor != "postgresql":
        pytest.skip("the planner's costs are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
