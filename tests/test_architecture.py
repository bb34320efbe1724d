"""The code keeps its shape: imports flow one way, pure modules stay pure."""

import ast
import re
import tomllib
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
    "extracts",
    "matching",
    "feedback",
    "reciprocity",
    "reporting",
    "privacy",
    "participants",
    "api",
    "demo",
]
NOBODY_IMPORTS = {"reporting", "api", "demo"}
# The demo's programme has targets, a budget plan and staff: reporting's own records. The
# API serves the reporting tools those same figures, with the pages' suppression.
DEMO_ALSO_IMPORTS = {"reporting"}
API_ALSO_IMPORTS = {"reporting"}

# `mypy --strict`'s checks that a module may have. The pure modules (plain data in, plain
# data out, no Django) are those pyproject.toml's mypy section types with all of them: that
# section is the one list of them, read here.
STRICT_FLAGS = {
    "disallow_any_generics": True,
    "disallow_subclassing_any": True,
    "disallow_untyped_calls": True,
    "disallow_untyped_defs": True,
    "disallow_incomplete_defs": True,
    "check_untyped_defs": True,
    "disallow_untyped_decorators": True,
    "warn_unused_ignores": True,
    "warn_return_any": True,
    "implicit_reexport": False,
    "strict_equality": True,
    "extra_checks": True,
}


def _pure_modules() -> list[str]:
    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    strict = [
        section
        for section in config["tool"]["mypy"]["overrides"]
        if not section.get("ignore_errors", False)
        and all(section.get(flag) == value for flag, value in STRICT_FLAGS.items())
    ]
    assert len(strict) == 1, "pyproject.toml types one list of modules strictly"
    return [name.replace(".", "/") + ".py" for name in strict[0]["module"]]


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
            if app == "api" and imported in API_ALSO_IMPORTS:
                continue
            if imported in NOBODY_IMPORTS or ORDER.index(imported) > ORDER.index(app):
                wrong.append(f"{path.relative_to(ROOT.parent)} imports osmari.{imported}")
    assert wrong == []


def _above(app: str, other: str) -> bool:
    """Whether `other` is a higher app than `app`, which `app` may not depend on."""
    return (
        other != app and other in ORDER and app in ORDER and ORDER.index(other) > ORDER.index(app)
    )


def test_model_relations_point_only_to_apps_above_them():
    # The user model is swappable and named through settings.AUTH_USER_MODEL, as Django's own
    # apps name it; every other relation goes to the app's own models or to lower apps'.
    from django.apps import apps
    from django.conf import settings

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    wrong = []
    for model in apps.get_models():
        app = model._meta.app_label
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            if field.related_model is user_model:
                continue
            target = field.related_model._meta.app_label
            if _above(app, target):
                wrong.append(f"{model.__name__}.{field.name} -> {target}")
    assert wrong == []


# Migrations already applied everywhere are never edited: these dependencies on higher apps
# were written before relations pointed one way, and later migrations moved the data.
LANDED_UPWARD_DEPENDENCIES = {
    ("accounts", "0002_membership", "employers"),
    ("clients", "0001_initial", "employers"),
    ("employers", "0004_position_agreement", "agreements"),
}


def test_migrations_depend_only_on_apps_above_them():
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    user_app = settings.AUTH_USER_MODEL.split(".")[0]
    wrong = []
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        for dependency in migration.dependencies:
            target = dependency[0]
            if target == user_app and dependency[1] == "__first__":
                continue  # the swappable user model's own dependency
            if _above(app, target) and (app, name, target) not in LANDED_UPWARD_DEPENDENCIES:
                wrong.append(f"{app}.{name} depends on {target}")
    assert wrong == []


def test_pure_modules_do_not_import_django():
    offenders = []
    for relative in _pure_modules():
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


# Models whose rows are about a person (a client): views reach them only through selectors
# built on `access.py`, never through `Model.objects` or `get_object_or_404(Model, …)`.
PERSON_MODEL_MODULES = {
    "osmari.clients.models": None,  # every model of the client record
    "osmari.screening.models": {"Decision", "NeedsAssessment"},
    "osmari.placements.models": {"Placement", "Review"},
    "osmari.extracts.models": {"RegisterFact", "Resolution"},
    "osmari.feedback.models": {"Invitation", "Response", "Answer", "FollowUpTask"},
}
# Views read through selectors and write through services; reads of people are audited by
# `core.audit.persons_read` and downloads by `core.audit.download_recorded`, nothing else.
AUDIT_WRITERS = {"audit_record", "AuditEvent", "changed_fields"}


def _view_modules() -> list[Path]:
    """An app's views: its views.py, the modules of its views package, or a module of views
    of one part of it (`coaching_views.py`)."""
    return [*ROOT.glob("*/views.py"), *ROOT.glob("*/views/*.py"), *ROOT.glob("*/*_views.py")]


def _person_models_imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in PERSON_MODEL_MODULES:
            only = PERSON_MODEL_MODULES[node.module]
            for alias in node.names:
                if alias.name[0].isupper() and (only is None or alias.name in only):
                    names.add(alias.asname or alias.name)
    return names


def _view_offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    person_models = _person_models_imported(tree)
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT.parent)}:{getattr(node, 'lineno', 0)}"
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id in person_models
        ):
            found.append(f"{where} reads {node.value.id}.objects")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in person_models
        ):
            found.append(f"{where} fetches {node.args[0].id} unscoped")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("osmari"):
            for alias in node.names:
                if alias.name in AUDIT_WRITERS:
                    found.append(f"{where} imports {alias.name}: audit in a service")
    return found


def test_views_read_people_only_through_scoped_selectors_and_never_write_the_audit_log():
    offences = []
    # Forms too: a form's choices of people come from a selector, passed in by the view.
    for path in sorted([*_view_modules(), *ROOT.glob("*/forms.py"), *ROOT.glob("*/*_forms.py")]):
        offences += _view_offences(path)
    assert offences == []


def test_the_view_check_catches_an_unscoped_read(tmp_path):
    # The check itself: a view written the forbidden way is caught.
    bad = ROOT / "clients" / "_bad_view_for_test.py"
    bad.write_text(
        "from osmari.clients.models import Client\n"
        "from osmari.core.audit import audit_record\n"
        "from django.shortcuts import get_object_or_404\n"
        "def view(request, pk):\n"
        "    Client.objects.get(pk=pk)\n"
        "    get_object_or_404(Client, pk=pk)\n",
        encoding="utf-8",
    )
    try:
        offences = _view_offences(bad)
    finally:
        bad.unlink()
    assert len(offences) == 3


def test_only_access_reads_memberships_and_roles():
    # Scope is decided in accounts/access.py: no selector or view reads memberships itself.
    offenders = []
    for path in [*_view_modules(), *ROOT.glob("*/selectors.py"), *ROOT.glob("*/*_selectors.py")]:
        if path.relative_to(ROOT).parts[0] == "accounts":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("access.memberships(", "Membership.objects", "memberships__"):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT.parent)}: {needle}")
    assert offenders == []
