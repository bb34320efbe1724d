"""`make loadtest`: a working day of simulated users against gunicorn and PostgreSQL on the
loopback interface, with PostgreSQL restarted once half-way, then the reckoning.

Run inside a throwaway cluster (scripts/pgcluster.py sets DATABASE_URL and OSMARI_PG_CTL).
Seeds the demo, gives each simulated user a signed-in session of a demo login of their role,
runs Locust headless for LOADTEST_SECONDS (600 by default; CI runs 60), restarts the
database at half time, and then checks:

- no request failed: no server error, and no "try again" page except for requests under
  way while the database was away (a request made a few seconds after it was back may
  still have waited for a connection attempt begun before);
- every journal entry a simulated user was told was saved is in the database;
and prints the 95th percentile time of each page. Figures go to var/loadtest/summary.json.
"""

from __future__ import annotations

import csv
import json
import os
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

from serving import (
    ROOT,
    as_application_role,
    django_setup,
    free_port,
    manage,
    signed_in_session,
    wait_for,
)

OUT = ROOT / "var" / "loadtest"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "600"))
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
WORKERS = os.environ.get("LOADTEST_WORKERS", "3")
# A request that was already waiting when the database came back may still end in
# "try again" a moment later: its connection attempt began while the server was away.
GRACE_SECONDS = 2
# Simulated users per role, in this proportion: mostly coaches, as in an employment area.
ROLES = {"coach": 0.5, "manager": 0.16, "org_contact": 0.14, "analyst": 0.1, "area_admin": 0.1}


def plan(users: int) -> dict:
    """A signed-in session for each simulated user, over the demo logins of each role."""
    django_setup()
    from osmari.accounts.models import Membership
    from osmari.clients.models import Client as Person
    from osmari.employers.models import OrganisationMembership
    from osmari.reporting.models import Programme

    def holders(role: str):
        if role == "org_contact":
            found = OrganisationMembership.objects.filter(organisation__area__code="mikkeli")
        else:
            found = Membership.objects.filter(role=role, area__code="mikkeli")
        return [m.user for m in found.select_related("user").order_by("pk")]

    programme = Programme.objects.get(area__code="mikkeli").pk
    sessions = []
    for role, share in ROLES.items():
        people = holders(role)
        for n in range(max(1, round(users * share))):
            user = people[n % len(people)]
            clients = list(
                Person.objects.filter(coach=user).order_by("pk").values_list("pk", flat=True)[:20]
            )
            sessions.append(
                {
                    "role": role,
                    "email": user.email,
                    "cookie": signed_in_session(user),
                    "clients": clients,
                    "programme": programme,
                }
            )
    return {"sessions": sessions[:users]}


def restart_database(at: float, window: dict) -> None:
    time.sleep(at)
    window["started"] = time.time()
    command = [*shlex.split(os.environ["OSMARI_PG_CTL"]), "-m", "fast", "-w", "restart"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    window["ended"] = time.time()


def percentiles(stats_file: Path) -> list[dict]:
    with stats_file.open() as source:
        return [
            {
                "page": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
            }
            for row in csv.DictReader(source)
        ]


def written_markers(acknowledged: list[dict]) -> set[str]:
    """The markers found in the journal of the clients written to, read through the ORM
    (the text may be encrypted at rest)."""
    from django.db import connection

    from osmari.clients.models import JournalEntry

    connection.close()  # the connection from before the restart is gone
    clients = {entry["client"] for entry in acknowledged}
    found = set()
    for text in JournalEntry.objects.filter(client_id__in=clients).values_list("text", flat=True):
        found.update(word for word in text.split() if word.startswith("load-"))
    return found


def main() -> int:
    if not os.environ.get("OSMARI_PG_CTL") or not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        # Only in a throwaway cluster: the run seeds demo data, signs sessions in without a
        # second factor and restarts the server, none of which may touch a real database.
        print("make loadtest runs in a throwaway cluster: start it through scripts/pgcluster.py")
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DEBUG": "0",
        "OSMARI_DEPLOYMENT": "development",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    manage("load_reference", env=env)
    manage("seed_demo", "--scale", "demo", env=env)
    plan_file, results_file = OUT / "plan.json", OUT / "results.json"
    plan_file.write_text(json.dumps(plan(USERS)))
    results_file.unlink(missing_ok=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            *[sys.executable, "-m", "gunicorn", "osmari.wsgi", "--workers", WORKERS],
            *["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"],
        ],
        cwd=ROOT,
        env=as_application_role(env),
    )
    window: dict = {}
    try:
        wait_for(f"{base}/health/")
        restarter = threading.Thread(target=restart_database, args=(SECONDS / 2, window))
        restarter.start()
        locust = subprocess.run(
            [
                *[
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(Path(__file__).parent / "locustfile.py"),
                ],
                *["--headless", "-u", str(USERS), "-r", "10", "-t", f"{SECONDS}s"],
                *["--host", base, "--csv", str(OUT / "locust"), "--only-summary"],
                *["--exit-code-on-error", "0", "--loglevel", "WARNING"],
            ],
            cwd=ROOT,
            env={**env, "LOADTEST_PLAN": str(plan_file), "LOADTEST_RESULTS": str(results_file)},
        )
        restarter.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    results = json.loads(results_file.read_text())
    pages = percentiles(OUT / "locust_stats.csv")
    # A "try again" is right for a request that was under way while the database was away
    # (waiting in the server's queue counts: it reached the database only then).
    late = [
        r
        for r in results["retries"]
        if r["ended"] < window["started"] or r["started"] > window["ended"] + GRACE_SECONDS
    ]
    acknowledged = results["acknowledged"]
    missing = sorted({a["marker"] for a in acknowledged} - written_markers(acknowledged))
    failures = sum(page["failures"] for page in pages if page["page"] != "Aggregated")
    summary = {
        "seconds": SECONDS,
        "users": USERS,
        "gunicorn_workers": WORKERS,
        "restart_seconds": round(window["ended"] - window["started"], 2),
        "try_again_while_away": len(results["retries"]) - len(late),
        "try_again_outside_the_restart": late,
        "failed_requests": failures,
        "acknowledged_writes": len(acknowledged),
        "acknowledged_writes_missing": len(missing),
        "pages": pages,
    }
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2))

    print()
    print(f"{USERS} simulated users for {SECONDS} s, gunicorn {WORKERS} workers")
    print(f"{'page':<28} {'requests':>9} {'failed':>7} {'median ms':>10} {'95 % ms':>8}")
    for page in pages:
        print(
            f"{page['page']:<28} {page['requests']:>9} {page['failures']:>7} "
            f"{page['median_ms']:>10.0f} {page['p95_ms']:>8.0f}"
        )
    print()
    print(f"PostgreSQL restarted once, away for {summary['restart_seconds']} s")
    print(f"  'try again' pages while it was away: {summary['try_again_while_away']}")
    print(f"  'try again' pages at any other time: {len(late)}")
    print(f"writes acknowledged: {len(acknowledged)}, missing from the database: {len(missing)}")
    ok = locust.returncode == 0 and failures == 0 and not late and not missing and acknowledged
    print("load test passed" if ok else "LOAD TEST FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
