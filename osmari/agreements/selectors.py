"""Reads of agreements, scoped through the organisation they belong to."""

from __future__ import annotations

from django.http import Http404

from osmari.accounts import access
from osmari.agreements.models import AgreementVersion, CooperationAgreement


def agreement_get_for_user(*, user, pk: int, permission: str = "agreement.view"):
    agreement = (
        CooperationAgreement.objects.select_related(
            "organisation", "organisation__area", "template"
        )
        .filter(pk=pk)
        .first()
    )
    if agreement is None or not access.may(user, permission, agreement.organisation):
        raise Http404
    return agreement


def version_with_sections(version: AgreementVersion) -> list[tuple]:
    """The version's text in the template's order: (section, text) pairs."""
    texts = dict(version.texts.values_list("section_key", "text"))
    return [
        (section, texts.get(section.key, ""))
        for section in version.agreement.template.sections.all()
    ]
