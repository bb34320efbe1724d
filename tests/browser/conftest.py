"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from osmari.core.models import Municipality
from osmari.core.reference import reference_load

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM")
    for candidate in [configured, "/usr/bin/chromium", shutil.which("chromium")]:
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's 'chromium' package (or set CHROMIUM)."
        if os.environ.get("OSMARI_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # to set up their data are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def reference_data(transactional_db):
    # Live-server tests empty the database after each test; reload what the pages need,
    # including what the data migrations published (consent texts, templates, surveys).
    if not Municipality.objects.exists():
        reference_load()
    from importlib import import_module

    from django.apps import apps

    from osmari.agreements.models import AgreementTemplate
    from osmari.clients.models import ConsentText
    from osmari.feedback.models import Survey

    for model, migration, function in (
        (ConsentText, "osmari.clients.migrations.0002_consent_texts", "publish"),
        (AgreementTemplate, "osmari.agreements.migrations.0002_template_v1", "publish"),
        (Survey, "osmari.feedback.migrations.0002_ready_made_surveys", "load"),
    ):
        if not model.objects.exists():
            getattr(import_module(migration), function)(apps, None)


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def _take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


def serious_violations(page) -> list[str]:
    """Run axe-core on the page; return the serious and critical violations, readably."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


# Each piece of a card's cell (a text, a link, a badge) that starts within the width of
# the column's name: it is read as if it were the name, under the name it belongs beside.
_UNDER_THE_NAME = """() => {
  const found = [];
  let checked = 0;
  const cells = document.querySelectorAll(
    ".data-table > :is(tbody, tfoot) > tr > :is(td, th)[data-label]:not([colspan])");
  for (const cell of cells) {
    if (getComputedStyle(cell, "::before").content === "none") continue;
    if (!cell.getClientRects().length) continue;
    // However the name is laid out, nothing of the value may start within its width.
    const valuesFrom = cell.getBoundingClientRect().left
      + parseFloat(getComputedStyle(cell, "::before").width);
    if (Number.isNaN(valuesFrom)) { found.push(`${cell.dataset.label}: not measured`); continue; }
    checked += 1;
    for (const node of cell.childNodes) {
      if (node.nodeType === Node.TEXT_NODE && !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNode(node);
      for (const box of range.getClientRects()) {
        if (box.width && box.left < valuesFrom - 1) {
          found.push(`${cell.dataset.label}: ${node.textContent.trim()}`);
          break;
        }
      }
    }
  }
  return {checked, found};
}"""


def cells_under_their_names(page) -> list[str]:
    """On a phone, where a table's rows are cards: what of each cell is not beside its
    column's name, as "name: text". A page with no cards to read fails: the check would
    prove nothing there."""
    result = page.evaluate(_UNDER_THE_NAME)
    assert result["checked"], "No table on this page reads as cards."
    return result["found"]


def pass_second_factor(page, email: str) -> None:
    """After the password, the second step as the person takes it: the first time, set up
    the authenticator app from the key the page shows (and go on past the recovery codes);
    later, type the code the app shows. The page's fields are found by their ids, so this
    works in every language."""
    import re

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from osmari.accounts.tests.authenticator import code_at, key_from_typed_secret

    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    if "/setup/" in page.url:
        key = key_from_typed_secret(page.locator("#authenticator-secret").inner_text())
        page.locator("#id_code").fill(code_at(key))
        page.locator("#id_code").press("Enter")
        page.locator(".recovery-codes").wait_for()
        page.locator("main a.button").click()
        return
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    # A code is taken once: after one used in this 30-second step, the app's next one.
    now = TOTP(device.bin_key).t()
    ahead = max(0, device.last_t + 1 - now)
    page.locator("#id_code").fill(code_at(device.key, steps_ahead=ahead))
    page.locator("#id_code").press("Enter")


def log_in(page, base_url: str, email: str) -> None:
    """A staff user logs in in Finnish as they would: e-mail, password, then the second step."""
    from osmari.accounts.tests.builders import PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    pass_second_factor(page, email)
