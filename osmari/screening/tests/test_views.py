from datetime import date

import pytest
import time_machine
from django.urls import reverse

from osmari.clients.services import sensitive_update
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.core.models import AuditEvent
from osmari.screening.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def record(coach, area):
    client = build_client(actor=coach, area=area, hetu="131052-308T", coach=coach)
    unemployed_since(actor=coach, client=client, start=date(2024, 6, 1))
    sensitive_update(
        actor=coach,
        client=client,
        reduced_work_ability=True,
        reduced_work_ability_notes="",
        integration_plan=False,
    )
    return client


def test_eligibility_is_explained_with_legal_references(login, coach, record):
    text = (
        login(coach)
        .get(reverse("screening:eligibility", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Established reduced work ability: 70 %" in text
    assert "380/2023" in text
    assert "version 2025-01-01" in text


def test_eligibility_is_explained_in_finnish(login, coach, record):
    text = login(coach).get(reverse("screening:eligibility", args=[record.pk])).content.decode()
    assert "Todettu alentunut työkyky" in text


def test_a_manager_sees_eligibility_without_the_sensitive_facts(login, manager, record):
    text = (
        login(manager)
        .get(reverse("screening:eligibility", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "It is not known whether work ability is reduced." in text
    assert "Record the decision" not in text


def test_a_coach_records_a_decision_with_the_engine_result_and_rules(login, coach, record):
    response = login(coach).post(
        reverse("screening:decision_add", args=[record.pk]),
        {"proposal": "wage_subsidy", "reason": "Palkkatuki 70 % sopii."},
    )
    decision = Decision.objects.get(client=record)
    assert response.status_code == 302
    assert decision.rules_version == "2025-01-01"
    assert decision.engine_result["results"]["en"]["wage_subsidy"]["eligible"] is True
    assert AuditEvent.objects.filter(action="decision.record", actor=coach).exists()


def test_a_decision_needs_a_reason(login, coach, record):
    response = login(coach).post(
        reverse("screening:decision_add", args=[record.pk]),
        {"proposal": "work_trial", "reason": ""},
    )
    assert response.status_code == 422
    assert not Decision.objects.exists()


def test_the_client_gets_the_explanation_in_their_language(login, coach, record):
    login(coach).post(
        reverse("screening:decision_add", args=[record.pk]),
        {"proposal": "wage_subsidy", "reason": "Palkkatuki sopii."},
    )
    decision = Decision.objects.get()
    http = login(coach)
    sv = http.get(
        reverse("screening:decision_explanation", args=[decision.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert "Konstaterad nedsatt arbetsförmåga" in sv.content.decode()
    assert "Palkkatuki sopii." in sv.content.decode()


def test_a_needs_assessment_is_saved_and_shown_over_time(login, coach, record):
    http = login(coach)
    data = {"assessed_on": "2026-11-20"}
    for stem in (
        "work_ability",
        "skills",
        "experience",
        "motivation",
        "life_management",
        "social_support",
        "practical",
    ):
        data[stem] = "2"
        data[f"{stem}_notes"] = ""
    data["motivation"] = "4"
    assert http.post(reverse("screening:assessment_add", args=[record.pk]), data).status_code == 302
    text = http.get(
        reverse("screening:eligibility", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Would likely benefit from guided, participatory employment" in text
    assert "Motivated and has goals" in text


def test_an_assessment_score_out_of_range_is_refused(login, coach, record):
    response = login(coach).post(
        reverse("screening:assessment_add", args=[record.pk]),
        {"assessed_on": "2026-11-20", "skills": "9"},
    )
    assert response.status_code == 422
    assert not record.assessments.exists()


def test_a_manager_never_sees_the_work_ability_score(login, coach, manager, record):
    from osmari.screening.services import assessment_add

    scores = dict.fromkeys(
        ["skills", "experience", "motivation", "life_management", "social_support", "practical"], 3
    )
    assessment_add(
        actor=coach, client=record, assessed_on=date(2026, 11, 1), work_ability=1, **scores
    )
    coach_text = (
        login(coach)
        .get(reverse("screening:eligibility", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Work ability should be clarified first" in coach_text
    manager_text = (
        login(manager)
        .get(reverse("screening:eligibility", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Work ability" not in manager_text


def test_a_manager_reads_a_decision_without_the_health_grounds(login, coach, manager, area):
    from osmari.screening.services import decision_record

    client = build_client(actor=coach, area=area, coach=coach)
    unemployed_since(actor=coach, client=client, start=date(2024, 1, 1))
    sensitive_update(
        actor=coach,
        client=client,
        reduced_work_ability=True,
        reduced_work_ability_notes="",
        integration_plan=None,
    )
    decision = decision_record(
        actor=coach,
        client=client,
        proposal="wage_subsidy",
        reason="Palkkatuki sopii.",
        on=date(2026, 11, 27),
        include_sensitive=True,
    )
    url = reverse("screening:decision_explanation", args=[decision.pk])
    coach_page = login(coach).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    manager_page = login(manager).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "work ability" in coach_page.lower()
    assert "work ability" not in manager_page.lower()
