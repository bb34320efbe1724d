"""The demo's agreement template in a second version, piloted after an agreement review."""

import pytest
from django.urls import reverse

from osmari.accounts.models import User
from osmari.agreements.models import AgreementTemplate, CooperationAgreement, TemplateStatus

pytestmark = pytest.mark.django_db


def test_the_demo_template_is_piloted_in_a_second_version(login, demo):
    pilot = AgreementTemplate.objects.get(version=2)
    assert pilot.status == TemplateStatus.PILOT
    assert pilot.pilot_organisations.exists()
    assert pilot.change.prompted_by_meeting is not None and pilot.change.why
    assert AgreementTemplate.objects.get(version=1).status == TemplateStatus.PUBLISHED
    assert CooperationAgreement.objects.filter(template=pilot).exists()

    manager = login(User.objects.get(email="manager@demo.osmari.fi"))
    page = manager.get(
        reverse("agreements:template_detail", args=[pilot.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    assert "Added:" in page.content.decode() and "Handling feedback" in page.content.decode()
