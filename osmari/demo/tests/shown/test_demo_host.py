import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.models import User
from osmari.placements.host_selectors import host_placement_list_for_user
from osmari.placements.models import Absence

pytestmark = pytest.mark.django_db


def test_the_demo_organisation_contact_has_people_working_with_them(login, demo):
    contact = User.objects.get(email="org@demo.osmari.fi")
    placements = host_placement_list_for_user(user=contact, today=timezone.localdate())
    assert placements.filter(status="active").count() >= 2
    assert Absence.objects.filter(placement__in=placements, affects_benefits=True).exists()
    page = login(contact).get(reverse("placements:host_list"))
    assert page.status_code == 200
    first = placements.filter(status="active").first()
    assert str(first.client) in page.content.decode()
