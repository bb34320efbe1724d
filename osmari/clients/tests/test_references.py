"""The employment plan's link to the national system, and where each status period and the
ESF+ entry data came from."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from osmari.clients import services
from osmari.clients.models import Plan, StatusSpell
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.core.models import AuditEvent, ValueSource

pytestmark = pytest.mark.django_db

WORKING_NOTES = (
    "The plan steps here are Osmari's working notes. The official employment plan is made "
    "and kept in the national client information system."
)
NOT_LINKED = "Not yet linked to the employment plan in the national system"


@pytest.fixture
def client(coach, area):
    return build_client(actor=coach, area=area, coach=coach)


def _page(http, client, lang="fi"):
    http.cookies["django_language"] = lang
    return http.get(reverse("clients:detail", args=[client.pk])).content.decode()


def test_the_plan_is_linked_with_its_reference_trimmed_and_audited(coach, client):
    plan = services.plan_reference_set(
        actor=coach,
        client=client,
        official_reference=" TS-2026 / 12 ",
        official_on=date(2026, 5, 4),
    )
    assert plan.kind == Plan.Kind.EMPLOYMENT
    assert (plan.official_reference, plan.official_on) == ("TS-2026 / 12", date(2026, 5, 4))
    event = AuditEvent.objects.get(action="plan.reference")
    assert event.changes["official_reference"] == "changed"  # the value stays on the plan
    assert event.person_ref == client.person_ref


def test_the_link_keeps_the_plans_steps(coach, client):
    services.plan_step_add(
        actor=coach,
        client=client,
        kind="employment",
        text="CV",
        owner="asiakas",
        due_on=date(2026, 12, 1),
    )
    plan = services.plan_reference_set(
        actor=coach, client=client, official_reference="TS-1", official_on=None
    )
    assert [s.text for s in plan.steps.all()] == ["CV"]


@pytest.mark.parametrize(
    "reference, on",
    [
        ("TS\n1", None),
        ("TS;1", None),
        ("Ä" * 41, None),
        ("TS-1", date(2100, 1, 1)),
        # A person's identity code is no reference, however it is written.
        ("Aino 131052-308T", None),
        ("TS 131052a308t", None),
    ],
)
def test_a_bad_plan_reference_is_refused_and_the_saved_one_stays(coach, client, reference, on):
    services.plan_reference_set(
        actor=coach, client=client, official_reference="TS-1", official_on=None
    )
    with pytest.raises(ValidationError):
        services.plan_reference_set(
            actor=coach, client=client, official_reference=reference, official_on=on
        )
    assert Plan.objects.get(client=client).official_reference == "TS-1"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_plan_section_says_the_official_plan_is_in_the_national_system(
    login, coach, client, lang
):
    services.plan_step_add(
        actor=coach,
        client=client,
        kind="employment",
        text="CV",
        owner="asiakas",
        due_on=date(2026, 12, 1),
    )
    http = login(coach)
    page = _page(http, client, lang)
    with translation.override(lang):
        assert gettext(WORKING_NOTES) in page
        assert gettext(NOT_LINKED) in page
    services.plan_reference_set(
        actor=coach, client=client, official_reference="TS-77", official_on=date(2026, 5, 4)
    )
    page = _page(http, client, lang)
    assert "TS-77" in page
    with translation.override(lang):
        assert gettext(NOT_LINKED) not in page


def test_the_coach_links_the_plan_from_the_page_with_htmx(login, coach, client):
    response = login(coach).post(
        reverse("clients:plan_reference", args=[client.pk]),
        {"official_reference": "TS-5", "official_on": "2026-05-04"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="plans"' in response.content.decode()
    assert "TS-5" in response.content.decode()
    assert Plan.objects.get(client=client, kind="employment").official_reference == "TS-5"


def test_an_identity_code_in_a_reference_is_refused_in_plain_words(coach, client):
    with pytest.raises(ValidationError) as refused, translation.override("fi"):
        services.plan_reference_set(
            actor=coach, client=client, official_reference="131052-308T", official_on=None
        )
    assert "henkilötunnus" in str(refused.value.messages).lower()
    assert not AuditEvent.objects.filter(action="plan.reference").exists()


def test_a_bad_reference_on_the_page_gets_a_message(login, coach, client):
    response = login(coach).post(
        reverse("clients:plan_reference", args=[client.pk]),
        {"official_reference": "<script>", "official_on": "2026-05-04"},
    )
    assert response.status_code == 422
    assert (
        gettext("Use only letters, digits, hyphens (-), slashes (/), full stops (.) and spaces.")
        in response.content.decode()
    )
    assert not Plan.objects.filter(client=client).exclude(official_reference="").exists()


def test_another_areas_coach_cannot_link_the_plan(login, coach_other_area, client):
    response = login(coach_other_area).post(
        reverse("clients:plan_reference", args=[client.pk]), {"official_reference": "TS-5"}
    )
    assert response.status_code == 404
    assert not Plan.objects.filter(client=client).exists()


# ---------------------------------------------------------------- where a value came from


def test_a_period_added_by_hand_is_typed_by_staff(coach, client):
    spell = unemployed_since(actor=coach, client=client, start=date(2025, 1, 1))
    assert spell.source == ValueSource.STAFF


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_each_status_period_shows_its_source(login, coach, client, lang):
    unemployed_since(actor=coach, client=client, start=date(2026, 1, 1))
    StatusSpell.objects.create(
        client=client,
        status="employed",
        start_on=date(2024, 1, 1),
        end_on=date(2024, 12, 31),
        source=ValueSource.REGISTER_EXTRACT,
    )
    page = _page(login(coach), client, lang)
    with translation.override(lang):
        assert str(ValueSource.REGISTER_EXTRACT.label) in page
        assert str(ValueSource.STAFF.label) in page


def test_the_esf_entry_data_shows_it_was_given_by_the_participant(login, coach, client):
    services.enrolment_save(
        actor=coach,
        client=client,
        entered_on=date(2026, 1, 1),
        status_at_entry="unemployed",
        eura_entry="yes",
    )
    page = _page(login(coach), client)
    assert str(ValueSource.PARTICIPANT.label) in page


def test_esf_entry_data_not_yet_entered_claims_no_source(login, coach, client):
    services.enrolment_save(
        actor=coach,
        client=client,
        entered_on=date(2026, 1, 1),
        status_at_entry="unemployed",
        eura_entry="no",
    )
    page = _page(login(coach), client)
    assert str(ValueSource.PARTICIPANT.label) not in page
