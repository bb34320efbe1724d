"""Osmari's connections to PostgreSQL run its queries without the JIT compiler, whose
compiling of an area's worklist took seconds where running it took milliseconds."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_queries_run_without_the_jit_compiler():
    if connection.vendor != "postgresql":
        pytest.skip("the JIT compiler is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
