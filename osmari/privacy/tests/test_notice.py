"""The public privacy notice of each area, generated from the register of personal data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from osmari.core import privacy_documents, register
from osmari.core.models import EmploymentArea

pytestmark = [pytest.mark.django_db]


def _notice(client, area: EmploymentArea, language: str = "en") -> str:
    response = client.get(
        reverse("privacy:notice", args=[area.code]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_it_is_public_in_every_language(client, area, language):
    text = _notice(client, area, language)
    assert f'lang="{language}"' in text
    for section in ("controller", "purposes", "sources", "automated", "transfers", "rights"):
        assert f'id="{section}"' in text
    with translation.override(language):
        assert str(area) in text


def test_it_names_the_controller_its_contacts_and_the_required_headings(client, area):
    area.privacy_contact = "Tietosuoja-asiat\nPL 33, 50101 Mikkeli"
    area.dpo_contact = "tietosuojavastaava@example.fi"
    area.save()
    text = _notice(client, area)
    for heading in (
        "Controller and contacts",
        "Purposes, legal bases and data",
        "Where the data comes from",
        "Automated decision-making and profiling",
        "Transfers outside the EU and the EEA",
        "Your rights",
    ):
        assert f">{heading}</h2>" in text
    assert "PL 33, 50101 Mikkeli" in text
    assert "tietosuojavastaava@example.fi" in text
    assert "as the employment authority" in text


def test_without_published_contacts_it_says_where_to_ask(client, area):
    assert "Not yet published here" in _notice(client, area)


def test_every_purpose_of_the_register_appears_with_its_basis_and_retention(client, area):
    text = _notice(client, area)
    sections = privacy_documents.record_of_processing()
    assert sections
    for section in sections:
        assert f'id="purpose-{section.purpose.code}"' in text
        assert escape(str(section.purpose.label)) in text
        for basis in section.legal_bases:
            assert escape(str(basis.label)) in text
        for retention in section.retentions:
            assert escape(str(retention.period)) in text


def test_a_new_declaration_appears_without_editing_the_page(client, area, monkeypatch):
    purpose = register.Term("notice_test", "Checking that the notice follows the register")
    retention = register.Retention(
        "notice_test", "Test record", years=3, counted_from="the test", at_end="destroyed"
    )
    processing = register.Processing(
        register.CONTACT, purpose, register.PUBLIC_TASK, (register.AREA_STAFF,), retention
    )
    monkeypatch.setitem(
        register._DECLARATIONS,
        EmploymentArea._meta.label,
        register.Declaration(
            model=EmploymentArea, record=register.CLIENT_RECORD, fields={"name_fi": processing}
        ),
    )
    text = _notice(client, area)
    assert "Checking that the notice follows the register" in text
    assert "3 years, counted from the test" in text


def test_the_rights_follow_the_legal_bases_and_name_the_ombudsman(client, area):
    text = _notice(client, area)
    for right in ("access", "rectification", "erasure", "restriction", "objection", "complaint"):
        assert f'id="right-{right}"' in text
    # Consent is a declared basis (the client's consents), so withdrawing one is a right.
    assert 'id="right-consent"' in text
    assert "Office of the Data Protection Ombudsman" in text
    assert "Lintulahdenkuja 4, 00530 Helsinki" in text
    assert "No personal data is transferred outside the EU or the EEA." in text
    assert "a coach reads the reasons, decides" in text


def test_an_inactive_or_unknown_area_has_no_notice(client, area):
    area.is_active = False
    area.save()
    assert client.get(reverse("privacy:notice", args=[area.code])).status_code == 404
    assert client.get(reverse("privacy:notice", args=["nowhere"])).status_code == 404


def test_the_index_lists_the_areas_or_leads_to_the_only_one(client, area, other_area):
    response = client.get(reverse("privacy:notice_index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("privacy:notice", args=[area.code]) in text
    assert reverse("privacy:notice", args=[other_area.code]) in text
    EmploymentArea.objects.exclude(pk=area.pk).update(is_active=False)
    response = client.get(reverse("privacy:notice_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:notice", args=[area.code])


def test_a_user_goes_to_their_own_areas_notice(login, coach_other_area, area, other_area):
    response = login(coach_other_area).get(reverse("privacy:notice_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:notice", args=[other_area.code])


def test_the_footer_links_the_notice_and_the_statement_on_every_page(
    client, login, coach, area, organisation
):
    from osmari.feedback.tests.builders import make_invitation
    from osmari.feedback.tokens import new_token

    token, digest = new_token()
    make_invitation(area, organisation=organisation, token_hash=digest)
    notice, statement = reverse("privacy:notice_index"), reverse("core:accessibility")
    for response in (
        client.get(reverse("accounts:login")),
        login(coach).get(reverse("accounts:home")),
        # A participant's or a workplace's survey, opened from the link without an account.
        Client().get(reverse("feedback:answer", args=[token])),
    ):
        assert response.status_code == 200
        text = response.content.decode()
        assert f'href="{notice}"' in text
        assert f'href="{statement}"' in text
