"""A recorded proposal is decision support: the statutory decision is made in the national
system, whose reference the coach records here; a result on typed periods is an estimate."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from osmari.clients.models import StatusSpell
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.core.models import AuditEvent, ValueSource
from osmari.screening import services
from osmari.screening.models import Decision
from osmari.screening.tests.builders import make_decision

pytestmark = pytest.mark.django_db

ESTIMATE = "Estimate: based on status periods typed by staff, not on a register extract."
FROM_EXTRACT = "The status periods come from the register extract."
NOT_STATUTORY = (
    "This is a proposal recorded with its reasons to support the decision. It is not the "
    "statutory decision: the decision on a service is made in the national client information "
    "system."
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def record(coach, area):
    client = build_client(actor=coach, area=area, coach=coach)
    unemployed_since(actor=coach, client=client, start=date(2024, 6, 1))
    return client


@pytest.fixture
def decision(coach, record):
    return make_decision(coach, record)


def _get(http, url, lang="fi"):
    http.cookies["django_language"] = lang
    return http.get(url).content.decode()


def test_the_decisions_reference_is_recorded_trimmed_and_audited(coach, decision):
    services.decision_reference_set(
        actor=coach,
        decision=decision,
        official_reference=" PÄÄTÖS 2026/55 ",
        official_on=date(2026, 11, 30),
    )
    decision.refresh_from_db()
    assert (decision.official_reference, decision.official_on) == (
        "PÄÄTÖS 2026/55",
        date(2026, 11, 30),
    )
    assert decision.proposal == "work_trial"
    event = AuditEvent.objects.get(action="decision.reference")
    assert event.changes["official_reference"] == "changed"  # the value stays on the proposal


@pytest.mark.parametrize("reference, on", [("P\x001", None), ("P#1", None), ("", date(2026, 1, 1))])
def test_a_bad_decision_reference_is_refused(coach, decision, reference, on):
    with pytest.raises(ValidationError):
        services.decision_reference_set(
            actor=coach, decision=decision, official_reference=reference, official_on=on
        )
    decision.refresh_from_db()
    assert decision.official_reference == ""


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_explanation_says_it_is_a_proposal_not_the_statutory_decision(
    login, coach, decision, lang
):
    page = _get(login(coach), reverse("screening:decision_explanation", args=[decision.pk]), lang)
    with translation.override(lang):
        assert gettext(NOT_STATUTORY) in page
        assert gettext("Explanation of the proposal") in page
        assert (
            gettext(
                "The decision made in the national system has not been linked to this proposal yet."
            )
            in page
        )


def test_the_coach_records_the_decisions_reference_on_the_page(login, coach, decision):
    http = login(coach)
    response = http.post(
        reverse("screening:decision_reference", args=[decision.pk]),
        {"official_reference": "P-9", "official_on": "2026-11-30"},
    )
    assert response.status_code == 302
    page = _get(http, reverse("screening:decision_explanation", args=[decision.pk]))
    assert "P-9" in page
    page = _get(http, reverse("screening:eligibility", args=[decision.client_id]))
    assert "P-9" in page


def test_a_bad_reference_on_the_page_gets_a_message_and_keeps_the_saved_one(login, coach, decision):
    services.decision_reference_set(
        actor=coach, decision=decision, official_reference="P-1", official_on=None
    )
    response = login(coach).post(
        reverse("screening:decision_reference", args=[decision.pk]),
        {"official_reference": "P-2", "official_on": "3026-01-01"},
    )
    assert response.status_code == 422
    decision.refresh_from_db()
    assert decision.official_reference == "P-1"


def test_a_manager_reads_the_explanation_but_records_no_reference(login, manager, decision):
    http = login(manager)
    page = _get(http, reverse("screening:decision_explanation", args=[decision.pk]))
    assert reverse("screening:decision_reference", args=[decision.pk]) not in page
    response = http.post(
        reverse("screening:decision_reference", args=[decision.pk]), {"official_reference": "X"}
    )
    assert response.status_code == 403
    assert Decision.objects.get().official_reference == ""


def test_another_areas_coach_cannot_record_the_reference(login, coach_other_area, decision):
    response = login(coach_other_area).post(
        reverse("screening:decision_reference", args=[decision.pk]), {"official_reference": "X"}
    )
    assert response.status_code == 404
    assert Decision.objects.get().official_reference == ""


# ---------------------------------------------------------------- estimate or extract


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_result_on_typed_periods_is_called_an_estimate(login, coach, record, lang):
    page = _get(login(coach), reverse("screening:eligibility", args=[record.pk]), lang)
    with translation.override(lang):
        assert gettext(ESTIMATE) in page
        assert gettext(FROM_EXTRACT) not in page


def test_one_typed_period_among_extract_ones_makes_an_estimate(login, coach, record):
    StatusSpell.objects.create(
        client=record,
        status="employed",
        start_on=date(2020, 1, 1),
        end_on=date(2020, 12, 31),
        source=ValueSource.REGISTER_EXTRACT,
    )
    page = _get(login(coach), reverse("screening:eligibility", args=[record.pk]))
    assert gettext(ESTIMATE) in page


def test_a_result_on_extract_periods_says_so(login, coach, record):
    record.spells.update(source=ValueSource.REGISTER_EXTRACT)
    page = _get(login(coach), reverse("screening:eligibility", args=[record.pk]))
    assert gettext(FROM_EXTRACT) in page
    assert gettext(ESTIMATE) not in page


def test_the_explanation_keeps_whether_the_result_was_an_estimate(login, coach, record):
    typed = services.decision_record(
        actor=coach,
        client=record,
        proposal="work_trial",
        reason="A",
        on=date(2026, 11, 27),
        include_sensitive=True,
    )
    record.spells.update(source=ValueSource.REGISTER_EXTRACT)
    from_extract = services.decision_record(
        actor=coach,
        client=record,
        proposal="work_trial",
        reason="B",
        on=date(2026, 11, 27),
        include_sensitive=True,
    )
    http = login(coach)
    assert gettext(ESTIMATE) in _get(
        http, reverse("screening:decision_explanation", args=[typed.pk])
    )
    assert gettext(ESTIMATE) not in _get(
        http, reverse("screening:decision_explanation", args=[from_extract.pk])
    )
