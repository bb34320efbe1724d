"""Fixtures shared by the cross-app tests: one of everything the URLs point at."""

from __future__ import annotations

import copy
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import (
    PERSONA_MAKERS,
    made_once_for_many_tests,
    organisation_make,
    other_area_make,
    other_organisation_make,
)


@dataclass(frozen=True)
class World:
    """Every persona and the sample, for the walks that open each page as each of them."""

    people: dict
    sample: dict
    media_root: Path

    def person(self, persona: str):
        return self.people[persona]


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Made once for a module: made anew for each of the walks' thousands of tests it took
    half a second of each."""
    media_root = tmp_path_factory.mktemp("world-media")
    yield from made_once_for_many_tests(
        django_db_blocker, media_root, lambda: _world_make(media_root)
    )


def _world_make(media_root: Path) -> World:
    from osmari.core.models import EmploymentArea

    area = EmploymentArea.objects.get(code="mikkeli")
    organisation = organisation_make(area)
    made = {
        "area": area,
        "other_area": other_area_make(),
        "organisation": organisation,
        "other_organisation": other_organisation_make(area),
    }
    people = {
        persona: make(*(made[name] for name in inspect.signature(make).parameters))
        for persona, make in PERSONA_MAKERS.items()
    }
    sample = build_objects(area=area, coach=people["coach"], organisation=organisation)
    return World(people=people, sample=sample, media_root=media_root)


@pytest.fixture
def world(_module_world, db, _fast_tests, settings) -> World:
    """The module's world, as it was made: what a test changes in it is undone after it."""
    # The sample's files (a signature's scan, a letter) are where the world was made.
    settings.MEDIA_ROOT = _module_world.media_root
    # Each test its own copies, as Django's setUpTestData gives them: what one test changes
    # on an object in memory (a login sets `last_login`) is not there for the next.
    return copy.deepcopy(_module_world)


@pytest.fixture
def sample(area, coach, organisation):
    """A client of the coach's area with one of everything the URLs point at."""
    return build_objects(area=area, coach=coach, organisation=organisation)


def build_objects(
    *,
    area,
    coach,
    organisation,
    first_name: str = "Testi",
    last_name: str = "Asiakas",
    hetu: str = "131052-308T",
    certificate_code: str = "ABCDEFGHJKLM",
) -> dict:
    """One of everything the URLs point at, for a client of `coach` in `area` and a place
    at `organisation`; the keys name the placeholders of the URL matrix."""
    from datetime import date

    from osmari.clients import consents, services
    from osmari.screening.services import decision_record

    client = services.client_create(
        actor=coach,
        area=area,
        personal_identity_code=hetu,
        first_name=first_name,
        last_name=last_name,
        municipality=area.municipalities.order_by("code").first(),
        coach=coach,
    )
    spell = services.spell_add(
        actor=coach,
        client=client,
        status="unemployed",
        start_on=date(2025, 1, 1),
        end_on=None,
        today=date(2026, 11, 27),
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    from osmari.extracts.services import extract_import

    # The register has the person unemployed from a later day: a difference to reconcile.
    extract_import(
        actor=None,
        area=area,
        upload=SimpleUploadedFile(
            "ote.csv",
            f"henkilotunnus;tietolaji;koodi;alkupvm\n{hetu};tyonhakija;01;1.2.2025\n".encode(),
        ),
        extracted_on=date(2026, 11, 1),
        today=date(2026, 11, 27),
    )
    consent = consents.consent_give(actor=coach, client=client, purpose="feedback_contact")
    step = services.plan_step_add(
        actor=coach,
        client=client,
        kind="employment",
        text="CV",
        owner="asiakas",
        due_on=date(2026, 12, 1),
    )
    journal = services.journal_add(
        actor=coach,
        client=client,
        kind="meeting",
        occurred_on=date(2026, 11, 2),
        text="Tapaaminen.",
    )
    decision = decision_record(
        actor=coach,
        client=client,
        proposal="work_trial",
        reason="Kokeillaan.",
        on=date(2026, 11, 27),
        include_sensitive=True,
    )
    from osmari.agreements.services import agreement_create
    from osmari.employers.services import contact_add, position_save

    position = position_save(
        actor=coach,
        organisation=organisation,
        today=date(2026, 11, 27),
        kind="work_trial",
        title="Varastotyöntekijä",
        tasks="Keräily",
        days_per_week=4,
        hours_per_day=6,
        municipality=organisation.municipality,
        open_from=date(2026, 1, 1),
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    from osmari.agreements.services import agreement_transition, signature_record

    agreement = agreement_create(
        actor=coach, organisation=organisation, valid_from=date(2026, 11, 1), texts={}
    )
    agreement_transition(
        actor=coach, agreement=agreement, to_status="sent", today=date(2026, 11, 27)
    )
    signature = signature_record(
        actor=coach,
        agreement=agreement,
        party="organisation",
        signer_name="N.N.",
        signed_on=date(2026, 11, 27),
        scan=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 scan"),
    )
    from osmari.employers.services import letter_of_intent_record

    letter = letter_of_intent_record(
        actor=coach,
        organisation=organisation,
        signed_on=date(2026, 10, 1),
        signatory="N.N.",
        document=SimpleUploadedFile("aie.pdf", b"%PDF-1.4 letter"),
        today=date(2026, 11, 27),
    )
    contact = contact_add(
        actor=coach, organisation=organisation, name="Ohjaaja", role="workplace_instructor"
    )
    from osmari.placements.services import PeriodFields, placement_create

    placement = placement_create(
        actor=coach,
        client=client,
        position=position,
        fields=PeriodFields(
            kind="work_trial",
            start_on=date(2026, 12, 1),
            end_on=date(2027, 1, 31),
            days_per_week=4,
            hours_per_day=6,
        ),
        confirm_without_agreement=True,
    )
    from osmari.employers.services import sharing_consent_give
    from osmari.placements.proposal_services import proposal_create

    # The person agreed to share their profile with this organisation only, to be proposed
    # there; the planned period keeps them off the organisation's list of suggested people.
    sharing_consent_give(actor=coach, client=client, organisation=organisation)
    proposal = proposal_create(
        actor=coach, client=client, position=position, kind="work_trial", note="Kiinnostunut."
    )
    from osmari.feedback.models import FollowUpTask, Invitation, Response, Survey
    from osmari.feedback.tokens import new_token

    survey = Survey.objects.get(key="participant_start")
    invitation = Invitation.objects.create(
        area=area,
        survey=survey,
        version=survey.current_version(),
        placement=placement,
        due_key=f"sample-{placement.pk}",
        due_on=date(2026, 12, 8),
        expires_on=date(2027, 1, 7),
        language="fi",
        token_hash=new_token()[1],
    )
    answered = Invitation.objects.create(
        area=area,
        survey=survey,
        version=survey.current_version(),
        placement=placement,
        due_key=f"sample-answered-{placement.pk}",
        due_on=date(2026, 11, 8),
        expires_on=date(2026, 12, 7),
        language="fi",
        token_hash=new_token()[1],
    )
    follow_up = FollowUpTask.objects.create(
        area=area,
        client=client,
        placement=placement,
        response=Response.objects.create(
            invitation=answered,
            version=answered.version,
            area=area,
            survey=survey,
            submitted_on=date(2026, 11, 9),
            language="fi",
            client=client,
            share_with_coach=True,
        ),
        reason="low_wellbeing",
    )
    from osmari.placements.models import Absence

    # Recorded by the host before the period's start only here, for the coach's page to show.
    absence = Absence.objects.create(
        placement=placement,
        first_on=date(2026, 12, 2),
        last_on=date(2026, 12, 2),
        kind="unexplained",
        affects_benefits=True,
        recorded_by=coach,
    )
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from osmari.reciprocity import services as reciprocity
    from osmari.reciprocity.models import Benefit, Certificate

    reciprocity.catalogue_standard_create(actor=coach, area=area)
    benefits = list(Benefit.objects.filter(area=area).order_by("order", "pk"))
    event = reciprocity.event_create(
        actor=coach,
        area=area,
        benefit=benefits[1],
        title="Ohjaajakoulutus",
        starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=10, hours=3),
        place="Sali",
        capacity=10,
    )
    registration = reciprocity.registration_add(
        actor=coach, event=event, organisation=organisation, contact=contact
    )
    scheme = reciprocity.scheme_create(
        actor=coach,
        area=area,
        name=f"Lisätuki {last_name}",
        year=2026,
        who="Kaikki",
        basis="amount",
        monthly_amount=Decimal("300"),
        max_months=6,
        budget=Decimal("10000"),
    )
    commitment = reciprocity.commitment_make(
        actor=coach,
        scheme=scheme,
        organisation=organisation,
        decision_number="1/2026",
        decided_on=date(2026, 11, 27),
        months=3,
        other_aid_declared=Decimal("0"),
        declared_on=date(2026, 11, 20),
    )
    certificate = Certificate.objects.create(
        organisation=organisation,
        code=certificate_code,
        level=1,
        issued_on=date(2026, 11, 27),
        valid_until=date(2027, 11, 27),
        issued_by=coach,
    )
    from decimal import Decimal

    from osmari.reporting.models import CompetenceGoal, Programme, StaffMember

    programme = Programme.objects.create(
        area=area,
        name=f"Polkuja töihin {last_name}",
        starts_on=date(2025, 8, 1),
        ends_on=date(2028, 7, 31),
    )
    staff = StaffMember.objects.create(
        programme=programme,
        name="Helena",
        title="Projektipäällikkö",
        hourly_rate=Decimal("30.00"),
        starts_on=date(2025, 8, 1),
    )
    goal = CompetenceGoal.objects.create(staff=staff, goal="EURA", due_on=date(2026, 12, 31))
    from osmari.reporting.models import Milestone, WorkPackage

    package = WorkPackage.objects.create(
        programme=programme, code="TP3", kind="agreements", name="Sopimukset", goals="30"
    )
    milestone = Milestone.objects.create(package=package, title="Malli 2", due_on=date(2026, 6, 30))
    from osmari.reporting.competence_services import dissemination_add

    dissemination = dissemination_add(
        actor=coach,
        programme=programme,
        kind="event",
        title="Infotilaisuus työnantajille",
        held_on=date(2025, 9, 10),
        audiences=["employers"],
        material_file=SimpleUploadedFile("esite.pdf", b"%PDF-1.4 esite"),
    )
    from osmari.agreements import template_services
    from osmari.agreements.models import AgreementTemplate

    # The area's own draft of the agreement template, from the shared version (one an area).
    template_draft = AgreementTemplate.objects.filter(
        area=area, status="draft"
    ).first() or template_services.template_draft(
        actor=coach, base=AgreementTemplate.objects.get(version=1), area=area
    )
    from osmari.participants.models import MessageToCoach

    # What the client wrote to their coach from their own pages.
    participant_message = MessageToCoach.objects.create(
        area=area, client=client, kind="correction", text="Osoitteeni on väärin."
    )
    from datetime import timedelta

    from django.utils import timezone

    from osmari.clients.appointments import appointment_book

    # A meeting booked with the client a week ahead.
    appointment = appointment_book(
        actor=coach,
        client=client,
        starts_at=timezone.now() + timedelta(days=7),
        minutes=60,
        way="in_person",
        place="Toimisto",
        now=timezone.now(),
    )
    from osmari.clients.models import ImportRun

    # A finished import of the coach's: only its importer reads its page.
    import_run = ImportRun.objects.create(area=area, actor=coach, rows_total=1, status="done")
    from osmari.api.tokens import issue_token

    # The organisation's API token: its contact and the area's administrator may revoke it.
    api_token = issue_token(
        actor=None, area=area, kind="organisation", organisation=organisation, name="Toimisto"
    ).token
    return {
        "api_token": api_token.pk,
        "import_run": import_run.pk,
        "template_draft": template_draft.pk,
        "programme": programme.pk,
        "staff": staff.pk,
        "goal": goal.pk,
        "package": package.pk,
        "milestone": milestone.pk,
        "dissemination": dissemination.pk,
        "benefit": benefits[0].pk,
        "event": event.pk,
        "registration": registration.pk,
        "scheme": scheme.pk,
        "commitment": commitment.pk,
        "certificate": certificate.code,
        "invitation": invitation.pk,
        "follow_up": follow_up.pk,
        "participant_message": participant_message.pk,
        "appointment": appointment.pk,
        "placement": placement.pk,
        "absence": absence.pk,
        "proposal": proposal.pk,
        "client": client.pk,
        "municipality": client.municipality_id,
        "spell": spell.pk,
        "consent": consent.pk,
        "step": step.pk,
        "journal": journal.pk,
        "decision": decision.pk,
        "organisation": organisation.pk,
        "contact": contact.pk,
        "position": position.pk,
        "agreement": agreement.pk,
        "signature": signature.pk,
        "letter": letter.pk,
        # The coach's account and area role, as the area administrator manages them.
        "coach": coach.pk,
        "coach_membership": coach.memberships.get().pk,
    }
