"""The agreement template developed in the application: draft, pilot, publish, compare."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from osmari.agreements import services, template_services
from osmari.agreements.models import AgreementTemplate, TemplateStatus
from osmari.agreements.template_selectors import template_for_new_agreement

TEXTS = {
    "title_fi": "Palautteen käsittely",
    "title_sv": "Hantering av respons",
    "title_en": "Handling feedback",
    "guidance_fi": "Miten osallistujien palaute käsitellään yhdessä.",
    "guidance_sv": "Hur deltagarnas respons behandlas tillsammans.",
    "guidance_en": "How the participants' feedback is handled together.",
    "guidance_plain_fi": "Puhumme palautteesta yhdessä.",
}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def published() -> AgreementTemplate:
    return AgreementTemplate.objects.get(status=TemplateStatus.PUBLISHED)


def area_of(user):
    return user.memberships.get().area


def ready_draft(manager, meeting=None) -> AgreementTemplate:
    """A second version with one new section and its change record."""
    draft = template_services.template_draft(actor=manager, base=published(), area=area_of(manager))
    template_services.template_section_save(actor=manager, template=draft, texts=TEXTS)
    template_services.template_change_save(
        actor=manager,
        template=draft,
        what_changed="Uusi osio palautteen käsittelystä.",
        why="Organisaatiot eivät tienneet, mitä palautteelle tapahtuu.",
        prompted_by_meeting=meeting,
        prompted_by_feedback="" if meeting else "Palautekysely kevät 2026: teema tiedonkulku",
    )
    return draft


@pytest.mark.django_db
def test_a_pilot_organisations_new_agreement_uses_the_pilot_and_others_the_published(
    manager, coach, organisation, other_organisation
):
    old = published()
    draft = ready_draft(manager)
    # A draft is used by nobody.
    assert template_for_new_agreement(organisation) == old
    template_services.template_pilot(
        actor=manager, template=draft, organisations=[organisation], today=date(2026, 3, 1)
    )
    piloted = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 3, 2), texts={}
    )
    ordinary = services.agreement_create(
        actor=coach, organisation=other_organisation, valid_from=date(2026, 3, 2), texts={}
    )
    assert piloted.template == draft
    assert ordinary.template == old
    # The pilot's agreement has a text for the new section.
    assert "handling_feedback" in set(
        services.latest_version(piloted).texts.values_list("section_key", flat=True)
    )


@pytest.mark.django_db
def test_publishing_makes_the_version_the_areas_and_agreements_keep_theirs(
    manager, coach, organisation, other_organisation
):
    old = published()
    before = services.agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 1, 1), texts={}
    )
    draft = ready_draft(manager)
    template_services.template_publish(actor=manager, template=draft, today=date(2026, 4, 1))
    before.refresh_from_db()
    assert before.template == old
    after = services.agreement_create(
        actor=coach, organisation=other_organisation, valid_from=date(2026, 4, 2), texts={}
    )
    assert after.template == draft
    # Publishing again retires the area's own version before it.
    third = template_services.template_draft(actor=manager, base=draft, area=area_of(manager))
    template_services.template_change_save(
        actor=manager, template=third, what_changed="x", why="y", prompted_by_feedback="z"
    )
    template_services.template_publish(actor=manager, template=third, today=date(2026, 5, 1))
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.RETIRED and draft.retired_on == date(2026, 5, 1)


@pytest.mark.django_db
def test_an_areas_version_is_its_own_and_another_area_keeps_the_shared_one(
    login, manager, organisation, other_area
):
    from osmari.accounts.models import Role
    from osmari.accounts.tests.builders import make_person
    from osmari.employers.tests.builders import make_organisation

    shared = published()
    other_manager = make_person("manager@other.osmari.fi", Role.MANAGER, other_area)
    elsewhere = make_organisation(other_area, "Lappeen Kone Oy", "0109862-8")
    # Another area's draft does not stop this area's manager from drafting one.
    theirs = template_services.template_draft(actor=other_manager, base=shared, area=other_area)
    draft = ready_draft(manager)
    with pytest.raises(ValidationError):
        template_services.template_pilot(
            actor=manager, template=draft, organisations=[elsewhere], today=date(2026, 3, 1)
        )
    template_services.template_publish(actor=manager, template=draft, today=date(2026, 4, 1))
    shared.refresh_from_db()
    assert shared.status == TemplateStatus.PUBLISHED
    assert template_for_new_agreement(organisation) == draft
    assert template_for_new_agreement(elsewhere) == shared
    # The other area's manager neither sees nor changes this area's version.
    http = login(other_manager)
    for name in ("template_detail", "template_publish", "template_discard"):
        response = (
            http.get(reverse(f"agreements:{name}", args=[draft.pk]))
            if name == "template_detail"
            else http.post(reverse(f"agreements:{name}", args=[draft.pk]))
        )
        assert response.status_code == 404, name
    assert (
        reverse("agreements:template_detail", args=[theirs.pk])
        in http.get(reverse("agreements:templates")).content.decode()
    )
    assert str(draft.version) not in [
        str(t.version) for t in http.get(reverse("agreements:templates")).context["templates"]
    ]


@pytest.mark.django_db
def test_a_piloted_version_cannot_be_edited_and_a_change_needs_its_reason(manager, organisation):
    draft = template_services.template_draft(actor=manager, base=published(), area=area_of(manager))
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        template_services.template_pilot(
            actor=manager, template=draft, organisations=[organisation], today=date(2026, 3, 1)
        )
    assert "Say why it changed." in refused.value.messages
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT
    template_services.template_change_save(
        actor=manager, template=draft, what_changed="x", why="y", prompted_by_feedback="z"
    )
    template_services.template_pilot(
        actor=manager, template=draft, organisations=[organisation], today=date(2026, 3, 1)
    )
    with pytest.raises(ValidationError):
        template_services.template_section_save(actor=manager, template=draft, texts=TEXTS)


@pytest.mark.django_db
def test_only_one_new_version_is_worked_on_at_a_time(manager):
    template_services.template_draft(actor=manager, base=published(), area=area_of(manager))
    with pytest.raises(ValidationError):
        template_services.template_draft(actor=manager, base=published(), area=area_of(manager))


@pytest.mark.django_db
def test_the_manager_drafts_edits_and_compares_in_the_pages(login, manager):
    http = login(manager)
    base = published()
    response = http.get(reverse("agreements:templates"), **ENGLISH)
    assert response.status_code == 200
    assert "Draft a new version from version 1" in response.content.decode()
    response = http.post(reverse("agreements:template_draft", args=[base.pk]))
    draft = AgreementTemplate.objects.get(status=TemplateStatus.DRAFT)
    assert response.status_code == 302
    page = http.get(reverse("agreements:template_detail", args=[draft.pk]), **ENGLISH)
    assert page.status_code == 200 and "This is a draft" in page.content.decode()
    # A section without its Swedish title is refused with a message; nothing is saved.
    url = reverse("agreements:template_section", args=[draft.pk, "purpose"])
    missing = {**TEXTS, "title_sv": ""}
    response = http.post(url, missing, **ENGLISH)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert draft.sections.get(key="purpose").title_fi == "Yhteistyön tarkoitus"
    response = http.post(url, {**TEXTS, "position": "1"})
    assert response.status_code == 302
    purpose = draft.sections.get(key="purpose")
    assert purpose.title_en == "Handling feedback" and purpose.order == 1
    compare = http.get(
        reverse("agreements:template_compare"), {"a": base.version, "b": draft.version}, **ENGLISH
    )
    text = compare.content.decode()
    assert compare.status_code == 200
    assert "Changed:" in text and "Handling feedback" in text
    # Putting the purpose first moved the parties down from first place.
    assert "Moved:" in text


@pytest.mark.django_db
def test_a_wrong_version_to_compare_gets_a_message(login, manager):
    response = login(manager).get(
        reverse("agreements:template_compare"), {"a": "x'1", "b": "99999999999"}, **ENGLISH
    )
    assert response.status_code == 400
    assert "There is no template version" in response.content.decode()


@pytest.mark.django_db
def test_publishing_without_a_change_record_is_refused_on_the_page(login, manager):
    http = login(manager)
    draft = template_services.template_draft(actor=manager, base=published(), area=area_of(manager))
    response = http.post(reverse("agreements:template_publish", args=[draft.pk]), **ENGLISH)
    assert response.status_code == 422
    assert "Say what changed in this version." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT


@pytest.mark.django_db
def test_a_coach_does_not_edit_the_template(login, coach):
    assert login(coach).get(reverse("agreements:templates")).status_code == 403
