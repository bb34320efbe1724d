import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.models import User
from osmari.placements.proposal_selectors import host_proposal_list_for_user

pytestmark = pytest.mark.django_db


def test_the_demo_organisation_contact_has_a_proposal_to_answer_and_one_answered(login, demo):
    contact = User.objects.get(email="org@demo.osmari.fi")
    proposals = host_proposal_list_for_user(user=contact, today=timezone.localdate())
    assert {p.status for p in proposals} >= {"proposed", "accepted", "declined"}
    page = login(contact).get(reverse("placements:host_proposals"))
    assert page.status_code == 200
    waiting = proposals.filter(status="proposed").first()
    assert reverse("placements:host_proposal", args=[waiting.pk]) in page.content.decode()
    coach = login(waiting.proposed_by)
    client_page = coach.get(reverse("clients:detail", args=[waiting.client_id]))
    assert waiting.position.title in client_page.content.decode()
