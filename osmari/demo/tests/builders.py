"""The demo's records for tests, made as an operator makes them: with the seed_demo command."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def seed_demo(*args: str) -> str:
    """Run `manage.py seed_demo` with these arguments; what it printed (the logins)."""
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()
