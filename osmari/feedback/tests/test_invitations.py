"""Invitations from period dates, tokens that work once, and answers that reach the coach."""

from datetime import date, timedelta
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.utils import timezone

from osmari.core.models import AuditEvent
from osmari.feedback import services, version_services
from osmari.feedback.models import Answer, FollowUpTask, Invitation, Question, Response
from osmari.feedback.tokens import token_hash

pytestmark = pytest.mark.django_db


def _form(**answers) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in answers.items():
        if isinstance(value, list):
            data.setlist(f"q_{key}", value)
        else:
            data[f"q_{key}"] = value
    return data


def _deliver(invitation):
    return services.invitation_deliver(invitation=invitation, channel="link")


def test_invitations_follow_the_period_and_are_made_once(running_period):
    assert services.invitations_schedule(today=date(2026, 9, 7)) == 0
    assert services.invitations_schedule(today=date(2026, 9, 8)) == 1
    assert services.invitations_schedule(today=date(2026, 9, 8)) == 0
    assert services.invitations_schedule(today=date(2026, 10, 16)) == 2  # both midpoint surveys
    assert services.invitations_schedule(today=date(2026, 10, 17)) == 0
    keys = set(Invitation.objects.values_list("due_key", flat=True))
    assert keys == {
        f"participant_start:{running_period.pk}",
        f"participant_middle:{running_period.pk}",
        f"instructor_middle:{running_period.pk}",
    }
    participant = Invitation.objects.get(survey__key="participant_start")
    assert (participant.email, participant.language) == ("testi@example.fi", "fi")
    instructor = Invitation.objects.get(survey__key="instructor_middle")
    assert instructor.email == "olli@example.fi"


def test_the_command_invites_mails_and_reminds_once(running_period, settings):
    settings.OSMARI_BASE_URL = "https://osmari.example.fi"
    with time_machine.travel("2026-09-08 09:00 +0300", tick=False):
        call_command("send_feedback_invitations")
        call_command("send_feedback_invitations")  # again, as after a crash: nothing twice
    assert len(mail.outbox) == 1
    assert "https://osmari.example.fi/f/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["testi@example.fi"]
    with time_machine.travel("2026-09-15 09:00 +0300", tick=False):
        call_command("send_feedback_invitations")
        call_command("send_feedback_invitations")
    assert len(mail.outbox) == 2
    assert "Muistutus" in mail.outbox[1].subject


def _link(message) -> str:
    return "/f/" + message.body.split("/f/")[1].split("/")[0] + "/"


def test_the_reminder_carries_the_link_the_person_already_has(running_period, login):
    with time_machine.travel("2026-09-08 09:00 +0300", tick=False):
        call_command("send_feedback_invitations")
    with time_machine.travel("2026-09-15 09:00 +0300", tick=False):
        call_command("send_feedback_invitations")
        first, reminder = mail.outbox
        assert "Muistutus" in reminder.subject
        assert _link(reminder) == _link(first)
        assert "korvaa" not in reminder.body  # nothing tells them their link stopped working
        page = login(None).get(_link(first))
    assert page.status_code == 200
    assert 'name="q_wellbeing"' in page.content.decode()


def test_each_mailed_link_is_a_disclosure_logged_with_its_recipient(running_period):
    services.invitations_schedule(today=date(2026, 9, 8))
    with time_machine.travel("2026-09-08 09:00 +0300", tick=False):
        services.invitations_send(today=date(2026, 9, 8))
    with time_machine.travel("2026-09-15 09:00 +0300", tick=False):
        services.invitations_send(today=date(2026, 9, 15))
    client, instructor = running_period.client, running_period.instructor
    by_address = {client.email: client.person_ref, instructor.email: f"contact:{instructor.pk}"}
    expected = sorted(by_address[message.to[0]] for message in mail.outbox)
    events = AuditEvent.objects.filter(action="feedback.email")
    # Each mail names the one it went to, and every mail is about the participant's period.
    assert sorted(e.recipient for e in events) == expected
    assert {e.person_ref for e in events} == {client.person_ref}
    assert len(events) == len(mail.outbox) >= 2
    # The log names the recipient by reference, never by address.
    assert all("@" not in e.recipient and "@" not in str(e.changes) for e in events)


def test_the_instructors_mail_names_the_instructor_as_recipient(running_period):
    # Half-way through the period both the participant and the instructor are asked.
    services.invitations_schedule(today=date(2026, 10, 16))
    with time_machine.travel("2026-10-16 09:00 +0300", tick=False):
        services.invitations_send(today=date(2026, 10, 16))
    instructor = running_period.instructor
    assert [instructor.email] in [m.to for m in mail.outbox]
    sent_to_instructor = AuditEvent.objects.filter(
        action="feedback.email", changes__survey=[None, "instructor_middle"]
    )
    assert [e.recipient for e in sent_to_instructor] == [f"contact:{instructor.pk}"]
    assert sent_to_instructor[0].person_ref == running_period.client.person_ref


def test_the_organisations_survey_names_its_contact_as_recipient(running_period):
    organisation = running_period.organisation
    organisation.stage = "active_partner"
    organisation.save(update_fields=["stage"])
    services.organisation_survey_schedule(
        area=running_period.area, year=2026, today=date(2026, 9, 8)
    )
    with time_machine.travel("2026-09-08 09:00 +0300", tick=False):
        services.invitations_send(today=date(2026, 9, 8))
    event = AuditEvent.objects.get(
        action="feedback.email", changes__survey=[None, "organisation_annual"]
    )
    # The invitation went to one address; the log names whose it is and keeps no address.
    address = Invitation.objects.get(survey__key="organisation_annual").email
    contact = organisation.contacts.get(email=address)
    assert event.recipient == f"contact:{contact.pk}"
    assert event.person_ref == ""


def test_a_reminder_still_works_after_the_secret_key_is_rotated(running_period, settings):
    services.invitations_schedule(today=date(2026, 9, 8))
    with time_machine.travel("2026-09-08 09:00 +0300", tick=False):
        services.invitations_send(today=date(2026, 9, 8))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    with time_machine.travel("2026-09-15 09:00 +0300", tick=False):
        assert services.invitations_send(today=date(2026, 9, 15)).reminded == 1
    first, reminder = mail.outbox
    assert _link(reminder) == _link(first)
    assert services.invitation_by_token(_link(first)[3:-1]) is not None


class RefusingMailServer(BaseEmailBackend):
    """A mail server that is down: every message is refused."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_an_invitation_the_mail_server_refused_stays_unsent_and_goes_next_run(
    running_period, settings
):
    services.invitations_schedule(today=date(2026, 9, 8))
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    assert services.invitations_send(today=date(2026, 9, 8)) == (0, 0, 1)
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and invitation.channel == ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.invitations_send(today=date(2026, 9, 9)) == (1, 0, 0)
    assert [m.to for m in mail.outbox] == [["testi@example.fi"]]
    assert Invitation.objects.get().sent_at is not None


def test_the_command_fails_loudly_when_the_mail_server_refuses(running_period, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    with (
        time_machine.travel("2026-09-08 09:00 +0300", tick=False),
        pytest.raises(CommandError, match="did not accept 1"),
    ):
        call_command("send_feedback_invitations")
    assert Invitation.objects.get().sent_at is None


def test_a_refused_reminder_is_tried_again_and_the_first_link_keeps_working(
    running_period, settings
):
    services.invitations_schedule(today=date(2026, 9, 8))
    with time_machine.travel("2026-09-08 09:00 +0300", tick=False):
        services.invitations_send(today=date(2026, 9, 8))
    first = _link(mail.outbox[0])[3:-1]
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    with time_machine.travel("2026-09-15 09:00 +0300", tick=False):
        assert services.invitations_send(today=date(2026, 9, 15)) == (0, 0, 1)
    assert Invitation.objects.get().reminded_at is None
    assert services.invitation_by_token(first) is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel("2026-09-16 09:00 +0300", tick=False):
        assert services.invitations_send(today=date(2026, 9, 16)) == (0, 1, 0)
    assert _link(mail.outbox[1])[3:-1] == first


def test_without_consent_to_contact_nobody_is_mailed(running_period):
    running_period.client.consents.update(withdrawn_at=timezone.now())
    services.invitations_schedule(today=date(2026, 9, 8))
    assert Invitation.objects.get().email == ""
    assert services.invitations_send(today=date(2026, 9, 8)) == (0, 0, 0)


def test_the_token_is_kept_only_as_its_hash(running_period):
    services.invitations_schedule(today=date(2026, 9, 8))
    invitation = Invitation.objects.get()
    token = _deliver(invitation)
    invitation.refresh_from_db()
    assert invitation.token_hash == token_hash(token)
    assert token not in invitation.token_hash
    assert services.invitation_by_token(token) == invitation
    assert services.invitation_by_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_an_answer_is_saved_once_and_the_link_is_then_used(running_period):
    services.invitations_schedule(today=date(2026, 9, 8))
    token = _deliver(Invitation.objects.get())
    data = _form(wellbeing="4", guidance="5", tasks_clear="yes", comment="Kiva paikka")
    response = services.response_submit(
        token=token, data=data, language="fi", share_with_coach=False, today=date(2026, 9, 9)
    )
    assert response.organisation == running_period.organisation
    assert response.client is None  # not shared with the coach
    assert Answer.objects.filter(response=response).count() == 4
    with pytest.raises(services.InvitationClosed) as closed:
        services.response_submit(
            token=token, data=data, language="fi", share_with_coach=False, today=date(2026, 9, 9)
        )
    assert closed.value.reason == "answered"
    assert Response.objects.count() == 1


def test_an_expired_link_says_so(running_period):
    services.invitations_schedule(today=date(2026, 9, 8))
    invitation = Invitation.objects.get()
    token = _deliver(invitation)
    with pytest.raises(services.InvitationClosed) as closed:
        services.response_submit(
            token=token,
            data=_form(wellbeing="4", guidance="4"),
            language="fi",
            share_with_coach=False,
            today=invitation.expires_on + timedelta(days=1),
        )
    assert closed.value.reason == "expired"
    assert not Response.objects.exists()


def test_bad_answers_are_named_and_nothing_is_saved(running_period):
    services.invitations_schedule(today=date(2026, 9, 8))
    token = _deliver(Invitation.objects.get())
    with pytest.raises(ValidationError) as invalid:
        services.response_submit(
            token=token,
            data=_form(wellbeing="9", tasks_clear="maybe"),
            language="fi",
            share_with_coach=True,
            today=date(2026, 9, 9),
        )
    assert set(invalid.value.message_dict) == {"q_wellbeing", "q_guidance", "q_tasks_clear"}
    assert not Response.objects.exists()
    assert Invitation.objects.get().answered_at is None


def test_a_problem_reaches_the_coach_only_with_consent(running_period):
    services.invitations_schedule(today=date(2026, 10, 16))
    middle = Invitation.objects.get(survey__key="participant_middle")
    problem = _form(wellbeing="1", guidance="2", continue_="stop")
    problem.setlist("q_continue", ["stop"])
    services.response_submit(
        token=_deliver(middle),
        data=problem,
        language="fi",
        share_with_coach=True,
        today=date(2026, 10, 16),
    )
    reasons = set(FollowUpTask.objects.values_list("reason", flat=True))
    assert reasons == {"low_wellbeing", "missing_guidance", "wants_to_stop"}
    assert FollowUpTask.objects.first().client == running_period.client

    services.invitations_schedule(today=date(2026, 9, 8))
    start = Invitation.objects.get(survey__key="participant_start")
    services.response_submit(
        token=_deliver(start),
        data=_form(wellbeing="1", guidance="1"),
        language="fi",
        share_with_coach=False,
        today=date(2026, 9, 9),
    )
    assert FollowUpTask.objects.count() == 3


def test_declining_closes_the_invitation(running_period):
    services.invitations_schedule(today=date(2026, 9, 8))
    token = _deliver(Invitation.objects.get())
    services.invitation_decline(token=token, today=date(2026, 9, 9))
    assert AuditEvent.objects.filter(action="feedback.decline").count() == 1
    with pytest.raises(services.InvitationClosed) as closed:
        services.response_submit(
            token=token,
            data=_form(wellbeing="4", guidance="4"),
            language="fi",
            share_with_coach=False,
            today=date(2026, 9, 9),
        )
    assert closed.value.reason == "declined"
    with pytest.raises(services.InvitationClosed):
        _deliver(Invitation.objects.get())


def test_a_version_in_use_cannot_change(running_period):
    services.invitations_schedule(today=date(2026, 9, 8))
    question = Invitation.objects.get().version.questions.first()
    question.text_fi = "Muutettu"
    with pytest.raises(ValidationError):
        question.save()
    assert Question.objects.get(pk=question.pk).text_fi != "Muutettu"


def test_every_ready_made_survey_speaks_every_language():
    participant = Question.objects.filter(version__survey__audience="participant")
    assert participant.exists()
    assert not participant.filter(text_fi_plain="").exists()
    for question in Question.objects.all():
        for language in ("fi", "sv", "en"):
            assert question.text_in(language)
        for choice in question.choices:
            assert all(choice.get(lang) for lang in ("fi", "sv", "en"))


def test_the_annual_survey_reaches_each_partner_once_a_year(area, organisation, coach):
    from osmari.employers.services import contact_add

    organisation.stage = "active_partner"
    organisation.save(update_fields=["stage"])
    contact_add(
        actor=coach,
        organisation=organisation,
        name="Sanna",
        role="signatory",
        email="sanna@example.fi",
    )
    with time_machine.travel("2026-11-02 09:00 +0200", tick=False):
        call_command("send_feedback_invitations", "--annual")
        call_command("send_feedback_invitations", "--annual")
    invitation = Invitation.objects.get(survey__key="organisation_annual")
    assert invitation.organisation == organisation
    assert [m.to for m in mail.outbox] == [["sanna@example.fi"]]


def test_a_new_version_is_made_instead_and_new_invitations_use_it(
    coach, manager, area, running_period
):
    services.invitations_schedule(today=date(2026, 9, 8))
    survey = Invitation.objects.get().survey
    version = version_services.version_draft(actor=manager, area=area, survey=survey)
    assert version.number == 2
    question = version.questions.get(key="wellbeing")
    question.text_fi = "Miltä työpaikalla on tuntunut?"
    question.save()  # a version nobody is invited to yet may change
    version.change_summary, version.change_reason = "Hyvinvointi selkeämmin", "Palaute"
    version.save()
    version_services.version_publish(actor=manager, version=version, today=date(2026, 9, 9))
    assert Invitation.objects.get().version.number == 1
    services.invitations_schedule(today=date(2026, 10, 16))
    middle = Invitation.objects.get(survey__key="participant_middle")
    assert middle.version.number == 1  # another survey, still at its first version
    assert survey.current_version(area) == version
