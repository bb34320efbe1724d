"""Settings, migrations, deployment checks and the message catalogues."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

from osmari.envconf import ConfigurationError, env_bool, env_choice, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "OSMARI_DEPLOYMENT": "production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Qp" * 10,
    "ALLOWED_HOSTS": "osmari.mikkeli.example",
    "DATABASE_URL": "postgres://osmari:secret@db.internal:5432/osmari",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.mikkeli.example",
    "OSMARI_FIELD_KEYS": "Ck1AKXyP5R0tPz8vJx1e0Fj7l6mYJ3qQ2n9bW4sT8uE=",
    "OSMARI_LOOKUP_KEY": "a-long-random-production-lookup-key-" + "L9w" * 8,
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_deploy_check_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deploy_check_refuses_debug_in_production():
    result = _manage("check", "--deploy", env={**PRODUCTION_ENV, "DEBUG": "1"})
    assert result.returncode != 0
    assert "osmari.E001" in result.stderr


def test_production_without_allowed_hosts_stops_the_process():
    production = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = _manage("check", env=production)
    assert result.returncode != 0
    assert "osmari.E004" in result.stderr
    result = _manage("check", "--deploy", env=production)
    assert result.returncode != 0
    assert "osmari.E004" in result.stderr


def test_a_developers_machine_answers_on_localhost_without_allowed_hosts():
    assert _manage("check", env={}).returncode == 0
    assert _manage("check", env={"ALLOWED_HOSTS": "osmari.example.fi"}).returncode == 0


@pytest.mark.parametrize(
    ("database_url", "option"),
    [("", "timeout"), ("postgres://osmari@db.internal/osmari", "connect_timeout")],
)
def test_the_database_connection_has_a_timeout_from_the_environment(database_url, option):
    show = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {"DEBUG": "1", "DATABASE_URL": database_url}
    assert f"'{option}': 5" in _manage("shell", "-c", show, env=env).stdout
    env["DATABASE_CONNECT_TIMEOUT"] = "2"
    assert f"'{option}': 2" in _manage("shell", "-c", show, env=env).stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_encryption_keys_stops_the_process():
    env = {**PRODUCTION_ENV, "OSMARI_FIELD_KEYS": "", "OSMARI_LOOKUP_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "osmari.E020" in result.stderr and "osmari.E021" in result.stderr


def test_a_mistyped_boolean_stops_the_process_with_the_variable_named():
    result = _manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


@pytest.mark.parametrize(
    ("helper", "value", "expected"),
    [
        (env_bool, "yes", True),
        (env_bool, "0", False),
        (env_int, "12", 12),
        (env_list, "a.fi, b.fi,", ["a.fi", "b.fi"]),
    ],
)
def test_environment_helpers_parse_values(helper, value, expected):
    default = [] if helper is env_list else 0
    assert helper("X", default, {"X": value}) == expected


def test_environment_helpers_fail_loudly():
    with pytest.raises(ConfigurationError, match="X must be a whole number"):
        env_int("X", 0, {"X": "ten"})
    with pytest.raises(ConfigurationError, match="X must be one of"):
        env_choice("X", "a", ("a", "b"), {"X": "c"})


def test_every_setting_read_from_the_environment_is_in_env_example():
    source = (ROOT / "osmari" / "settings.py").read_text(encoding="utf-8")
    import re

    names = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert names - documented == set()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_message_catalogue_is_complete(language):
    path = ROOT / "osmari" / "locale" / language / "LC_MESSAGES" / "django.po"
    with open(path, "rb") as handle:
        catalogue = read_po(handle)
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (
            "fuzzy" in message.flags
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert untranslated == []
