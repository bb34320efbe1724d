"""A person's export shows their six-month follow-up with where its result came from, and
the link they were sent to answer it."""

import json
from datetime import date

import pytest

from osmari.clients import follow_ups
from osmari.clients.consents import consent_give
from osmari.clients.models import Enrolment
from osmari.clients.tests.builders import build_client
from osmari.feedback.models import FollowUpLink
from osmari.privacy.export import export_file, person_export

pytestmark = [pytest.mark.django_db]


def test_the_export_holds_the_follow_up_its_source_and_the_link(coach, area):
    client = build_client(actor=coach, area=area, coach=coach)
    consent_give(actor=coach, client=client, purpose="follow_up")
    enrolment = Enrolment.objects.create(
        client=client,
        entered_on=date(2025, 9, 1),
        status_at_entry="unemployed",
        left_on=date(2026, 3, 15),
        situation_on_leaving="job_searching",
    )
    FollowUpLink.objects.create(
        area=area, client=client, token_hash="x" * 64, language="fi", expires_on=date(2026, 10, 1)
    )
    follow_ups.result_record(
        actor=coach,
        enrolment=enrolment,
        employed="yes",
        improved="yes",
        source="person",
        on=date(2026, 9, 20),
    )
    text = export_file(person_export(client=client), "json").decode()
    data = json.loads(text)
    assert "follow_up_source" in text and '"person"' in text
    assert any("followuplink" in key for key in data.get("sections", data))
