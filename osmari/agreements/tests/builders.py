"""Cooperation agreements for tests."""

from __future__ import annotations

from datetime import date

from osmari.agreements import services
from osmari.agreements.models import AgreementTemplate, CooperationAgreement
from osmari.core.tests.builders import TODAY


def make_active_agreement(organisation, coach) -> CooperationAgreement:
    """An agreement in force since 1.1.2025, written straight to the table: the tests that
    use it are about what an agreement allows, not about signing one."""
    return CooperationAgreement.objects.create(
        organisation=organisation,
        template=AgreementTemplate.objects.order_by("-version").first(),
        status="active",
        valid_from=date(2025, 1, 1),
        created_by=coach,
    )


def make_sent_agreement(organisation, coach, valid_from: date = date(2026, 12, 1)):
    """A draft from the current template, sent to the organisation for signing."""
    agreement = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=valid_from, texts={}
    )
    services.agreement_transition(actor=coach, agreement=agreement, to_status="sent", today=TODAY)
    return agreement
