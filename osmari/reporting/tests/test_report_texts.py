"""The manager's own words in the progress report: written for one period on the report's
page, kept with that period, printed in the PDF and the workbook beside the numbers."""

import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from osmari.core.models import AuditEvent
from osmari.reporting.models import ReportNarrative
from osmari.reporting.tests.test_pages import PERIOD, english, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 7, 15), tick=False):
        yield


def url(programme) -> str:
    return f"/programme/{programme.pk}/report/"


def save(client, programme, **texts):
    return client.post(url(programme), {**PERIOD, **texts})


def test_the_manager_writes_the_texts_and_the_report_carries_them(login, manager, programme):
    client = english(login(manager))
    response = save(
        client,
        programme,
        summary="The first half year went to building the partner network.",
        tp2="Participants asked for clearer guidance; the start survey was rewritten.",
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?start=2026-01-01&end=2026-06-30#texts")
    page = client.get(response["Location"])
    assert "were saved" in page.text
    assert "The first half year went to building the partner network." in page.text
    workbook = client.get(url(programme), {**PERIOD, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(workbook.content))["Work packages"].values)
    assert (
        "Summary",
        "Text",
        "The first half year went to building the partner network.",
        None,
    ) in rows
    assert any(row[0] == "TP2 Feedback" and row[2].startswith("Participants asked") for row in rows)
    pdf = pdf_text(client.get(url(programme), {**PERIOD, "format": "pdf"}))
    assert "building the partner network" in pdf
    assert "Work packages" in pdf and "TP4 Reciprocity" in pdf
    event = AuditEvent.objects.get(action="programme.report_texts")
    # The log names the sections changed, never the words.
    assert event.changes["sections"] == ["summary", "tp2"]
    assert "partner network" not in str(event.changes)


def test_the_texts_belong_to_their_period(login, manager, programme):
    client = english(login(manager))
    save(client, programme, summary="Spring.")
    other = client.get(url(programme), {"start": "2026-01-01", "end": "2026-03-31"})
    assert other.context["texts_form"]["summary"].value() == ""
    same = client.get(url(programme), PERIOD)
    assert same.context["texts_form"]["summary"].value() == "Spring."


def test_an_emptied_text_is_removed_and_others_are_kept(login, manager, programme):
    client = english(login(manager))
    save(client, programme, summary="Kept.", tp1="Removed soon.")
    save(client, programme, summary="Kept.", tp1="")
    assert list(ReportNarrative.objects.values_list("section", "text")) == [("summary", "Kept.")]


def test_a_text_too_long_is_refused_and_everything_typed_is_kept(login, manager, programme):
    client = english(login(manager))
    save(client, programme, summary="Saved before.")
    response = save(client, programme, summary="Rewritten.", tp3="x" * 6001)
    assert response.status_code == 422
    assert "Ensure this value has at most 6000 characters" in response.text
    assert "Rewritten." in response.text
    assert ReportNarrative.objects.get().text == "Saved before."


def test_those_who_only_read_the_report_cannot_write_its_texts(login, analyst, programme):
    client = english(login(analyst))
    page = client.get(url(programme), PERIOD)
    assert page.status_code == 200
    assert page.context["texts_form"] is None
    assert save(client, programme, summary="Not mine to write.").status_code == 403
    assert not ReportNarrative.objects.exists()


def test_each_work_package_tells_what_was_planned_and_done_with_its_evidence(
    login, manager, programme
):
    from decimal import Decimal

    from osmari.reporting import workplan_services
    from osmari.reporting.models import WorkPackage

    tp3 = workplan_services.package_save(
        actor=manager,
        programme=programme,
        code="TP3",
        kind=WorkPackage.Kind.AGREEMENTS,
        name="Yhteistyösopimukset",
        goals="Sopimusmalli käytössä 30 organisaatiossa",
        deliverables="",
        planned_salary_costs=Decimal(50000),
    )
    done = workplan_services.milestone_save(
        actor=manager, package=tp3, title="Model piloted", due_on=date(2026, 3, 31)
    )
    workplan_services.milestone_status(
        actor=manager,
        milestone=done,
        status="done",
        on=date(2026, 4, 10),
        note="Piloted with two partners.",
        evidence_number=Decimal(2),
        evidence_number_label="organisations in the pilot",
    )
    workplan_services.milestone_save(
        actor=manager, package=tp3, title="Model published", due_on=date(2026, 5, 31)
    )
    client = english(login(manager))
    workbook = client.get(url(programme), {**PERIOD, "format": "xlsx"})
    rows = [
        row
        for row in load_workbook(io.BytesIO(workbook.content))["Work packages"].values
        if row[0] == "TP3 Cooperation agreements"
    ]
    assert ("Planned", "TP3 Yhteistyösopimukset: Sopimusmalli käytössä 30 organisaatiossa") in [
        row[1:3] for row in rows
    ]
    assert (
        "Done",
        "Model piloted (due 31.03.2026): Done, 10 days late",
        "2 organisations in the pilot",
    ) in [row[1:4] for row in rows]
    assert ("Planned", "Model published (due 31.05.2026): Overdue by 30 days") in [
        row[1:3] for row in rows
    ]
    figures = {row[2]: row[3] for row in rows if row[1] == "Figure"}
    assert figures["Target: organisations taking part"] == 30
    pdf = pdf_text(client.get(url(programme), {**PERIOD, "format": "pdf"}))
    assert "Model piloted" in pdf and "2 organisations in the pilot" in pdf
