"""The cooperation agreement's PDF says what it is, and that no statutory act is in it."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from pypdf import PdfReader

from osmari.agreements import services

pytestmark = pytest.mark.django_db

NOT_STATUTORY = (
    "An agreement on cooperation between the employment area and the host organisation. It is "
    "not a work-trial agreement or a wage-subsidy decision about any person: those are made in "
    "the national client information system."
)


def test_the_pdf_says_it_is_no_work_trial_agreement_or_subsidy_decision(login, coach, organisation):
    agreement = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 12, 1), texts={}
    )
    response = login(coach).get(reverse("agreements:pdf", args=[agreement.pk, 1]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert " ".join(gettext(NOT_STATUTORY).split()) in " ".join(text.split())
