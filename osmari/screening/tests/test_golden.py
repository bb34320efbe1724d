"""One golden file per published rule set: the cases and their full, reviewed results.

A published rule set never changes, so neither may its results. To add cases, write them into
the file with `"expected": null` and run with OSMARI_UPDATE_GOLDEN=1; review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from osmari.screening.cases import case_from_json, result_to_json
from osmari.screening.engine import evaluate, load_rulesets

GOLDEN = Path(__file__).resolve().parent / "golden"
RULESETS = {r.version: r for r in load_rulesets()}


def test_every_published_rule_set_has_a_golden_file():
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(RULESETS)


@pytest.mark.parametrize("version", sorted(RULESETS))
def test_golden_cases_give_their_recorded_results(version):
    path = GOLDEN / f"{version}.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    changed = False
    for entry in entries:
        case = case_from_json(entry["case"])
        result = evaluate(case)
        assert result.rules_version == version, entry["name"]
        actual = result_to_json(result, "en")
        if os.environ.get("OSMARI_UPDATE_GOLDEN") == "1" and entry["expected"] is None:
            entry["expected"] = actual
            changed = True
        assert actual == entry["expected"], entry["name"]
    if changed:
        path.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
