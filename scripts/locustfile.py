"""A working day in Osmari for `make loadtest`: simulated users of mixed roles, reading the
pages each role uses and, for coaches, writing journal entries.

Run by scripts/loadtest.py, which gives each simulated user a signed-in session (the plan
file) and checks afterwards that every write acknowledged here is in the database. A page
answered "try again" (503 with Retry-After, while the database restarts) is recorded, not
failed: loadtest.py decides whether it came while the database was away. Any other server error
fails the request.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
import uuid
from datetime import date

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115 (read once)
_sessions = itertools.cycle(PLAN["sessions"])
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# What loadtest.py reads afterwards: acknowledged writes, and every "try again" with its time.
acknowledged: list[dict] = []
retries: list[dict] = []


@events.test_stop.add_listener
def _write_results(**_kwargs) -> None:
    with open(os.environ["LOADTEST_RESULTS"], "w") as out:
        json.dump({"acknowledged": acknowledged, "retries": retries}, out)


class StaffMember(HttpUser):
    """One member of staff, in the role their session has, at a working day's pace."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.session = next(_sessions)
        self.client.cookies.set("sessionid", self.session["cookie"])
        self.role = self.session["role"]

    def _get(self, path: str, name: str):
        started = time.time()
        with self.client.get(path, name=name, catch_response=True) as response:
            self._judge(response, name, started)
            return response

    def _judge(self, response, name: str, started: float) -> None:
        if response.status_code == 503 and response.headers.get("Retry-After"):
            retries.append({"name": name, "started": started, "ended": time.time()})
            response.success()
        elif response.status_code != 200:
            response.failure(f"{name}: {response.status_code}")

    @task(3)
    def start_page(self) -> None:
        self._get("/", "start page")

    @task(6)
    def daily_work(self) -> None:
        for name, path in ROLE_PAGES[self.role]:
            self._get(path.format(**self.session), name)

    @task(2)
    def write(self) -> None:
        if self.role != "coach" or not self.session["clients"]:
            return
        client_id = self.session["clients"][len(acknowledged) % len(self.session["clients"])]
        page = self._get(f"/clients/{client_id}/", "client record")
        token = _CSRF.search(page.text or "") if page.status_code == 200 else None
        if token is None:
            return
        marker = f"load-{uuid.uuid4().hex}"
        started = time.time()
        with self.client.post(
            f"/clients/{client_id}/journal/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "kind": "note",
                "occurred_on": date.today().isoformat(),
                "text": f"Puhelu sovittu. {marker}",
            },
            headers={"HX-Request": "true", "Referer": f"{self.host}/clients/{client_id}/"},
            name="journal entry (write)",
            catch_response=True,
        ) as response:
            self._judge(response, "journal entry (write)", started)
            if response.status_code == 200:
                acknowledged.append({"client": client_id, "marker": marker})


ROLE_PAGES = {
    "coach": [
        ("client list", "/clients/"),
        ("worklist", "/screening/worklist/"),
        ("periods", "/placements/"),
    ],
    "manager": [
        ("programme targets", "/programme/{programme}/"),
        ("organisations", "/organisations/"),
        ("feedback results", "/feedback/results/"),
    ],
    "analyst": [("ESF+ indicators", "/programme/{programme}/indicators/")],
    "org_contact": [("organisation start page", "/")],
    "area_admin": [("audit log", "/audit/")],
}
