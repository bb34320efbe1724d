"""The records that moved to the organisation's and the agreement's side when relations were
made to point down the app order: each keeps its data both ways."""

from datetime import date

import pytest

from osmari.core.tests.builders import migrate_to, migrate_to_latest

BEFORE = [
    ("accounts", "0002_membership"),
    ("clients", "0006_official_reference_and_spell_source"),
    ("employers", "0006_organisation_size"),
    ("agreements", "0004_signature_scan"),
]
AFTER = [
    ("accounts", "0003_membership_area_roles_only"),
    ("clients", "0007_consent_recipient_on_the_organisations_side"),
    ("employers", "0009_position_agreement_on_the_agreements_side"),
    ("agreements", "0005_places_offered_under_an_agreement"),
]


def _old_records(old):
    area = old.get_model("core", "EmploymentArea").objects.get(code="mikkeli")
    municipality_id = area.municipalities.order_by("code").first().pk
    user = old.get_model("accounts", "User").objects.create(
        email="org@migrate.osmari.fi", full_name="Heikki"
    )
    coach = old.get_model("accounts", "User").objects.create(
        email="coach@migrate.osmari.fi", full_name="Kaisa"
    )
    organisation = old.get_model("employers", "Organisation").objects.create(
        area_id=area.pk,
        name="Saimaan Puutyö Oy",
        business_id="2077474-0",
        municipality_id=municipality_id,
    )
    old.get_model("accounts", "Membership").objects.create(
        user=user, role="org_contact", area_id=area.pk, organisation=organisation
    )
    old.get_model("accounts", "Membership").objects.create(
        user=coach, role="coach", area_id=area.pk
    )
    client = old.get_model("clients", "Client").objects.create(
        area_id=area.pk,
        personal_identity_code="131052-308T",
        first_name="Aino",
        last_name="Esimerkki",
        birth_date=date(1952, 10, 13),
        municipality_id=municipality_id,
    )
    text = old.get_model("clients", "ConsentText").objects.filter(purpose="share_profile").first()
    old.get_model("clients", "Consent").objects.create(
        client=client,
        text=text,
        purpose="share_profile",
        organisation=organisation,
        given_at="2026-11-01T10:00:00Z",
        given_by=coach,
    )
    agreement = old.get_model("agreements", "CooperationAgreement").objects.create(
        organisation=organisation,
        template=old.get_model("agreements", "AgreementTemplate").objects.get(version=1),
        valid_from=date(2026, 1, 1),
        created_by=coach,
    )
    old.get_model("employers", "Position").objects.create(
        organisation=organisation,
        kind="work_trial",
        title="Puuseppä",
        days_per_week=4,
        hours_per_day=6,
        capacity=1,
        municipality_id=municipality_id,
        open_from=date(2026, 1, 1),
        agreement=agreement,
    )
    return user, organisation, agreement


@pytest.mark.django_db(transaction=True)
def test_contacts_consent_recipients_and_offered_places_move_and_move_back(
    tables_refilled_after_migrating,
):
    from osmari.core.models import Municipality
    from osmari.core.reference import reference_load

    if not Municipality.objects.exists():
        reference_load()
    try:
        user, organisation, agreement = _old_records(migrate_to(BEFORE))
        new = migrate_to(AFTER)
        contact = new.get_model("employers", "OrganisationMembership").objects.get()
        assert (contact.user_id, contact.organisation_id) == (user.pk, organisation.pk)
        assert list(new.get_model("accounts", "Membership").objects.values_list("role")) == [
            ("coach",)
        ]
        recipient = new.get_model("employers", "ConsentRecipient").objects.get()
        assert recipient.organisation_id == organisation.pk
        offered = new.get_model("agreements", "CooperationAgreement").objects.get().positions
        assert list(offered.values_list("title", flat=True)) == ["Puuseppä"]
        # And back: each record is where it was, with the same links.
        old = migrate_to(BEFORE)
        membership = old.get_model("accounts", "Membership").objects.get(role="org_contact")
        assert (membership.user_id, membership.organisation_id) == (user.pk, organisation.pk)
        assert membership.area_id == organisation.area_id
        consent = old.get_model("clients", "Consent").objects.get()
        assert consent.organisation_id == organisation.pk
        position = old.get_model("employers", "Position").objects.get()
        assert position.agreement_id == agreement.pk
    finally:
        migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_the_letter_dates_kept_before_become_letters_of_intent(tables_refilled_after_migrating):
    from osmari.core.models import Municipality
    from osmari.core.reference import reference_load

    if not Municipality.objects.exists():
        reference_load()
    try:
        old = migrate_to([("employers", "0010_staff_reductions")])
        area = old.get_model("core", "EmploymentArea").objects.get(code="mikkeli")
        municipality_id = area.municipalities.order_by("code").first().pk
        organisations = old.get_model("employers", "Organisation").objects
        dated = organisations.create(
            area_id=area.pk,
            name="Saimaan Puutyö Oy",
            business_id="2077474-0",
            municipality_id=municipality_id,
            stage="interested",
            letter_of_intent_on=date(2025, 5, 2),
        )
        organisations.create(
            area_id=area.pk,
            name="Kanto Rakennus Oy",
            business_id="1899013-7",
            municipality_id=municipality_id,
        )
        new = migrate_to([("employers", "0011_letters_of_intent")])
        letters = new.get_model("employers", "LetterOfIntent").objects.all()
        assert [(letter.organisation_id, letter.signed_on) for letter in letters] == [
            (dated.pk, date(2025, 5, 2))
        ]
        # Nobody recorded who signed or kept the document: the letter says neither.
        assert (letters[0].signatory, letters[0].document.name) == ("", "")
    finally:
        migrate_to_latest()
