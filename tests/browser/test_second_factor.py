import re

import pytest
from playwright.sync_api import expect

from osmari.accounts.models import Role
from osmari.accounts.tests.authenticator import code_at, key_from_typed_secret, next_code
from osmari.accounts.tests.builders import PASSWORD, make_person
from osmari.core.models import EmploymentArea
from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def coach(reference_data):
    return make_person(
        "coach@second-factor.osmari.fi", Role.COACH, EmploymentArea.objects.get(code="mikkeli")
    )


def _password(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))


def _code(page, code):
    page.locator("#id_code").fill(code)
    page.locator("#id_code").press("Enter")


def _log_out(page, base_url):
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.wait_for_url(f"{base_url}/accounts/login/")


def _start_page(page, base_url):
    page.wait_for_url(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tervetuloa")


def test_set_up_the_app_then_log_in_with_it_and_with_a_recovery_code_once(
    live_server, page, coach, screenshot
):
    base = live_server.url
    _password(page, base, coach.email)
    # The first login leads to setting up the app: a QR code and the key to type instead.
    assert "/accounts/second-factor/setup/" in page.url
    expect(page.locator(".qr svg")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "second-factor-setup-fi-desktop")
    key = key_from_typed_secret(page.locator("#authenticator-secret").inner_text())
    _code(page, code_at(key))

    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert serious_violations(page) == []
    screenshot(page, "second-factor-recovery-codes-fi-desktop")
    page.locator("main a.button").click()
    _start_page(page, base)
    _log_out(page, base)

    # With the app: the code it shows next (the one just used is spent).
    _password(page, base, coach.email)
    assert serious_violations(page) == []
    screenshot(page, "second-factor-verify-fi-desktop")
    _code(page, next_code(coach))
    _start_page(page, base)
    _log_out(page, base)

    # Without the phone: a recovery code, once.
    _password(page, base, coach.email)
    _code(page, codes[0])
    _start_page(page, base)
    expect(page.locator(".messages")).to_contain_text("9")
    _log_out(page, base)

    _password(page, base, coach.email)
    _code(page, codes[0])
    expect(page.locator(".field__errors")).to_be_visible()
    assert "/accounts/second-factor/" in page.url
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Tervetuloa")
    assert serious_violations(page) == []
    screenshot(page, "second-factor-refused-fi-desktop")
    page.goto(f"{base}/")
    assert "/accounts/second-factor/" in page.url
