import pytest
from django.core.management import CommandError
from django.db.models import Count

from osmari.accounts.models import Membership, Role, User
from osmari.agreements.models import CooperationAgreement, Signature
from osmari.core.models import EmploymentArea, Municipality
from osmari.demo import seeding
from osmari.demo.tests.builders import seed_demo
from osmari.employers.models import ConsentRecipient, Organisation, OrganisationMembership
from osmari.feedback.models import Response
from osmari.matching.models import AssignmentProposal
from osmari.placements.models import Placement, Proposal
from osmari.reciprocity.models import SubsidyCommitment, SubsidyPayment

pytestmark = pytest.mark.django_db


def test_demo_seed_prints_a_working_login_for_every_role():
    output = seed_demo("--scale", "demo", "--seed", "5")
    for role in Role:
        held = (
            OrganisationMembership.objects.all()
            if role == Role.ORG_CONTACT
            else Membership.objects.filter(role=role)
        )
        # A role has other holders than its printed login (the municipalities' coaches),
        # so the printed one is looked for among all of them.
        printed = [m.user for m in held.select_related("user") if m.user.email in output]
        assert printed, role
        assert printed[0].check_password(seeding.DEMO_PASSWORD)
    assert seeding.DEMO_PASSWORD in output
    assert Organisation.objects.filter(area__code="mikkeli").count() == 30
    # The regional assignment page opens on a proposal, as the worker would have left it.
    proposal = AssignmentProposal.objects.get(requested_by__email="coach@demo.osmari.fi")
    assert proposal.pairs and proposal.total >= proposal.greedy_total


def test_seeding_twice_with_the_same_seed_changes_nothing():
    seed_demo("--seed", "5")
    before = (
        sorted(Organisation.objects.values_list("business_id", "name")),
        User.objects.count(),
    )
    seed_demo("--seed", "5")
    after = (
        sorted(Organisation.objects.values_list("business_id", "name")),
        User.objects.count(),
    )
    assert after == before


def test_a_different_seed_gives_different_organisations():
    seed_demo("--seed", "5")
    first = set(Organisation.objects.values_list("business_id", flat=True))
    Response.objects.all().delete()
    SubsidyPayment.objects.all().delete()
    SubsidyCommitment.objects.all().delete()
    Placement.objects.all().delete()
    Proposal.objects.all().delete()
    ConsentRecipient.objects.all().delete()
    Signature.objects.all().delete()
    CooperationAgreement.objects.all().delete()
    OrganisationMembership.objects.all().delete()
    Organisation.objects.all().delete()
    seed_demo("--seed", "6")
    assert set(Organisation.objects.values_list("business_id", flat=True)) != first


def test_seeding_refuses_a_production_deployment_unless_forced(settings):
    settings.DEPLOYMENT = "production"
    with pytest.raises(CommandError, match="production"):
        seed_demo()
    assert not Organisation.objects.exists()
    seed_demo("--force")
    assert Organisation.objects.exists()


def test_national_scale_covers_every_municipality_with_45_areas(monkeypatch):
    # The full national volume runs in `make bench`; here two organisations an area suffice.
    monkeypatch.setitem(seeding.SCALES, "national", seeding.Scale(2, national=True))
    seed_demo("--scale", "national")
    assert EmploymentArea.objects.count() == 45
    per_municipality = Municipality.objects.annotate(n=Count("employment_areas"))
    assert set(per_municipality.values_list("n", flat=True)) == {1}
    assert Organisation.objects.count() == 90
    assert Membership.objects.filter(role=Role.COACH).values("area").distinct().count() == 45


def test_the_demo_has_an_extract_with_differences_for_the_demo_coach():
    from osmari.extracts.models import Extract
    from osmari.extracts.selectors import reconcile_list_for_user

    seed_demo("--seed", "5")
    extract = Extract.objects.get(area__code="mikkeli")
    assert extract.rows_saved > 0 and extract.rows_refused == 1
    coach = User.objects.get(email="coach@demo.osmari.fi")
    assert reconcile_list_for_user(user=coach, coach=coach.pk)
    seed_demo("--seed", "5")
    assert Extract.objects.filter(area__code="mikkeli").count() == 1
