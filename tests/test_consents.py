"""Consents that hold: an area publishes its own wording as a new version, every purpose is
asked where its data is used, and a withdrawn consent stops each use at once."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients import consents, importing
from osmari.clients import services as client_services
from osmari.clients.models import Consent, ConsentText, Enrolment
from osmari.clients.tests.builders import build_client, make_jobseeker, numbered_hetu
from osmari.core.models import AuditEvent
from osmari.core.tests.builders import TODAY
from osmari.employers import services as employer_services
from osmari.employers.tests.builders import make_instructor, make_position
from osmari.feedback import services as feedback_services
from osmari.matching.tests.builders import build_market, warehouse_occupation
from osmari.placements import services as placement_services
from osmari.placements.tests.builders import make_period

pytestmark = pytest.mark.django_db

WORDING = {
    "text_fi": "Saamme näyttää profiilisi työnantajalle, jonka kanssa sovimme jaksosta.",
    "text_sv": "Vi får visa din profil för arbetsgivaren som vi kommer överens med.",
    "text_en": "We may show your profile to the employer we agree a period with.",
}


def _publish(manager, area, purpose="share_profile", **texts):
    return consents.consent_text_publish(
        actor=manager, area=area, purpose=purpose, today=TODAY, **{**WORDING, **texts}
    )


# ---------------------------------------------------------------- wordings per area


def test_a_new_wording_is_given_from_then_on_and_earlier_consents_keep_theirs(
    coach, manager, area, other_area, coach_other_area
):
    before = build_client(actor=coach, area=area)
    old = consents.consent_give(actor=coach, client=before, purpose="share_profile")
    national_text = old.text.text_fi
    assert old.text.area is None

    text = _publish(manager, area)

    assert text.version == old.text.version + 1 and text.area == area
    after = build_client(actor=coach, area=area, hetu=numbered_hetu(1))
    new = consents.consent_give(actor=coach, client=after, purpose="share_profile")
    assert new.text == text
    assert new.text.text_fi == WORDING["text_fi"]
    old.refresh_from_db()
    assert old.text.area is None and old.text.text_fi == national_text
    # Another area keeps the national wording.
    elsewhere = build_client(actor=coach_other_area, area=other_area, hetu=numbered_hetu(2))
    theirs = consents.consent_give(
        actor=coach_other_area, client=elsewhere, purpose="share_profile"
    )
    assert theirs.text.area is None
    # The other purposes keep theirs in this area too.
    assert consents.current_text(area, "follow_up").area is None


def test_publishing_is_audited_and_numbers_the_versions_on(manager, area):
    first, second = _publish(manager, area), _publish(manager, area, text_en="Shorter.")
    assert (first.version, second.version) == (2, 3)
    assert consents.current_text(area, "share_profile") == second
    event = AuditEvent.objects.filter(action="consent.publish").latest("pk")
    assert event.area == area
    assert event.changes == {"purpose": [None, "share_profile"], "text_version": ["2", "3"]}


def test_a_wording_needs_every_language_and_nothing_is_published_without_one(manager, area):
    with pytest.raises(ValidationError) as refused:
        _publish(manager, area, text_sv="   ")
    assert "text_sv" in refused.value.message_dict
    assert not ConsentText.objects.filter(area=area).exists()
    assert not AuditEvent.objects.filter(action="consent.publish").exists()


def test_the_manager_drafts_beside_the_current_wording_and_publishes(login, manager, area):
    http = login(manager)
    national = consents.current_text(area, "feedback_contact")
    url = reverse("clients:consent_wording_new", args=["feedback_contact"])
    page = http.get(url).content.decode()
    assert escape(national.text_sv) in page  # the current wording, beside the draft

    response = http.post(url, {**WORDING, "text_en": ""})
    assert response.status_code == 422
    with translation.override("fi"):
        assert escape(translation.gettext("This field is required.")) in response.content.decode()
    assert consents.current_text(area, "feedback_contact") == national

    response = http.post(url, WORDING)
    assert response.status_code == 302
    current = consents.current_text(area, "feedback_contact")
    assert current.area == area and current.text_fi == WORDING["text_fi"]


def test_the_wordings_page_counts_the_consents_given_on_each_version(login, coach, manager, area):
    client = build_client(actor=coach, area=area)
    consents.consent_give(actor=coach, client=client, purpose="follow_up")
    _publish(manager, area, purpose="follow_up")
    for n in range(2):
        other = build_client(actor=coach, area=area, hetu=numbered_hetu(10 + n))
        consents.consent_give(actor=coach, client=other, purpose="follow_up")
    purposes = {p.purpose: p for p in consents.wordings_of_area(area)}
    given = {v.text.version: v.given for v in purposes["follow_up"].versions}
    assert given == {2: 2, 1: 1}
    response = login(manager).get(reverse("clients:consent_wordings"))
    assert response.status_code == 200
    assert escape(WORDING["text_fi"]) in response.content.decode()


def test_only_the_programme_manager_publishes(login, coach):
    http = login(coach)
    assert http.get(reverse("clients:consent_wordings")).status_code == 403
    url = reverse("clients:consent_wording_new", args=["share_profile"])
    assert http.post(url, WORDING).status_code == 403
    assert not ConsentText.objects.filter(area__isnull=False).exists()


def test_an_unknown_purpose_is_not_found(login, manager):
    url = reverse("clients:consent_wording_new", args=["marketing"])
    assert login(manager).get(url).status_code == 404


# ---------------------------------------------------------------- sharing with an organisation


@pytest.fixture
def market(coach, area, organisation, other_organisation):
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield build_market(coach, area, organisation, other_organisation, warehouse_occupation())


def test_a_withdrawn_sharing_consent_hides_the_profile_from_the_organisation_at_once(
    login, coach, org_contact, organisation, market
):
    consent = employer_services.sharing_consent_give(
        actor=coach, client=market["aino"], organisation=organisation
    )
    http = login(org_contact)
    url = reverse("matching:position_candidates", args=[market["fit"].pk])
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        assert "Testi A." in http.get(url).content.decode()
        consents.consent_withdraw(actor=coach, consent=consent)
        assert "Testi A." not in http.get(url).content.decode()
    assert employer_services.sharing_consent(market["aino"], organisation) is None


# ---------------------------------------------------------------- feedback by e-mail


@pytest.fixture
def running_period(coach, area, organisation):
    make_active_agreement(organisation, coach)
    instructor = make_instructor(organisation, coach)
    position = make_position(organisation, coach, instructor=instructor)
    client = make_jobseeker(coach, area)
    client.email = "testi@example.fi"
    client.save(update_fields=["email"])
    consents.consent_give(actor=coach, client=client, purpose="feedback_contact")
    placement = make_period(coach, client, position, date(2026, 9, 1), date(2026, 11, 30))
    placement_services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 9, 1), today=TODAY
    )
    placement.refresh_from_db()
    return placement


def _withdraw_feedback_consent(coach, client):
    consent = Consent.objects.get(client=client, purpose="feedback_contact")
    consents.consent_withdraw(actor=coach, consent=consent)


def test_feedback_withdrawn_after_the_invitation_was_made_is_not_mailed(coach, running_period):
    feedback_services.invitations_schedule(today=date(2026, 9, 8))
    _withdraw_feedback_consent(coach, running_period.client)
    with time_machine.travel("2026-09-08 09:00 +0300", tick=False):
        feedback_services.invitations_send(today=date(2026, 9, 8))
    assert running_period.client.email not in [m.to[0] for m in mail.outbox]


def test_no_reminder_follows_a_withdrawn_feedback_consent(coach, running_period):
    feedback_services.invitations_schedule(today=date(2026, 9, 8))
    with time_machine.travel("2026-09-08 09:00 +0300", tick=False):
        assert feedback_services.invitations_send(today=date(2026, 9, 8)).sent == 1
    _withdraw_feedback_consent(coach, running_period.client)
    with time_machine.travel("2026-09-15 09:00 +0300", tick=False):
        assert feedback_services.invitations_send(today=date(2026, 9, 15)).reminded == 0
    assert len(mail.outbox) == 1


# ---------------------------------------------------------------- the six-month follow-up


FOLLOW_UP = {"follow_up_on": date(2026, 9, 1), "employed_after_6_months": "yes"}


def _enrol(coach, client, **fields):
    return client_services.enrolment_save(
        actor=coach,
        client=client,
        entered_on=date(2025, 9, 1),
        status_at_entry="unemployed",
        left_on=date(2026, 3, 1),
        situation_on_leaving="job_searching",
        **fields,
    )


def test_a_follow_up_result_needs_the_follow_up_consent_and_stops_when_withdrawn(coach, area):
    client = build_client(actor=coach, area=area)
    _enrol(coach, client)
    with pytest.raises(ValidationError) as refused:
        _enrol(coach, client, **FOLLOW_UP)
    assert "follow_up_on" in refused.value.message_dict
    assert Enrolment.objects.get(client=client).follow_up_on is None

    consent = consents.consent_give(actor=coach, client=client, purpose="follow_up")
    assert _enrol(coach, client, **FOLLOW_UP).employed_after_6_months == "yes"

    consents.consent_withdraw(actor=coach, consent=consent)
    with pytest.raises(ValidationError):
        _enrol(coach, client, **{**FOLLOW_UP, "improved_after_6_months": "yes"})
    # What was recorded stays, and the rest of the enrolment can still be kept up to date.
    enrolment = _enrol(coach, client, **FOLLOW_UP, qualification_gained="yes")
    assert enrolment.qualification_gained == "yes"
    assert enrolment.improved_after_6_months == "unknown"


def test_the_enrolment_page_says_why_the_follow_up_was_not_saved(login, coach, area):
    client = build_client(actor=coach, area=area)
    response = login(coach).post(
        reverse("clients:enrolment", args=[client.pk]),
        {
            "entered_on": "2025-09-01",
            "status_at_entry": "unemployed",
            "eura_entry": "no",
            "left_on": "2026-03-01",
            "situation_on_leaving": "job_searching",
            "qualification_gained": "unknown",
            "eura_exit": "no",
            "follow_up_on": "2026-09-01",
            "employed_after_6_months": "yes",
            "improved_after_6_months": "unknown",
        },
    )
    assert response.status_code == 422
    with translation.override("fi"):
        assert escape(consents.follow_up_refused()) in response.content.decode()
    assert not Enrolment.objects.filter(client=client).exists()


def test_a_manager_elsewhere_publishes_for_their_own_area_only(login, other_area, area):
    other_manager = make_person("manager@other.osmari.fi", Role.MANAGER, other_area)
    url = reverse("clients:consent_wording_new", args=["share_profile"])
    assert login(other_manager).post(url, WORDING).status_code == 302
    assert consents.current_text(area, "share_profile").area is None
    assert consents.current_text(other_area, "share_profile").area == other_area


def test_an_imported_follow_up_result_needs_the_follow_up_consent(coach, area):
    row = dict.fromkeys(importing.COLUMNS, "")
    row.update(
        personal_identity_code="131052-308T",
        first_name="Aino",
        last_name="Esimerkki",
        language="fi",
        postal_code="50100",
        status_at_entry="unemployed",
        enrolled_on="2025-09-01",
        left_on="2026-03-01",
        situation_on_leaving="job_searching",
        employed_6_months_after="yes",
    )

    def _import():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=importing.COLUMNS)
        writer.writeheader()
        writer.writerow(row)
        upload = SimpleUploadedFile("clients.csv", buffer.getvalue().encode("utf-8"))
        with translation.override("fi"):
            return importing.import_rows(actor=coach, area=area, rows=importing.read_rows(upload))

    report = _import()
    assert report.created == 0
    with translation.override("fi"):
        assert report.errors[0][2] == [f"employed_6_months_after: {consents.follow_up_refused()}"]
    row["employed_6_months_after"] = ""
    assert _import().created == 1
    client = Enrolment.objects.get().client
    consents.consent_give(actor=coach, client=client, purpose="follow_up")
    row["employed_6_months_after"] = "yes"
    assert _import().updated == 1
    assert Enrolment.objects.get().employed_after_6_months == "yes"
