"""A participant's browser in tests: a session as strong identification or a link leaves it."""

from __future__ import annotations

import time

from django.test import Client as Browser

from osmari.accounts.participant_session import SESSION_KEY, STRONG


def signed_in(client, method: str = STRONG) -> Browser:
    browser = Browser()
    session = browser.session
    session[SESSION_KEY] = {
        "client": client.pk,
        "area": client.area_id,
        "method": method,
        "ends_at": time.time() + 600,
    }
    session.save()
    return browser
