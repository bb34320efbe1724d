"""What `make bench` and `make loadtest` share: running manage.py, the application's own
database role, a free loopback port, waiting for the server, and a signed-in session for a
user, made directly in the database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


APPLICATION_ROLE = "osmari_app"


def as_application_role(env: dict[str, str]) -> dict[str, str]:
    """`env` with DATABASE_URL naming the application's role instead of the owner, as in
    production (docs/operations.md): the server is then subject to row-level security, and
    the figures are those of the policies too. The role is made in the throwaway cluster,
    which trusts the loopback."""
    if not env.get("OSMARI_PG_CTL"):
        # A passwordless login role is only harmless in scripts/pgcluster.py's cluster.
        raise SystemExit("The application role is made only in a throwaway cluster.")
    owner = env["DATABASE_URL"]
    subprocess.run(
        [
            *["psql", owner, "-qc"],
            f"DO $$ BEGIN CREATE ROLE {APPLICATION_ROLE} LOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$",
        ],
        check=True,
    )
    manage("grant_application_role", APPLICATION_ROLE, env=env)
    print(f"The server connects as {APPLICATION_ROLE}, subject to row-level security.")
    parts = urlsplit(owner)
    host = parts.netloc.rpartition("@")[2]
    return {**env, "DATABASE_URL": urlunsplit(parts._replace(netloc=f"{APPLICATION_ROLE}@{host}"))}


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osmari.settings")
    import django

    django.setup()


def signed_in_session(user) -> str:
    """The key of a new session of this user that has given its second factor, as a
    signed-in user's has: without it every page answers with the redirect to the
    second-factor page."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    browser = Client()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = browser.session
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")
