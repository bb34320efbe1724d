"""Writes of the feedback work: invitations made once, delivered with a fresh token, answered
once; problem signals become tasks for the coach; changes made from feedback are recorded."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from smtplib import SMTPException
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Model, Q, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.clients import consents
from osmari.clients.choices import ConsentPurpose
from osmari.clients.models import Client
from osmari.core.audit import audit_record, disclosure_recorded, recipient_ref
from osmari.core.models import EmploymentArea
from osmari.feedback.forms import clean_answers
from osmari.feedback.models import (
    Answer,
    Audience,
    Channel,
    FollowUpTask,
    Invitation,
    LinkMiss,
    Question,
    Response,
    ServiceChange,
    Survey,
)
from osmari.feedback.schedule import LOOK_BACK, OPEN_FOR, Period, due_surveys
from osmari.feedback.tokens import new_token, token_from_digest, token_hash
from osmari.feedback.version_selectors import invitation_versions
from osmari.placements.models import Placement, PlacementStatus

logger = logging.getLogger(__name__)

REMIND_AFTER = timedelta(days=7)


class InvitationClosed(ValidationError):
    """The link was used, declined or has expired; `reason` says which."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason, code=reason)


# ---------------------------------------------------------------- making invitations


def _period(placement: Placement) -> Period:
    running = placement.status in (
        PlacementStatus.ACTIVE,
        PlacementStatus.ENDED,
        PlacementStatus.INTERRUPTED,
    )
    return Period(placement.start_on, placement.end_on, placement.ended_on, running)


def _participant_language(client: Client) -> str:
    return (
        client.preferred_language
        if client.preferred_language in ("fi", "fi_plain", "sv", "en")
        else "fi"
    )


def _contactable(client_ids: Iterable[int]) -> set[int]:
    """The people among these who consented to be contacted for feedback."""
    return set(
        consents.valid_consents(ConsentPurpose.FEEDBACK_CONTACT)
        .filter(client_id__in=client_ids)
        .values_list("client_id", flat=True)
    )


def invitations_schedule(*, today: date) -> int:
    """Make the invitations due by today, each at most once (`due_key` is unique): the
    command can run again, or after a crash, without inviting anyone twice."""
    surveys = {s.key: s for s in Survey.objects.all()}
    version_for = invitation_versions()
    # Only periods with a day inside the look-back window can have an invitation due.
    since = today - LOOK_BACK
    placements = (
        Placement.objects.filter(
            status__in=(
                PlacementStatus.ACTIVE,
                PlacementStatus.ENDED,
                PlacementStatus.INTERRUPTED,
            ),
            start_on__lte=today,
        )
        .filter(Q(ended_on__gte=since) | Q(ended_on__isnull=True, end_on__gte=since))
        .select_related("client", "instructor", "area")
    )
    due = [
        (placement, item)
        for placement in placements.iterator(chunk_size=2000)
        for item in due_surveys(_period(placement), today)
    ]
    keys = {f"{item.survey}:{placement.pk}" for placement, item in due}
    made_before = set(Invitation.objects.filter(due_key__in=keys).values_list("due_key", flat=True))
    contactable = _contactable({placement.client_id for placement, _item in due})
    made = 0
    for placement, item in due:
        key = f"{item.survey}:{placement.pk}"
        if key in made_before:
            continue
        survey = surveys[item.survey]
        if survey.audience == Audience.PARTICIPANT:
            language = _participant_language(placement.client)
            email = placement.client.email if placement.client_id in contactable else ""
        else:
            language = "fi"
            email = placement.instructor.email if placement.instructor else ""
        _token, stored = new_token()
        try:
            with transaction.atomic():
                Invitation.objects.create(
                    area=placement.area,
                    survey=survey,
                    version=version_for(
                        survey, placement.organisation_id, item.on, placement.area_id
                    ),
                    placement=placement,
                    due_key=key,
                    due_on=item.on,
                    expires_on=item.expires,
                    language=language,
                    email=email,
                    # A token nobody knows: the real one is made when the link is delivered.
                    token_hash=stored,
                )
        except IntegrityError:
            continue  # made meanwhile by another run
        made += 1
    return made


def organisation_survey_schedule(*, area: EmploymentArea, year: int, today: date) -> int:
    """The annual survey for every partner organisation of the area, once a year."""
    survey = Survey.objects.get(key="organisation_annual")
    version_for = invitation_versions()
    made = 0
    for organisation in area.organisations.filter(stage="active_partner"):
        signatory = organisation.contacts.exclude(email="").first()
        _token, stored = new_token()
        try:
            with transaction.atomic():
                Invitation.objects.create(
                    area=area,
                    survey=survey,
                    version=version_for(survey, organisation.pk, today, area.pk),
                    organisation=organisation,
                    due_key=f"organisation_annual:{organisation.pk}:{year}",
                    due_on=today,
                    expires_on=today + OPEN_FOR,
                    language="fi",
                    email=signatory.email if signatory else "",
                    token_hash=stored,
                )
        except IntegrityError:
            continue
        made += 1
    return made


# ---------------------------------------------------------------- delivering links


def answer_url(token: str) -> str:
    return f"{settings.OSMARI_BASE_URL.rstrip('/')}{reverse('feedback:answer', args=[token])}"


@transaction.atomic
def invitation_deliver(*, invitation: Invitation, channel: str, actor: User | None = None) -> str:
    """A fresh link for the invitation; any earlier link stops working."""
    if invitation.is_closed:
        raise InvitationClosed("closed")
    token, stored = new_token()
    invitation.token_hash = stored
    invitation.channel = channel
    if invitation.sent_at is None:
        invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "channel", "sent_at"])
    if actor is not None:
        audit_record(
            actor=actor,
            action="feedback.link",
            obj=invitation.placement.client if invitation.placement else invitation.organisation,
            area=invitation.area,
            person_ref=invitation.placement.client.person_ref if invitation.placement else "",
            changes={"channel": [None, channel], "survey": [None, invitation.survey.key]},
        )
    return token


def _send(invitation: Invitation, token: str, *, reminder: bool, replaces: bool) -> None:
    language = "fi" if invitation.language == "fi_plain" else invitation.language
    with translation.override(language):
        subject = (_("Reminder: %(survey)s") if reminder else _("Your feedback: %(survey)s")) % {
            "survey": invitation.survey
        }
        body = _(
            "Hello,\n\nwe would like to hear how things have gone. Answering takes a few "
            "minutes, is voluntary and needs no login:\n\n%(url)s\n\nThe link works once, "
            "until %(expires)s.%(replaces)s\n\nOsmari"
        ) % {
            "url": answer_url(token),
            "expires": f"{invitation.expires_on:%d.%m.%Y}",
            "replaces": " " + _("It replaces the link we sent earlier.") if replaces else "",
        }
    send_mail(subject, body, None, [invitation.email])
    # The mail tells its reader that a period exists: a disclosure, logged with whom.
    client = invitation.placement.client if invitation.placement else None
    disclosure_recorded(
        actor=None,
        action="feedback.email",
        recipient=recipient_ref(_addressee(invitation)),
        obj=client or invitation.organisation,
        area=invitation.area,
        person_ref=client.person_ref if client else "",
        changes={"survey": [None, invitation.survey.key], "reminder": [None, reminder]},
    )


def _addressee(invitation: Invitation) -> Model:
    """Whom the invitation's address belongs to: the participant, the period's workplace
    instructor, or the organisation's contact who answers for it."""
    placement = invitation.placement
    if invitation.survey.audience == Audience.PARTICIPANT and placement:
        return placement.client
    if invitation.survey.audience == Audience.INSTRUCTOR and placement and placement.instructor:
        return placement.instructor
    organisation = invitation.organisation or (placement.organisation if placement else None)
    if organisation is None:
        return invitation  # an address given by hand: the invitation names it
    contact = organisation.contacts.filter(email=invitation.email).first()
    return contact or organisation


EMAIL_LINK_SALT = "osmari.feedback.email_link"


def _email_token(invitation: Invitation, secret: str | bytes) -> str:
    """The e-mailed link's token, made from the invitation and the secret key. Only its hash
    is stored, yet a reminder can carry the very link the person already has."""
    assert invitation.sent_at is not None  # the link is made when the invitation is sent
    message = f"{invitation.pk}:{invitation.sent_at.timestamp():.6f}"
    digest = salted_hmac(EMAIL_LINK_SALT, message, secret=secret, algorithm="sha256").digest()
    return token_from_digest(digest)


def _emailed_token(invitation: Invitation) -> str | None:
    """The token of the e-mailed link while it still opens the invitation (a key rotated
    into SECRET_KEY_FALLBACKS still counts), else None."""
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        token = _email_token(invitation, secret)
        if token_hash(token) == invitation.token_hash:
            return token
    return None


class MailRun(NamedTuple):
    sent: int
    reminded: int
    failed: int  # not accepted by the mail server: tried again on the next run


def _mail_one(candidates: QuerySet[Invitation], pk: int, *, reminder: bool, now: datetime) -> str:
    """E-mail one invitation and record it, all or nothing: "mailed", "failed", or "taken"
    when another run has it or has done it.

    The row stays locked until the mail server has answered, and a run that overlaps skips
    it (SKIP LOCKED on PostgreSQL; SQLite lets one writer in at a time). What marks it sent
    is committed only after the server accepted the mail; if the server refuses, nothing
    of it is saved and the next run tries again.
    """
    with transaction.atomic():
        invitation = (
            candidates.select_for_update(skip_locked=True, of=("self",))
            .select_related("survey")
            .filter(pk=pk)
            .first()
        )
        if invitation is None:
            return "taken"
        replaces = False
        if reminder:
            token = _emailed_token(invitation)
            if token is None:  # the key that made the first link is gone
                token, invitation.token_hash = new_token()
                replaces = True
            invitation.reminded_at = now
            invitation.save(update_fields=["token_hash", "reminded_at"])
        else:
            invitation.sent_at, invitation.channel = now, Channel.EMAIL
            token = _email_token(invitation, settings.SECRET_KEY)
            invitation.token_hash = token_hash(token)
            invitation.save(update_fields=["token_hash", "channel", "sent_at"])
        try:
            _send(invitation, token, reminder=reminder, replaces=replaces)
        except (SMTPException, OSError):
            transaction.set_rollback(True)
            logger.warning("The mail server did not accept invitation %s.", pk, exc_info=True)
            return "failed"
    return "mailed"


def invitations_send(*, today: date) -> MailRun:
    """E-mail the due invitations that have an address, and one reminder a week later, with
    the same link. Safe to run again, or twice at once: nothing is mailed twice."""
    now = timezone.now()
    due = Invitation.objects.filter(
        sent_at__isnull=True,
        answered_at__isnull=True,
        declined_at__isnull=True,
        due_on__lte=today,
        expires_on__gte=today,
    ).exclude(email="")
    late = Invitation.objects.filter(
        channel=Channel.EMAIL,
        sent_at__lte=now - REMIND_AFTER,
        reminded_at__isnull=True,
        answered_at__isnull=True,
        declined_at__isnull=True,
        expires_on__gte=today,
    ).exclude(email="")
    # The consent is asked again when mailing: one withdrawn since the invitation was made
    # stops the mail and the reminder at once.
    contactable = ~Q(survey__audience=Audience.PARTICIPANT) | Q(
        placement__client_id__in=consents.consenting(ConsentPurpose.FEEDBACK_CONTACT)
    )
    due, late = due.filter(contactable), late.filter(contactable)
    sent, unsent = _mail_each(due, reminder=False, now=now)
    reminded, unreminded = _mail_each(late, reminder=True, now=now)
    return MailRun(sent=sent, reminded=reminded, failed=unsent + unreminded)


def _mail_each(
    candidates: QuerySet[Invitation], *, reminder: bool, now: datetime
) -> tuple[int, int]:
    """How many were mailed and how many the mail server did not accept."""
    pks = list(candidates.order_by("pk").values_list("pk", flat=True))
    outcomes = Counter(_mail_one(candidates, pk, reminder=reminder, now=now) for pk in pks)
    return outcomes["mailed"], outcomes["failed"]


# ---------------------------------------------------------------- answering


def _answerable(*, for_update: bool) -> QuerySet[Invitation]:
    invitations = Invitation.objects.select_related(
        "survey", "version", "placement", "placement__client", "placement__position"
    )
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    return invitations


def invitation_by_token(token: str, *, for_update: bool = False) -> Invitation | None:
    return _answerable(for_update=for_update).filter(token_hash=token_hash(token)).first()


def _invitation_locked(*, token: str | None, invitation_pk: int | None) -> Invitation:
    """The invitation to answer, its row locked, found by the link's token or, for a
    participant signed in to their own page, by its key (the caller has checked it is
    theirs). Either way the same rules follow."""
    if (token is None) == (invitation_pk is None):
        raise TypeError("Give either token or invitation_pk.")
    invitations = _answerable(for_update=True)
    if token is not None:
        invitation = invitations.filter(token_hash=token_hash(token)).first()
    else:
        invitation = invitations.filter(pk=int(invitation_pk or 0)).first()
    if invitation is None:
        raise InvitationClosed("unknown")
    return invitation


def check_open(invitation: Invitation, today: date) -> None:
    if invitation.answered_at is not None:
        raise InvitationClosed("answered")
    if invitation.declined_at is not None:
        raise InvitationClosed("declined")
    if invitation.expires_on < today:
        raise InvitationClosed("expired")


def _signals(questions: dict[int, Question], answers: dict[int, dict]) -> set[str]:
    reasons = set()
    for pk, answer in answers.items():
        q = questions[pk]
        if not q.signal_reason:
            continue
        number = answer.get("number")
        if q.signal_at_most is not None and number is not None and number <= q.signal_at_most:
            reasons.add(q.signal_reason)
        if set(answer.get("choices", [])) & set(q.signal_choices):
            reasons.add(q.signal_reason)
    return reasons


def _response_save(
    invitation: Invitation,
    answers: dict,
    language: str,
    *,
    linked: bool,
    shared: bool,
    today: date,
) -> Response:
    """The response with its answers, and with what the results count by: the organisation,
    the kind of period and the municipality, the month of the answer."""
    placement = invitation.placement
    response = Response.objects.create(
        invitation=invitation if linked else None,
        version=invitation.version,
        area=invitation.area,
        survey=invitation.survey,
        organisation=placement.organisation if placement else invitation.organisation,
        position_kind=placement.kind if placement else "",
        municipality=placement.position.municipality if placement else None,
        submitted_on=today.replace(day=1),
        language=language if linked else "",
        client=placement.client if placement and shared else None,
        share_with_coach=shared,
    )
    Answer.objects.bulk_create(
        [
            response.answer(
                question_id=pk,
                number=a.get("number"),
                text=a.get("text", ""),
                choices=a.get("choices", []),
            )
            for pk, a in answers.items()
        ]
    )
    return response


@transaction.atomic
def response_submit(
    *,
    token: str | None = None,
    invitation_pk: int | None = None,
    data: QueryDict,
    language: str,
    share_with_coach: bool,
    today: date,
) -> Response:
    """Save one response to the invitation of the token or of `invitation_pk`. The invitation
    row is locked first, so a double click or a resend finds it answered and stores nothing
    more."""
    invitation = _invitation_locked(token=token, invitation_pk=invitation_pk)
    check_open(invitation, today)
    questions = list(invitation.version.questions.all())
    answers, errors = clean_answers(questions, data)
    if errors:
        raise ValidationError(errors)
    placement = invitation.placement
    participant = invitation.survey.audience == Audience.PARTICIPANT
    shared = participant and share_with_coach
    # A participant's answers lead back to them only with their yes; without it the response
    # keeps just what the results count by. The instructor's view of a period is read beside
    # the period, so it stays linked.
    linked = shared or not participant
    response = _response_save(
        invitation, answers, language, linked=linked, shared=shared, today=today
    )
    invitation.answered_at = (
        timezone.now() if linked else timezone.make_aware(datetime.combine(today, time.min))
    )
    invitation.save(update_fields=["answered_at"])
    # The coach is told of a problem only when the participant allowed it.
    if response.share_with_coach and placement is not None:
        for reason in sorted(_signals({q.pk: q for q in questions}, answers)):
            FollowUpTask.objects.create(
                area=invitation.area,
                client=placement.client,
                placement=placement,
                response=response,
                reason=reason,
            )
    if linked:
        # An answer given without a yes to sharing leaves no event: its time and address
        # beside the coach's delivery of the link would say whose it is.
        audit_record(
            actor=None,
            action="feedback.response",
            obj=response,
            area=invitation.area,
            changes={
                "survey": [None, invitation.survey.key],
                "shared": [None, response.share_with_coach],
            },
        )
    return response


@transaction.atomic
def invitation_decline(
    *, token: str | None = None, invitation_pk: int | None = None, today: date
) -> Invitation:
    invitation = _invitation_locked(token=token, invitation_pk=invitation_pk)
    check_open(invitation, today)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    audit_record(
        actor=None,
        action="feedback.decline",
        obj=invitation,
        area=invitation.area,
        changes={"survey": [None, invitation.survey.key]},
    )
    return invitation


# ---------------------------------------------------------------- the coach and the manager


@transaction.atomic
def follow_up_done(*, actor: User, task: FollowUpTask, note: str) -> FollowUpTask:
    task.done_at = timezone.now()
    task.done_by = actor
    task.note = note
    task.save(update_fields=["done_at", "done_by", "note"])
    audit_record(
        actor=actor,
        action="feedback.follow_up_done",
        obj=task.client,
        area=task.area,
        person_ref=task.client.person_ref,
        changes={"reason": [None, task.reason]},
    )
    return task


@transaction.atomic
def service_change_record(*, actor: User, area: EmploymentArea, **fields: Any) -> ServiceChange:
    change = ServiceChange.objects.create(area=area, recorded_by=actor, **fields)
    audit_record(
        actor=actor,
        action="feedback.service_change",
        obj=change,
        area=area,
        changes={"title": [None, change.title]},
    )
    return change


# ---------------------------------------------------------------- guessing links


def _window(now: datetime) -> int:
    return int(now.timestamp()) // settings.FEEDBACK_TOKEN_WINDOW


def link_guessing_blocked(address: str | None) -> bool:
    if not address:
        return False
    found = LinkMiss.objects.filter(address=address, window=_window(timezone.now())).first()
    return found is not None and found.count >= settings.FEEDBACK_TOKEN_ATTEMPTS


def link_miss_record(address: str | None) -> None:
    if not address:
        return
    window = _window(timezone.now())
    with transaction.atomic():
        miss, _created = LinkMiss.objects.select_for_update().get_or_create(
            address=address, window=window
        )
        miss.count = F("count") + 1
        miss.save(update_fields=["count"])
    LinkMiss.objects.filter(window__lt=window - 1).delete()
