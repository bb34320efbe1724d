"""E-mail notices of a period: the participant, the organisation's contacts and the
instructor learn that there is something new in Osmari, in their own language, and nothing
more: no name, date, organisation or place in the message."""

import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from osmari.clients.models import Client
from osmari.core.models import AuditEvent
from osmari.employers.services import sharing_consent_give
from osmari.employers.tests.builders import make_instructor
from osmari.placements import notices, services
from osmari.placements.proposal_services import proposal_create
from osmari.placements.tests.builders import make_period, trial

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)
INSTRUCTOR = "olli@example.fi"
PARTICIPANT = "testi.asiakas@example.fi"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-27 10:00 +0200", tick=False):
        yield


@pytest.fixture
def people(coach, jobseeker, place, organisation, org_contact):
    """The participant reads Swedish, the organisation's contact English; the instructor
    has no account."""
    place.instructor = make_instructor(organisation, coach, email=INSTRUCTOR)
    place.save()
    Client.objects.filter(pk=jobseeker.pk).update(email=PARTICIPANT, preferred_language="sv")
    jobseeker.refresh_from_db()
    org_contact.preferred_language = "en"
    org_contact.save()
    return jobseeker


def _plan(coach, client, place, capture):
    with capture(execute=True):
        return make_period(
            coach, client, place, date(2026, 12, 7), date(2027, 3, 5), objective="Trukkikortti"
        )


def _expected_subject(language):
    with translation.override(language):
        return gettext("Something new in Osmari")


# What a notice must never tell: names, the place, the organisation, any date.
FORBIDDEN = re.compile(
    r"Testi|Asiakas|Saimaan|Puutyö|Varasto|Olli|Ohjaaja|coach@|Trukki|Mikkeli|"
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|20\d\d",
    re.IGNORECASE,
)


def test_planning_a_period_tells_everyone_concerned_in_their_language_and_nothing_more(
    coach, people, place, org_contact, django_capture_on_commit_callbacks
):
    placement = _plan(coach, people, place, django_capture_on_commit_callbacks)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {PARTICIPANT, org_contact.email, INSTRUCTOR}
    assert sent[PARTICIPANT].subject == _expected_subject("sv")
    assert sent[org_contact.email].subject == _expected_subject("en")
    assert sent[INSTRUCTOR].subject == _expected_subject("fi")
    for message in mail.outbox:
        assert not FORBIDDEN.search(message.subject), message.subject
        assert not FORBIDDEN.search(message.body), message.body
        assert "http" in message.body
    # The host's contacts are sent to the period's page on their own page; the participant
    # to Osmari itself.
    assert f"/placements/host/{placement.pk}/" in sent[org_contact.email].body
    assert "/placements/" not in sent[PARTICIPANT].body

    event = AuditEvent.objects.get(action="placement.notice")
    assert event.person_ref == placement.client.person_ref
    assert event.changes["notice"] == [None, "planned"]
    assert f"user:{org_contact.pk}" in event.recipient
    assert placement.client.person_ref in event.recipient
    # The log names recipients by reference, never by address.
    assert "@" not in event.recipient and "@" not in str(event.changes)


def test_the_language_each_addressee_reads(coach, people, place, org_contact):
    placement = make_period(coach, people, place, date(2026, 12, 7), date(2027, 3, 5))
    languages = {a.email: a.language for a in notices.addressees(placement)}
    assert languages == {PARTICIPANT: "sv", org_contact.email: "en", INSTRUCTOR: "fi"}


def test_a_participant_without_an_email_address_is_not_mailed(
    coach, jobseeker, place, org_contact, django_capture_on_commit_callbacks
):
    _plan(coach, jobseeker, place, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[org_contact.email]]


def test_a_refused_period_mails_nobody(coach, people, place, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.PlacementRefused):
        # Four years: past every limit of the law.
        services.placement_create(
            actor=coach,
            client=people,
            position=place,
            fields=trial(date(2026, 12, 7), date(2030, 12, 6)),
        )
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="placement.notice").exists()


def test_a_change_and_an_end_are_news_and_a_start_as_planned_is_not(
    coach, people, place, django_capture_on_commit_callbacks
):
    placement = _plan(coach, people, place, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.placement_extend(
            actor=coach, placement=placement, end_on=date(2027, 4, 2), note="Lisää", today=TODAY
        )
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    with time_machine.travel("2026-12-07 10:00 +0200", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.placement_transition(
                actor=coach,
                placement=placement,
                to_status="active",
                on=date(2026, 12, 7),
                today=date(2026, 12, 7),
            )
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            services.placement_transition(
                actor=coach,
                placement=placement,
                to_status="interrupted",
                on=date(2026, 12, 7),
                today=date(2026, 12, 7),
                reason="did_not_suit",
            )
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert not FORBIDDEN.search(message.subject + message.body)
    events = AuditEvent.objects.filter(action="placement.notice").order_by("pk")
    assert [e.changes["notice"][1] for e in events] == ["planned", "changed", "ended"]


def test_the_host_hears_of_a_proposal_without_a_word_of_who_or_where(
    coach, people, place, organisation, org_contact, django_capture_on_commit_callbacks
):
    sharing_consent_give(actor=coach, client=people, organisation=organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_create(
            actor=coach,
            client=people,
            position=place,
            kind="work_trial",
            note="Testi on kiinnostunut varastotyöstä ja voisi aloittaa 7.12.2026.",
        )
    assert [message.to for message in mail.outbox] == [[org_contact.email]]
    message = mail.outbox[0]
    assert message.subject == _expected_subject("en")
    assert f"/placements/host/proposals/{proposal.pk}/" in message.body
    assert not FORBIDDEN.search(message.subject + message.body)
    assert AuditEvent.objects.filter(action="placement.notice", object_id=str(proposal.pk)).exists()
