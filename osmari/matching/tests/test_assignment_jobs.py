"""The regional assignment is solved by a background job and kept: the page serves the
latest proposal, says when it was made, and a button asks for a new one."""

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from osmari.matching.models import AssignmentProposal
from osmari.matching.tests.builders import build_market, warehouse_occupation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def market(coach, area, organisation, other_organisation):
    return build_market(coach, area, organisation, other_organisation, warehouse_occupation())


@pytest.fixture
def http(login, coach):
    client = login(coach)
    client.cookies["django_language"] = "en"
    return client


def _work():
    call_command("run_worker", "--once", "--no-periodic", verbosity=0)


def test_without_a_proposal_the_page_offers_to_make_one(http, market):
    page = http.get(reverse("matching:assignment")).content.decode()
    assert "No proposal has been made yet" in page
    assert "Make a new proposal" in page
    assert market["aino"].last_name not in page


def test_a_requested_proposal_is_made_by_the_job_and_shown_with_its_time(http, coach, market):
    response = http.post(reverse("matching:assignment_request"))
    assert response.status_code == 302
    # Asking again while it is being made enqueues nothing more.
    http.post(reverse("matching:assignment_request"))
    assert DBTaskResult.objects.count() == 1
    waiting = http.get(reverse("matching:assignment")).content.decode()
    assert "A new proposal is being made" in waiting
    assert 'hx-trigger="every 3s"' in waiting
    poll = reverse("matching:assignment") + "?wait=1"
    assert http.get(poll, HTTP_HX_REQUEST="true").status_code == 204

    _work()

    assert http.get(poll, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    proposal = AssignmentProposal.objects.get()
    assert proposal.requested_by == coach
    assert market["fit"].pk in [pair[1] for pair in proposal.pairs]
    page = http.get(reverse("matching:assignment")).content.decode()
    assert "Proposal made 27.11.2026 10:00." in page
    assert f"?position={market['fit'].pk}&amp;" in page
    assert "Make a new proposal" in page


def test_the_page_serves_the_stored_proposal_without_solving_again(http, market, monkeypatch):
    http.post(reverse("matching:assignment_request"))
    _work()
    from osmari.matching import assignment as solver

    def no_solving(*args, **kwargs):
        raise AssertionError("the page solved the assignment itself")

    monkeypatch.setattr(solver, "solve", no_solving)
    page = http.get(reverse("matching:assignment")).content.decode()
    assert f"?position={market['fit'].pk}&amp;" in page


def test_a_pair_whose_person_no_longer_waits_is_left_out(http, coach, market):
    from datetime import date

    from osmari.placements.services import placement_create
    from osmari.placements.tests.builders import trial

    http.post(reverse("matching:assignment_request"))
    _work()
    placement_create(
        actor=coach,
        client=market["aino"],
        position=market["fit"],
        fields=trial(date(2026, 12, 1), date(2027, 2, 28)),
    )
    page = http.get(reverse("matching:assignment")).content.decode()
    assert f"?position={market['fit'].pk}&amp;" not in page
    assert "some pairs have changed since the proposal was made" in page


def test_each_user_sees_only_the_proposal_they_asked_for(login, http, manager, market):
    http.post(reverse("matching:assignment_request"))
    _work()
    other = login(manager)
    other.cookies["django_language"] = "en"
    assert (
        "No proposal has been made yet"
        in other.get(reverse("matching:assignment")).content.decode()
    )


def test_proposals_older_than_a_month_are_let_go_and_newer_ones_stay(http, coach, area, market):
    from osmari.matching.jobs import forget_old_proposals

    with time_machine.travel("2026-10-20 10:00 +0300", tick=False):
        old = AssignmentProposal.objects.create(area=area, requested_by=coach, pairs=[[1, 2]])
    recent = AssignmentProposal.objects.create(area=area, requested_by=coach, pairs=[[1, 2]])

    assert forget_old_proposals.call() == 1

    assert list(AssignmentProposal.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AssignmentProposal.objects.filter(pk=old.pk).exists()


def test_the_pairs_are_kept_best_fit_first_and_shown_a_page_at_a_time(
    http, coach, market, monkeypatch
):
    from osmari.core.models import AuditEvent
    from osmari.matching import views

    http.post(reverse("matching:assignment_request"))
    _work()
    pairs = AssignmentProposal.objects.get().pairs
    assert len(pairs) == 2
    scores = [fit for _client, _place, fit in pairs]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    monkeypatch.setattr(views, "PAIRS_PER_PAGE", 1)
    first_person, second_person = (pair[0] for pair in pairs)

    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    first = http.get(reverse("matching:assignment")).content.decode()
    assert f"/clients/{first_person}/" in first
    assert f"/clients/{second_person}/" not in first
    assert "Page 1 of 2" in first
    # Only the person shown is recorded as read.
    read = AuditEvent.objects.filter(pk__gt=before, action="client.view_assignment")
    assert [event.object_id for event in read] == [str(first_person)]

    second = http.get(reverse("matching:assignment") + "?page=2").content.decode()
    assert f"/clients/{second_person}/" in second
    assert f"/clients/{first_person}/" not in second
    # The count is of the whole proposal, not of the page.
    assert "<dt>Pairs proposed</dt><dd>2" in second
    # A page past the end shows the last one, not an error.
    assert http.get(reverse("matching:assignment") + "?page=9").status_code == 200
