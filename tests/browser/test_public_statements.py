"""The privacy notice and the accessibility statement, reached from the footer of the login
page by someone who has no account, and accessible themselves."""

import pytest

from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


def test_the_footer_leads_to_the_notice_and_the_statement(
    live_server, page, reference_data, screenshot
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("footer a[href='/privacy/notice/']").click()
    page.wait_for_url("**/privacy/notice/mikkeli/")
    assert page.locator("h1").inner_text()
    assert page.locator("#rights").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "privacy-notice-fi")
    page.locator("footer a[href='/accessibility/']").click()
    page.wait_for_url("**/accessibility/")
    assert page.locator("#enforcement").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "accessibility-statement-fi")
