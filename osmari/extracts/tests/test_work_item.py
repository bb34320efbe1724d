"""Differences from the register extract on the start pages: the count of people whose
latest extract differs and is not resolved equals the reconcile list's."""

from __future__ import annotations

from datetime import date

import pytest

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.accounts.tests.work_lists import assert_counts_agree
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.extracts.tests.builders import import_rows

pytestmark = pytest.mark.django_db


def test_people_with_differences_count_and_list_agree(login, coach, manager, area):
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    rows = []
    for hetu, owner, typed in [
        ("131052-308T", coach, date(2025, 2, 1)),  # typed a month early: differs
        ("010101A123N", coach, date(2025, 3, 1)),  # as the register says
        ("150570-2029", colleague, date(2025, 1, 1)),  # differs
    ]:
        client = build_client(actor=coach, area=area, hetu=hetu, coach=owner)
        unemployed_since(actor=coach, client=client, start=typed)
        rows.append([hetu, "tyonhakija", "01", "1.3.2025", "", "", ""])
    build_client(actor=coach, area=area, hetu="020202A002F", coach=coach)  # not in the extract
    import_rows(rows, area=area, extracted_on=date(2026, 11, 1))
    assert assert_counts_agree(login, "register_differences", coach, manager) == 1
    assert assert_counts_agree(login, "register_differences", colleague, manager) == 1
