import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CASE = {
    "on": "2026-11-27",
    "birth_date": "2004-02-01",
    "education_level": 2,
    "reduced_work_ability": None,
    "integration_plan": False,
    "registered_jobseeker": True,
    "spells": [{"status": "unemployed", "start": "2025-10-01", "end": None}],
    "placements": [],
    "organisation": {"business_id": "2077474-0", "kind": "company"},
}


def screen(payload: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "screen"],
        input=payload,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_a_case_on_stdin_gives_a_json_result_on_stdout():
    result = screen(json.dumps(CASE))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["rules_version"] == "2025-01-01"
    assert output["unemployment"]["long_term_from"] == "2026-10-01"
    assert output["unemployment"]["long_term_unemployed"] is True
    assert output["work_trial"]["eligible"] is True
    assert output["wage_subsidy"]["options"] == [
        {"track": "professional_skills", "percent": 50, "monthly_cap_eur": 1260, "max_months": 10}
    ]
    first = output["wage_subsidy"]["reasons"][0]
    assert set(first) == {"code", "met", "explanation", "legal_basis"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ("{not json", "case: not valid JSON"),
        (json.dumps({**CASE, "on": "2026-02-30"}), "on:"),
        (json.dumps({**CASE, "education_level": 12}), "education_level:"),
        (
            json.dumps({**CASE, "spells": [{"status": "resting", "start": "2025-01-01"}]}),
            "spells[0].status",
        ),
        (json.dumps({**CASE, "organisation": {"kind": "pirate"}}), "organisation.kind"),
        (json.dumps({**CASE, "registered_jobseeker": "yes"}), "registered_jobseeker:"),
        # The ends of the calendar: months and years counted from them would leave it.
        (json.dumps({**CASE, "on": "9999-12-31"}), "on:"),
        (json.dumps({**CASE, "birth_date": "9999-12-31"}), "birth_date:"),
        (json.dumps({**CASE, "birth_date": "0001-01-01"}), "birth_date:"),
        (
            json.dumps({**CASE, "spells": [{"status": "unemployed", "start": "0001-01-01"}]}),
            "spells[0].start:",
        ),
        ("[" * 100_000 + "]" * 100_000, "case: not a case (lists or objects nested too deep)"),
        ('{"on": ' + "9" * 5000 + "}", "case: not a case (a number with too many digits)"),
        ("[]", "case: expected an object"),
        ('"2026-11-27"', "case: expected an object"),
    ],
)
def test_a_malformed_case_gets_one_line_naming_the_field(payload, field):
    result = screen(payload)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0]
    assert "Traceback" not in result.stderr
