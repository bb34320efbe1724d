"""Proposals of people to host organisations' places: the coach proposes, the host of that
organisation sees the proposal with only what the person agreed to share and answers it, and
the coach follows the answer on the client's page and plans the period from it."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from osmari.clients.consents import consent_withdraw
from osmari.clients.services import sensitive_update
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.identity import hetu
from osmari.core.models import AuditEvent
from osmari.employers.services import sharing_consent_give
from osmari.employers.tests.builders import make_organisation, make_position
from osmari.placements.models import Proposal
from osmari.placements.proposal_services import proposal_answer, proposal_create

pytestmark = pytest.mark.django_db
NOTE = "Kiinnostunut varastotyöstä, voisi aloittaa tammikuussa."


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def consenting(coach, jobseeker, organisation):
    """Testi Asiakas, who agreed to share their profile with the organisation contact's."""
    sharing_consent_give(actor=coach, client=jobseeker, organisation=organisation)
    return jobseeker


@pytest.fixture
def proposal(coach, consenting, place):
    return proposal_create(
        actor=coach, client=consenting, position=place, kind="work_trial", note=NOTE
    )


def _as(login, user):
    http = login(user)
    http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return http


def _propose(http, client, place, **data):
    values = {"position": place.pk, "kind": "work_trial", "note": NOTE, **data}
    return http.post(reverse("placements:proposal_create", args=[client.pk]), values)


def _answer(http, proposal, **data):
    return http.post(reverse("placements:host_proposal_answer", args=[proposal.pk]), data)


# ---------------------------------------------------------------- the coach proposes


def test_the_coach_proposes_a_person_to_a_place_with_a_note_for_the_host(
    login, coach, consenting, place
):
    http = _as(login, coach)
    form = http.get(
        reverse("placements:proposal_create", args=[consenting.pk]), {"position": place.pk}
    )
    assert form.status_code == 200
    assert form.context["form"].initial["position"] == place.pk
    response = _propose(http, consenting, place)
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"{reverse('clients:detail', args=[consenting.pk])}#proposals"
    )
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.note, proposal.organisation) == (
        "proposed",
        NOTE,
        place.organisation,
    )
    event = AuditEvent.objects.get(action="placement.proposal")
    assert event.person_ref == consenting.person_ref
    assert event.changes["note"] == "changed"  # the note stays in its record, not the log
    page = http.get(reverse("clients:detail", args=[consenting.pk])).content.decode()
    assert "Waiting for an answer" in page and place.title in page


def test_the_suggestions_offer_a_proposal_where_the_person_shares_their_profile(
    login, coach, consenting, place
):
    page = _as(login, coach).get(reverse("matching:client_suggestions", args=[consenting.pk]))
    assert page.status_code == 200
    propose = f"{reverse('placements:proposal_create', args=[consenting.pk])}?position={place.pk}"
    assert propose in page.content.decode()


def test_a_person_is_proposed_only_with_their_consent_to_share(login, coach, jobseeker, place):
    response = _propose(_as(login, coach), jobseeker, place)
    assert response.status_code == 422
    assert "has not consented to sharing their profile" in response.content.decode()
    assert NOTE in response.content.decode()  # what was typed comes back
    assert not Proposal.objects.exists()


def test_proposing_twice_is_refused_and_the_first_proposal_stays(login, coach, proposal, place):
    response = _propose(_as(login, coach), proposal.client, place, note="Toinen kerta")
    assert response.status_code == 422
    text = response.content.decode()
    assert "already been proposed to this place" in text
    assert "Toinen kerta" in text
    assert list(Proposal.objects.values_list("note", flat=True)) == [NOTE]


def test_a_proposal_without_a_note_or_to_another_areas_place_is_refused(
    login, coach, consenting, place, other_area
):
    http = _as(login, coach)
    response = _propose(http, consenting, place, note="  ")
    assert response.status_code == 422
    assert "Write the host a few words" in response.content.decode()
    foreign = make_position(
        make_organisation(other_area, "Lappeen Korjaamo Oy", "0737546-2"), coach
    )
    response = _propose(http, consenting, foreign)
    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"position"}
    assert not Proposal.objects.exists()


# ---------------------------------------------------------------- the host answers


def test_the_host_sees_the_proposal_with_only_what_the_person_shares(
    login, coach, org_contact, proposal
):
    sensitive_update(
        actor=coach,
        client=proposal.client,
        reduced_work_ability=True,
        reduced_work_ability_notes="Selkävaiva",
        integration_plan=None,
    )
    http = _as(login, org_contact)
    listing = http.get(reverse("placements:host_proposals"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Testi A." in text and "Asiakas" not in text
    assert 'data-label="Place"' in text  # rows stack at phone width
    page = http.get(reverse("placements:host_proposal", args=[proposal.pk]))
    text = page.content.decode()
    assert NOTE in text and "Selkävaiva" not in text and "Asiakas" not in text
    assert AuditEvent.objects.filter(
        action="client.view_host_proposal", actor=org_contact, person_ref=proposal.client.person_ref
    ).exists()
    assert page["Cache-Control"] == "no-store"
    start = http.get(reverse("placements:host_list")).content.decode()
    assert "1 proposal for your places waits for your answer" in start


def test_the_host_accepts_and_the_coach_plans_the_period_from_it(
    login, coach, org_contact, proposal, place
):
    response = _answer(_as(login, org_contact), proposal, answer="accept", note="Tervetuloa!")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answered_by, proposal.answer_note) == (
        "accepted",
        org_contact,
        "Tervetuloa!",
    )
    assert AuditEvent.objects.filter(action="placement.proposal_answer", actor=org_contact).exists()
    http = _as(login, coach)
    page = http.get(reverse("clients:detail", args=[proposal.client.pk])).content.decode()
    plan = reverse("placements:create", args=[proposal.client.pk])
    plan += f"?position={place.pk}&amp;kind=work_trial"
    assert "Accepted" in page and "Tervetuloa!" in page and plan in page
    form = http.get(plan.replace("&amp;", "&"))
    assert form.context["form"].initial["position"] == place.pk
    assert form.context["form"].initial["kind"] == "work_trial"


def test_a_declined_proposal_shows_its_reason_to_the_coach(login, coach, org_contact, proposal):
    http = _as(login, org_contact)
    response = _answer(http, proposal, answer="decline", decline_reason="timing")
    assert response.status_code == 302
    page = _as(login, coach).get(reverse("clients:detail", args=[proposal.client.pk]))
    text = page.content.decode()
    assert "Declined" in text and "The timing does not suit us" in text


def test_declining_without_a_reason_is_refused_and_nothing_is_saved(login, org_contact, proposal):
    http = _as(login, org_contact)
    response = _answer(http, proposal, answer="decline", note="Ei nyt")
    assert response.status_code == 422
    text = response.content.decode()
    assert "Choose the reason for saying no." in text and "Ei nyt" in text
    response = _answer(http, proposal, answer="decline", decline_reason="other")
    assert response.status_code == 422
    assert "Write the reason in a few words." in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answered_at) == ("proposed", None)
    assert not AuditEvent.objects.filter(action="placement.proposal_answer").exists()


def test_answering_twice_is_refused_and_the_first_answer_stays(login, org_contact, proposal):
    http = _as(login, org_contact)
    assert _answer(http, proposal, answer="accept").status_code == 302
    response = _answer(http, proposal, answer="decline", decline_reason="no_room")
    assert response.status_code == 422
    assert "already answered" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == ("accepted", "")


def test_a_withdrawn_proposal_can_no_longer_be_answered(login, coach, org_contact, proposal):
    response = _as(login, coach).post(reverse("placements:proposal_withdraw", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.withdrawn_by) == ("withdrawn", coach)
    response = _answer(_as(login, org_contact), proposal, answer="accept")
    assert response.status_code == 422
    assert "The coach has withdrawn this proposal." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"


# ---------------------------------------------------------------- nobody else's


def test_another_organisations_host_neither_sees_nor_answers(login, other_org_contact, proposal):
    http = _as(login, other_org_contact)
    assert "Testi" not in http.get(reverse("placements:host_proposals")).content.decode()
    assert http.get(reverse("placements:host_proposal", args=[proposal.pk])).status_code == 404
    assert _answer(http, proposal, answer="accept").status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_staff_and_other_areas_do_not_answer(login, coach, coach_other_area, proposal):
    assert _answer(login(coach), proposal, answer="accept").status_code == 403
    url = reverse("placements:proposal_withdraw", args=[proposal.pk])
    assert login(coach_other_area).post(url).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_a_withdrawn_consent_hides_the_proposal_from_the_host_at_once(
    login, coach, org_contact, proposal
):
    consent = proposal.client.consents.get(purpose="share_profile")
    consent_withdraw(actor=coach, consent=consent)
    http = login(org_contact)
    assert http.get(reverse("placements:host_proposal", args=[proposal.pk])).status_code == 404
    assert "Testi" not in http.get(reverse("placements:host_proposals")).content.decode()


def test_the_hosts_list_costs_the_same_queries_for_one_proposal_or_many(
    login, coach, org_contact, organisation, place, area
):
    http = login(org_contact)

    def propose(n):
        person = make_jobseeker(coach, area, code=hetu(date(1980, 1, 1), 100 + n))
        sharing_consent_give(actor=coach, client=person, organisation=organisation)
        return proposal_create(
            actor=coach, client=person, position=place, kind="work_trial", note=NOTE
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert http.get(reverse("placements:host_proposals")).status_code == 200
        return len(captured)

    proposal_answer(actor=org_contact, proposal=propose(0), accept=False, decline_reason="no_room")
    one = queries()
    for n in range(1, 6):
        propose(n)
    assert queries() == one


def test_a_withdrawn_consent_withdraws_the_open_proposal_for_good(
    login, coach, org_contact, organisation, proposal
):
    consent = proposal.client.consents.get(purpose="share_profile")
    consent_withdraw(actor=coach, consent=consent)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.withdrawn_by) == ("withdrawn", coach)
    assert AuditEvent.objects.filter(
        action="placement.proposal_withdraw", object_id=str(proposal.pk)
    ).exists()
    # Consent given again: the old proposal stays closed, and the coach may propose anew.
    sharing_consent_give(actor=coach, client=proposal.client, organisation=organisation)
    page = _as(login, org_contact).get(reverse("placements:host_proposal", args=[proposal.pk]))
    assert "The coach withdrew the proposal on" in page.content.decode()
    again = proposal_create(
        actor=coach,
        client=proposal.client,
        position=proposal.position,
        kind="work_trial",
        note=NOTE,
    )
    assert again.status == "proposed"
