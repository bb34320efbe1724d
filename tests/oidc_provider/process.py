"""Start the test provider in its own process, and sign a person in on it as a browser would."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "osmari-test"
CLIENT_SECRET = "test-provider-client-secret"
PASSWORD = "provider-password-1"
# The provider's people, by user name, with the e-mail address the provider holds for each.
PEOPLE = {
    "aino": "aino.virtanen@kunta.example",
    "eero": "eero.esimerkki@kunta.example",
    "ville": "ville.vaara@kunta.example",
}
STARTUP_SECONDS = 60


@dataclass
class Provider:
    process: subprocess.Popen
    port: int
    # Each person's subject identifier at the provider, by user name.
    subjects: dict[str, str]

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/openid"

    def osmari_settings(self) -> dict[str, str]:
        """The settings that point Osmari's relying party at this provider."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
        }

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def provider_start(directory: Path, redirect_uri: str) -> Provider:
    """Start the provider with its database in `directory`; Osmari's client may return only
    to `redirect_uri`. Returns once the provider's discovery document answers."""
    env = {**os.environ, "OIDC_TEST_PROVIDER_DB": str(directory / "provider.sqlite3")}
    log_path = directory / "provider.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider.serve", redirect_uri],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_SECONDS)
    line = process.stdout.readline() if ready else ""
    if not line:
        process.kill()
        raise RuntimeError(f"The test provider did not start:\n{log_path.read_text()}")
    started = json.loads(line)
    provider = Provider(process=process, port=started["port"], subjects=started["subjects"])
    deadline = time.monotonic() + STARTUP_SECONDS
    discovery = f"{provider.issuer}/.well-known/openid-configuration"
    while True:
        try:
            if requests.get(discovery, timeout=2).status_code == 200:
                return provider
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            provider.stop()
            raise RuntimeError(f"The test provider does not answer:\n{log_path.read_text()}")
        time.sleep(0.1)


def provider_sign_in(authorize_url: str, username: str) -> str:
    """Follow Osmari's redirect to the provider, sign in on its login page as `username`, and
    return the address the provider sends the browser back to (Osmari's callback)."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, "the provider's login page has no CSRF token"
    signed_in = browser.post(
        page.url,
        data={"csrfmiddlewaretoken": found[1], "username": username, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text
    # Signed in, the provider's authorization endpoint answers with the way back to Osmari.
    back = browser.get(
        urljoin(page.url, signed_in.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert back.status_code == 302, back.text
    return back.headers["Location"]
