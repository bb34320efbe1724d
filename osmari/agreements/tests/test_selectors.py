"""Who may open an agreement, and its text read in a fixed number of queries."""

from datetime import date

import pytest
from django.http import Http404

from osmari.agreements import selectors, services
from osmari.agreements.models import AgreementVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(coach, organisation):
    return services.agreement_create(
        actor=coach,
        organisation=organisation,
        valid_from=date(2026, 12, 1),
        texts={"purpose": "Työkokeilupaikat", "tasks": "Varastotyöt"},
    )


def test_the_organisation_s_own_contact_and_the_area_s_staff_open_the_agreement(
    agreement, org_contact, coach, manager
):
    for user in (org_contact, coach, manager):
        assert selectors.agreement_get_for_user(user=user, pk=agreement.pk) == agreement


def test_another_organisation_s_contact_and_another_area_s_coach_get_nothing(
    agreement, other_org_contact, coach_other_area
):
    for user in (other_org_contact, coach_other_area):
        with pytest.raises(Http404):
            selectors.agreement_get_for_user(user=user, pk=agreement.pk)


def test_an_organisation_s_contact_may_read_but_not_edit(agreement, org_contact):
    with pytest.raises(Http404):
        selectors.agreement_get_for_user(
            user=org_contact, pk=agreement.pk, permission="agreement.edit"
        )


def test_the_text_comes_in_the_template_s_order_without_a_query_per_section(
    agreement, django_assert_max_num_queries
):
    version = AgreementVersion.objects.get(agreement=agreement)
    with django_assert_max_num_queries(4):
        sections = selectors.version_with_sections(version)
    orders = [section.order for section, _text in sections]
    assert len(sections) == agreement.template.sections.count() > 2
    assert orders == sorted(orders)
    texts = {section.key: text for section, text in sections}
    assert texts["tasks"] == "Varastotyöt" and texts["purpose"] == "Työkokeilupaikat"
