"""Requests per second of the main pages against a bare view, on national-scale data.

Run by `make bench` inside a throwaway PostgreSQL cluster (scripts/pgcluster.py sets
DATABASE_URL). Seeds national-scale data, starts one gunicorn server, and measures each page
with wrk, several rounds interleaved; prints the median and each page's ratio to the bare
view (`/health/`, which only asks the database `SELECT 1`), so the figures compare within
one run on one machine.

BENCH_SCALE=region measures the same pages with the demo area alone, as large as at national
scale (seed_demo --scale region), so that each page's national figure can be set against its
region figure: a page whose cost does not grow with the country keeps its figure. The figures are
also written to var/bench-<scale>.json (and var/bench.json, the last run), and when both
scales' files are there the comparison is printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen

from serving import (
    ROOT,
    as_application_role,
    django_setup,
    free_port,
    manage,
    signed_in_session,
    wait_for,
)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
WORKERS = os.environ.get("BENCH_WORKERS", "2")
SCALE = os.environ.get("BENCH_SCALE", "national")

# (label, path, login e-mail or None)
PAGES = [
    ("bare view (/health/)", "/health/", None),
    ("login page", "/accounts/login/", None),
    ("about page", "/about/", None),
    ("start page, coach", "/", "coach@demo.osmari.fi"),
    ("start page, organisation contact", "/", "org@demo.osmari.fi"),
    ("audit log, area administrator", "/audit/", "admin@demo.osmari.fi"),
    ("worklist, coach", "/screening/worklist/", "coach@demo.osmari.fi"),
    ("client list, coach", "/clients/", "coach@demo.osmari.fi"),
    ("client record, coach", "/clients/{client}/", "coach@demo.osmari.fi"),
    ("eligibility, coach", "/screening/clients/{client}/eligibility/", "coach@demo.osmari.fi"),
    ("organisations, manager", "/organisations/", "manager@demo.osmari.fi"),
    ("demand and supply, manager", "/organisations/gaps/", "manager@demo.osmari.fi"),
    ("suggested places, coach", "/matching/clients/{client}/", "coach@demo.osmari.fi"),
    ("regional assignment, coach", "/matching/assignment/", "coach@demo.osmari.fi"),
    ("periods, coach", "/placements/", "coach@demo.osmari.fi"),
    ("feedback results, manager", "/feedback/results/", "manager@demo.osmari.fi"),
    ("programme targets, manager", "/programme/{programme}/", "manager@demo.osmari.fi"),
    ("ESF+ indicators, analyst", "/programme/{programme}/indicators/", "analyst@demo.osmari.fi"),
]


def session_cookies(emails: set[str]) -> tuple[dict[str, str], int]:
    django_setup()
    from osmari.accounts.models import User

    cookies = {email: signed_in_session(User.objects.get(email=email)) for email in emails}
    return cookies, sample_client()


def sample_client() -> int:
    """The first of the demo coach's clients for whom some open place of the area is
    allowed, as for most people: the suggested places page then scores and explains places,
    not only lists the excluded ones."""
    from django.utils import timezone

    from osmari.clients.models import Client
    from osmari.matching.selectors import (
        client_rows,
        open_positions,
        position_rows,
        suggestions_for_client,
    )

    today = timezone.localdate()
    candidates = list(
        Client.objects.filter(area__code="mikkeli", coach__email="coach@demo.osmari.fi")
        .select_related("area", "municipality", "education_level")
        .order_by("pk")[:50]
    )
    positions = position_rows(open_positions(today=today, area=candidates[0].area))
    for client in candidates:
        row = client_rows([client], today=today, include_sensitive=True)[0]
        if suggestions_for_client(row, positions, 1).best:
            return client.pk
    return candidates[0].pk


def timed(work, runs: int) -> tuple[float, object]:
    """Median seconds of several runs of `work`, and its last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def raw_solver_seconds(scores, capacities) -> tuple[float, float]:
    """SciPy's dense solver on the very matrix `solve` builds (a pair that is not allowed
    costs more than any assignment could), timed without building it: the floor `solve` is
    measured against. Returns the median seconds and the total score it reaches."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from osmari.matching import assignment

    dense = assignment.expanded_graph(scores, capacities).toarray()
    dense[dense == 0] = 1e9
    seconds, (rows, cols) = timed(lambda: linear_sum_assignment(dense), 3)
    slots = sum(capacities)
    slot_position = np.repeat(np.arange(len(capacities)), capacities)
    chosen = [int(slot_position[c]) if c < slots else None for c in cols[np.argsort(rows)]]
    return seconds, assignment.total_score(scores, chosen)


def matching_figures(client_id: int, figures: dict) -> list[str]:
    """Scoring one person against every open place in the country, and the regional
    assignment at the size the issue names, with its gain over a greedy choice."""
    import random

    from django.utils import timezone

    from osmari.clients.models import Client
    from osmari.matching import assignment
    from osmari.matching.selectors import (
        client_rows,
        open_positions,
        position_rows,
        suggestions_for_client,
    )

    today = timezone.localdate()
    client = Client.objects.select_related("municipality", "education_level").get(pk=client_id)
    row = client_rows([client], today=today, include_sensitive=True)[0]
    load, positions = timed(lambda: position_rows(open_positions(today=today)), 3)
    score, found = timed(lambda: suggestions_for_client(row, positions, 10), 5)
    figures["score_one_person_seconds"] = score
    lines = [
        f"open places in the country: {len(positions)} "
        f"({len(found.excluded)} excluded for this person by a hard condition)",
        f"{'load every open place (median of 3)':<52} {load:>8.2f} s",
        f"{'score one person against all of them (median of 5)':<52} {score:>8.2f} s",
    ]
    rng = random.Random(2026)
    clients, places, density = 5000, 3000, 0.05
    capacities = [rng.choice([1, 1, 1, 2, 2, 3]) for _ in range(places)]
    scores = [
        [round(rng.random(), 3) if rng.random() < density else None for _ in range(places)]
        for _ in range(clients)
    ]
    solve, chosen = timed(lambda: assignment.solve(scores, capacities), 3)
    raw, total = raw_solver_seconds(scores, capacities)
    greedy = assignment.greedy(scores, capacities)
    best, quick = assignment.total_score(scores, chosen), assignment.total_score(scores, greedy)
    figures["solve_seconds"], figures["raw_solver_seconds"] = solve, raw
    lines += [
        f"solve {clients} people x {places} places ({sum(capacities)} places in all, "
        f"{density:.0%} of pairs allowed)",
        f"{'  solve (median of 3)':<52} {solve:>8.2f} s",
        f"{'  SciPy linear_sum_assignment, same matrix (median of 3)':<52} {raw:>8.2f} s "
        f"(solve / raw {solve / raw:.2f})",
        f"{'  total score, optimal / greedy':<52} {best:>8.1f} / {quick:.1f} "
        f"(ratio {best / quick:.3f})",
    ]
    if abs(total - best) > 1e-3:
        lines.append(f"  DISAGREEMENT: the raw solver's total is {total:.3f}")
    return lines


def indicator_figures(figures: dict) -> list[str]:
    """Every ESF+ indicator over the whole country and for one area, against one counting
    query over the enrolment table in the same run."""
    from datetime import date

    from django.utils import timezone

    from osmari.clients.models import Enrolment
    from osmari.core.models import EmploymentArea
    from osmari.reporting.selectors import indicator_results

    today = timezone.localdate()
    start = date(2021, 1, 1)
    count, enrolments = timed(lambda: Enrolment.objects.count(), 7)
    national, results = timed(lambda: indicator_results(area=None, start=start, end=today), 3)
    area = EmploymentArea.objects.get(code="mikkeli")
    regional, _ = timed(lambda: indicator_results(area=area, start=start, end=today), 5)
    figures["indicators_country_to_count"] = national / count
    figures["indicators_area_to_count"] = regional / count
    return [
        f"enrolments in the country: {enrolments}; EECO01 counts {results['EECO01'].total}",
        f"{'one count(*) over the enrolments (median of 7)':<52} {count * 1000:>8.1f} ms",
        f"{'all 25 indicators, whole country (median of 3)':<52} {national * 1000:>8.1f} ms "
        f"(ratio {national / count:.0f})",
        f"{'all 25 indicators, one area (median of 5)':<52} {regional * 1000:>8.1f} ms "
        f"(ratio {regional / count:.0f})",
    ]


def answers_200(url: str, cookie: str | None) -> None:
    """A page is measured only once it answers 200 itself: wrk counts a redirect (to the
    login or the second-factor page) as a success, which would measure the wrong page."""
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    request = Request(url, headers=headers)  # noqa: S310 (loopback only)
    opener = build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=600) as response:
            status = response.status
    except HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200: it would measure the wrong page")


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(url: str, cookie: str | None) -> tuple[float, int]:
    command = ["wrk", "-t", "2", "-c", CONNECTIONS, "-d", DURATION, "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, int(errors.group(1)) if errors else 0


def settle(base: str, seconds: float = 300) -> None:
    """Wait until the server has worked off what the last page left queued: a slow page
    must not slow down the next page's measurement."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        with urlopen(f"{base}/health/", timeout=seconds) as response:  # noqa: S310
            response.read()
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("make bench runs on PostgreSQL: start it through scripts/pgcluster.py")
        return 1
    if shutil.which("wrk") is None:
        print("The load tool wrk was not found: install Debian's 'wrk' package.")
        return 1
    env = {
        **os.environ,
        "DEBUG": "0",
        "OSMARI_DEPLOYMENT": "development",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    started = time.monotonic()
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    manage("load_reference", env=env)
    manage("seed_demo", "--scale", SCALE, env=env)
    # A running database has planner statistics (autovacuum); freshly bulk-loaded data not yet.
    subprocess.run(["psql", os.environ["DATABASE_URL"], "-qc", "ANALYZE"], check=True)
    print(f"{SCALE}-scale data ready in {time.monotonic() - started:.0f} s")

    cookies, client_id = session_cookies({email for _, _, email in PAGES if email})
    from osmari.reporting.models import Programme

    programme_id = Programme.objects.get(area__code="mikkeli").pk
    figures: dict = {"scale": SCALE, "workers": WORKERS, "rounds": ROUNDS}
    matching = matching_figures(client_id, figures)
    indicator_lines = indicator_figures(figures)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "osmari.wsgi",
            "--workers",
            WORKERS,
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=as_application_role(env),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health/")
        for _, path, email in PAGES:
            url = base + path.format(client=client_id, programme=programme_id)
            answers_200(url, cookies.get(email) if email else None)
        results: dict[str, list[float]] = {label: [] for label, _, _ in PAGES}
        failures: dict[str, int] = {label: 0 for label, _, _ in PAGES}
        for _ in range(ROUNDS):
            for label, path, email in PAGES:
                url = base + path.format(client=client_id, programme=programme_id)
                rps, errors = wrk(url, cookies.get(email) if email else None)
                settle(base)
                results[label].append(rps)
                failures[label] += errors
    finally:
        server.terminate()
        server.wait(timeout=30)

    bare = statistics.median(results[PAGES[0][0]])
    print()
    print(
        f"gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections, {DURATION} x {ROUNDS} rounds"
    )
    print(f"{'page':<36} {'median req/s':>13} {'ratio to bare':>14} {'non-2xx':>8}")
    pages = {}
    for label, _, _ in PAGES:
        median = statistics.median(results[label])
        pages[label] = {"rps": median, "ratio": median / bare, "non_2xx": failures[label]}
        print(f"{label:<36} {median:>13.1f} {median / bare:>14.2f} {failures[label]:>8}")
    print()
    print("matching")
    for line in matching:
        print(line)
    print()
    print("ESF+ indicators")
    for line in indicator_lines:
        print(line)
    figures["pages"] = pages
    write_figures(figures)
    return 1 if any(failures.values()) else 0


def write_figures(figures: dict) -> None:
    """var/bench-<scale>.json and var/bench.json; with both scales on file, each page's
    national ratio against its region ratio (each measured against its own run's bare view)."""
    folder = ROOT / "var"
    folder.mkdir(exist_ok=True)
    text = json.dumps(figures, indent=2, sort_keys=True)
    (folder / f"bench-{SCALE}.json").write_text(text)
    (folder / "bench.json").write_text(text)
    national, region = folder / "bench-national.json", folder / "bench-region.json"
    if not (national.exists() and region.exists()):
        return
    wide = json.loads(national.read_text())["pages"]
    narrow = json.loads(region.read_text())["pages"]
    print()
    print(f"{'page':<36} {'region':>8} {'national':>9} {'national / region':>18}")
    for label in wide:
        if label in narrow and narrow[label]["ratio"]:
            a, b = narrow[label]["ratio"], wide[label]["ratio"]
            print(f"{label:<36} {a:>8.3f} {b:>9.3f} {b / a:>18.2f}")


if __name__ == "__main__":
    sys.exit(main())
