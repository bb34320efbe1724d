import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.clients.models import JournalCorrection
from osmari.placements import records_check

pytestmark = pytest.mark.django_db


def test_the_demo_coach_has_corrected_entries_and_a_few_contradictions_to_check(login, demo):
    coach = User.objects.get(email="coach@demo.osmari.fi")
    correction = JournalCorrection.objects.filter(corrected_by=coach).first()
    assert correction is not None
    entry = correction.entry
    browser = login(coach)
    page = browser.get(reverse("clients:journal_entry", args=[entry.client_id, entry.pk]))
    assert correction.previous_text in page.content.decode()
    contradicting = records_check.clients_to_check(user=coach, coach=coach.pk)
    # Something to show, not a list of everyone.
    assert 0 < contradicting.count() < 20
    page = browser.get(reverse("placements:records_check"))
    assert page.status_code == 200
    assert str(contradicting.first()) in page.content.decode()
