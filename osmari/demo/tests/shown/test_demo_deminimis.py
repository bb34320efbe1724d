import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.reciprocity.models import SubsidyCommitment

pytestmark = pytest.mark.django_db


def test_the_demo_lists_de_minimis_aid_with_its_declarations(login, demo):
    aid = SubsidyCommitment.objects.filter(de_minimis=True)
    assert aid.exists()
    assert not aid.filter(other_aid_declared__isnull=True).exists()
    assert aid.filter(other_aid_declared__gt=0).exclude(other_aid_from="").exists()
    manager = User.objects.get(email="manager@demo.osmari.fi")
    http = login(manager)
    http.cookies["django_language"] = "en"
    page = http.get(reverse("reciprocity:aid")).content.decode()
    first = aid.filter(cancelled_on__isnull=True).order_by("decided_on", "pk").first()
    assert first.decision_number in page and first.organisation.business_id in page
