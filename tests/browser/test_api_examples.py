"""The two examples of docs/api.md, run as written against a test server: an analyst's
pandas DataFrame of the indicators, and an HR system adding a place. No browser: they run
here with the browser tests because they, too, need a live server, whose committed rows the
rest of the suite must not see."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from osmari.api.tokens import issue_token
from osmari.core.models import EmploymentArea
from osmari.employers.models import Position
from osmari.employers.tests.builders import make_organisation
from osmari.reporting.tests.builders import make_programme

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"

pytestmark = pytest.mark.browser


def _example(name: str) -> str:
    found = re.search(
        rf"<!-- example: {name} -->\n```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S
    )
    assert found, f"docs/api.md has no example {name!r}"
    return found.group(1)


def _run(code: str, url: str, key: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "OSMARI_URL": url, "OSMARI_TOKEN": key}
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_pandas_example_reads_the_indicators(live_server, reference_data):
    area = EmploymentArea.objects.get(code="mikkeli")
    make_programme(area)
    key = issue_token(actor=None, area=area, kind="reporting", name="R-analyysi").key
    finished = _run(_example("pandas"), live_server.url, key)
    assert finished.returncode == 0, finished.stderr
    # The table printed has the ESF+ codes as its index and the labels in English.
    assert "EECO01" in finished.stdout and "EECR04" in finished.stdout
    assert "label" in finished.stdout


def test_the_hr_example_adds_a_place(live_server, reference_data):
    area = EmploymentArea.objects.get(code="mikkeli")
    organisation = make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")
    key = issue_token(
        actor=None,
        area=area,
        kind="organisation",
        organisation=organisation,
        write=True,
        name="HR-järjestelmä",
    ).key
    finished = _run(_example("hr"), live_server.url, key)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    place = Position.objects.get(organisation=organisation, title="Varastotyöntekijä")
    assert f"Created place {place.pk} Varastotyöntekijä" in finished.stdout
    assert place.days_per_week == 4 and place.kind == "work_trial"
