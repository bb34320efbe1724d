"""The demo's records for tests, made as an operator makes them: with the seed_demo command."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

# The demo that the tests of what it shows read (osmari/demo/tests/shown/), seeded once.
SHOWN_DEMO = ("--scale", "demo", "--seed", "5")


def seed_demo(*args: str) -> str:
    """Run `manage.py seed_demo` with these arguments; what it printed (the logins)."""
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()
