"""The code keeps its shape: imports flow one way, pure modules stay pure."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "osmari"

# DESIGN.md's order: an app imports only from apps above it. `demo` builds data for all.
ORDER = [
    "core",
    "accounts",
    "clients",
    "screening",
    "employers",
    "agreements",
    "placements",
    "matching",
    "feedback",
    "reciprocity",
    "reporting",
    "api",
    "demo",
]
NOBODY_IMPORTS = {"reporting", "api", "demo"}
# The demo's programme has targets, a budget plan and staff: reporting's own records.
DEMO_ALSO_IMPORTS = {"reporting"}

# Domain modules that must run without Django (plain data in, plain data out).
PURE_MODULES = [
    "osmari/envconf.py",
    "osmari/core/identity.py",
    "osmari/demo/synthetic.py",
    "osmari/clients/spells.py",
    "osmari/screening/engine.py",
    "osmari/screening/explanations.py",
    "osmari/screening/cases.py",
    "osmari/screening/benefit.py",
    "osmari/placements/rules.py",
    "osmari/matching/scoring.py",
    "osmari/matching/assignment.py",
    "osmari/feedback/suppression.py",
    "osmari/feedback/tokens.py",
    "osmari/feedback/schedule.py",
    "osmari/reciprocity/levels.py",
    "osmari/reciprocity/subsidy.py",
    "osmari/reciprocity/certificates.py",
    "osmari/reporting/indicators.py",
    "osmari/reporting/budget.py",
    "osmari/reporting/periods.py",
]


def _imported_modules(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
    return modules


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for name in _imported_modules(path):
        parts = name.split(".")
        if parts[0] == "osmari" and len(parts) > 1 and parts[1] in ORDER:
            found.add(parts[1])
    return found


def test_every_app_is_in_the_import_order():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps - set(ORDER) == set()


def test_apps_import_only_from_apps_above_them():
    wrong = []
    for path in ROOT.glob("*/**/*.py"):
        app = path.relative_to(ROOT).parts[0]
        if app not in ORDER:
            continue
        in_tests = "tests" in path.relative_to(ROOT).parts
        for imported in _imported_apps(path):
            if imported == app or (in_tests and imported == "demo"):
                # Tests may build data with the demo's synthetic generators.
                continue
            if app == "demo" and imported in DEMO_ALSO_IMPORTS:
                continue
            if imported in NOBODY_IMPORTS or ORDER.index(imported) > ORDER.index(app):
                wrong.append(f"{path.relative_to(ROOT.parent)} imports osmari.{imported}")
    assert wrong == []


def test_pure_modules_do_not_import_django():
    offenders = []
    for relative in PURE_MODULES:
        modules = _imported_modules(ROOT.parent / relative)
        offenders += [f"{relative}: {m}" for m in modules if m.split(".")[0] == "django"]
    assert offenders == []


def test_templates_have_no_inline_script_or_style():
    # A strict Content-Security-Policy stays possible only without inline code.
    offenders = []
    for path in [*ROOT.parent.joinpath("templates").rglob("*.html"), *ROOT.rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        if "style=" in text or re.search(r"<script(?![^>]*\bsrc=)", text):
            offenders.append(str(path))
    assert offenders == []
