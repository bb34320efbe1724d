"""The register extract gives the six-month follow-up's result where its status periods
cover the day: recorded by the import, in its transaction and audited, never over a result
already recorded from a call, the person or an earlier extract."""

from datetime import date

import pytest
from django.urls import reverse

from osmari.clients import follow_ups
from osmari.clients.consents import consent_give
from osmari.clients.models import Enrolment
from osmari.clients.tests.builders import build_client, numbered_hetu
from osmari.core.models import AuditEvent
from osmari.extracts.tests.builders import import_rows

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LEFT = date(2026, 3, 15)  # the follow-up day is 15.9.2026


def leaver(coach, area, n):
    client = build_client(
        actor=coach, area=area, hetu=numbered_hetu(n), last_name=f"Lahtija{n}", coach=coach
    )
    consent_give(actor=coach, client=client, purpose="follow_up")
    return Enrolment.objects.create(
        client=client,
        entered_on=date(2025, 9, 1),
        status_at_entry="unemployed",
        left_on=LEFT,
        situation_on_leaving="job_searching",
    )


def status(n, code, start, end=""):
    return [numbered_hetu(n), "tyonhakija", code, start, end, "", ""]


def test_the_import_records_what_the_extract_says_and_leaves_the_rest(manager, coach, area):
    found, called, silent = leaver(coach, area, 1), leaver(coach, area, 2), leaver(coach, area, 3)
    follow_ups.result_record(
        actor=coach,
        enrolment=called,
        employed="no",
        improved="no",
        source="call",
        on=date(2026, 9, 20),
    )
    report = import_rows(
        [
            status(1, "01", "1.1.2025", "30.6.2026"),
            status(1, "tyossa", "1.7.2026"),
            status(2, "tyossa", "1.7.2026"),
            # Ended the day before the follow-up day: the extract does not say.
            status(3, "tyossa", "1.7.2026", "14.9.2026"),
        ],
        area=area,
        actor=manager,
        extracted_on=date(2026, 11, 1),
    )
    assert report.follow_ups == 1
    found.refresh_from_db()
    assert (found.employed_after_6_months, found.improved_after_6_months) == ("yes", "yes")
    assert (found.follow_up_source, found.follow_up_on) == ("extract", date(2026, 9, 15))
    called.refresh_from_db()
    assert (called.employed_after_6_months, called.follow_up_source) == ("no", "call")
    silent.refresh_from_db()
    assert not follow_ups.has_result(silent)
    events = AuditEvent.objects.filter(action="enrolment.follow_up", actor=manager)
    assert [e.person_ref for e in events] == [found.client.person_ref]

    # A later extract that says otherwise does not change a figure already reported.
    import_rows(
        [status(1, "01", "1.1.2025")], area=area, actor=manager, extracted_on=date(2026, 12, 1)
    )
    found.refresh_from_db()
    assert found.employed_after_6_months == "yes"


def test_an_extract_older_than_the_day_records_nothing(manager, coach, area):
    enrolment = leaver(coach, area, 1)
    import_rows([status(1, "tyossa", "1.7.2026")], area=area, extracted_on=date(2026, 9, 1))
    enrolment.refresh_from_db()
    assert not follow_ups.has_result(enrolment)


def test_the_list_says_which_the_extract_answers_and_the_coach_takes_its_answer(login, coach, area):
    enrolment = leaver(coach, area, 1)
    leaver(coach, area, 2)
    # Imported before the exit date was recorded: the import had nothing to fill.
    enrolment.left_on = None
    enrolment.situation_on_leaving = ""
    enrolment.save()
    import_rows(
        [status(1, "tyossa", "1.7.2026"), status(2, "01", "1.1.2025", "1.2.2025")],
        area=area,
        extracted_on=date(2026, 11, 1),
    )
    enrolment.left_on, enrolment.situation_on_leaving = LEFT, "job_searching"
    enrolment.save()
    http = login(coach)
    page = http.get(reverse("clients:follow_ups_due"), **EN).content.decode()
    assert "Can answer. In work: Yes" in page
    assert "no status period covers the day" in page
    response = http.post(
        reverse("extracts:follow_up_take", args=[enrolment.client_id]), follow=True, **EN
    )
    assert "is recorded" in response.content.decode()
    enrolment.refresh_from_db()
    assert (enrolment.employed_after_6_months, enrolment.follow_up_source) == ("yes", "extract")
