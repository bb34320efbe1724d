import pytest
from django.db import IntegrityError, transaction

from osmari.accounts import access
from osmari.accounts.models import Membership, Role
from osmari.employers.models import OrganisationMembership

pytestmark = pytest.mark.django_db


def test_area_staff_cannot_be_tied_to_an_organisation(area, coach, organisation):
    # An area role has nothing to name an organisation with; a contact's membership, held on
    # the organisation's side, always gives the contact's role and only in that organisation.
    assert "organisation" not in {field.name for field in Membership._meta.get_fields()}
    membership = OrganisationMembership.objects.create(user=coach, organisation=organisation)
    assert membership.role == Role.ORG_CONTACT and membership.area == organisation.area
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationMembership.objects.create(user=coach, organisation=organisation)


def test_a_contact_acts_only_for_their_own_organisation(
    org_contact, organisation, other_organisation
):
    assert access.roles(org_contact) == {Role.ORG_CONTACT}
    assert access.may(org_contact, "organisation.edit", organisation)
    assert not access.may(org_contact, "organisation.edit", other_organisation)
    assert access.own_organisations(org_contact) == [organisation]
    assert access.areas_where(org_contact, "organisation.view") == []
