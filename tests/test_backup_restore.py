"""A backup restores: the demo's database dumped with pg_dump -Fc and restored into a fresh
database holds the same rows, table for table, and serves a client's page
(docs/backup-and-restore.md)."""

from __future__ import annotations

import subprocess
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

from osmari.accounts.models import User
from osmari.clients.models import Client

# The main tables: people, their periods and history, organisations, agreements, feedback
# and the log. Each is compared by its count and the md5 of its rows in key order.
MAIN_TABLES = [
    "accounts_user",
    "accounts_membership",
    "clients_client",
    "clients_sensitivedata",
    "clients_journalentry",
    "clients_consent",
    "screening_decision",
    "employers_organisation",
    "employers_position",
    "agreements_cooperationagreement",
    "placements_placement",
    "placements_placementtransition",
    "feedback_response",
    "feedback_answer",
    "reporting_programme",
    "core_auditevent",
]


def _tool(name: str, *args: str) -> subprocess.CompletedProcess:
    from scripts.pgcluster import find_bindir

    bindir = find_bindir()
    assert bindir is not None, "the PostgreSQL run has the server's binaries"
    db = connection.settings_dict
    return subprocess.run(
        [
            str(bindir / name),
            "--host",
            db["HOST"] or "127.0.0.1",
            "--port",
            str(db["PORT"] or 5432),
            "--username",
            db["USER"],
            "--no-password",
            *args,
        ],
        env={"PGPASSWORD": db["PASSWORD"] or "", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
        timeout=120,
    )


def _fingerprints(dbname: str) -> dict[str, tuple[int, str]]:
    """Each main table's row count and the md5 of its rows in key order."""
    import psycopg
    from psycopg import sql

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=dbname,
    ) as conn:
        found = {}
        for table in MAIN_TABLES:
            row = conn.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                )
                + sql.SQL(" FROM {} t").format(sql.Identifier(table))
            ).fetchone()
            found[table] = (row[0], row[1])
        return found


@pytest.fixture
def postgresql(request):
    request.getfixturevalue("tables_put_back_afterwards")


# Skipped when the suite runs on SQLite, before any fixture: a test that commits would
# empty SQLite's tables for the tests after it. Where PostgreSQL is required (CI) the suite
# also runs on it, and scripts/pgcluster.py fails that run when there is no server.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore: PostgreSQL (run under scripts/pgcluster.py)",
)
@pytest.mark.django_db(transaction=True)
def test_a_dump_of_the_demo_restores_into_a_fresh_database_that_serves_a_client(
    postgresql, tmp_path, client
):
    call_command("seed_demo", "--scale", "demo", stdout=StringIO())
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "osmari.dump"
    _tool("pg_dump", "--format=custom", "--file", str(dump), source)
    assert dump.stat().st_size > 0

    restored = f"osmari_restored_{uuid.uuid4().hex[:8]}"
    _tool("createdb", restored)
    try:
        _tool("pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored, str(dump))
        before, after = _fingerprints(source), _fingerprints(restored)
        assert all(count for count, _md5 in before.values()), before
        assert after == before

        coach = User.objects.get(email="coach@demo.osmari.fi")
        person = Client.objects.filter(coach=coach).order_by("pk").first()
        assert person is not None
        # The application itself, on the restored copy: a coach opens a client's page.
        default = connections["default"]
        default.close()
        default.settings_dict["NAME"] = restored
        try:
            assert Client.objects.filter(pk=person.pk).exists()
            client.force_login(User.objects.get(pk=coach.pk))
            response = client.get(reverse("clients:detail", args=[person.pk]))
            assert response.status_code == 200
            assert person.last_name in response.content.decode()
            # Row-level security's kept areas came back with their rows.
            checked = StringIO()
            call_command("check_row_areas", stdout=checked)
            assert "tables agree" in checked.getvalue()
        finally:
            default.close()
            default.settings_dict["NAME"] = source
    finally:
        connections["default"].close()
        _tool("dropdb", "--if-exists", restored)
