"""The six-month follow-up answered by the person: the coach sends a link, the person
answers two questions once, and the answer becomes the enrolment's result, marked as
theirs (`clients.follow_ups.result_record`, the one way a result is recorded).

The link works once and for `OPEN_DAYS`; a newer link replaces an older one. The consent to
be contacted for the follow-up is checked when the link is sent and again when it is
answered: withdrawn in between, the answer is refused and the person is told why.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.clients import consents, follow_ups
from osmari.clients.choices import ConsentPurpose, FollowUpSource, TriState
from osmari.clients.models import Client, Enrolment
from osmari.clients.spells import add_months
from osmari.clients.work import FOLLOW_UP_MONTHS
from osmari.core.audit import disclosure_recorded, recipient_ref
from osmari.feedback.models import FollowUpLink, FormLanguage
from osmari.feedback.tokens import new_token, token_hash

OPEN_DAYS = 14
# The form languages of the person's preferred language; any other reads the Finnish form,
# which offers the others.
FORM_LANGUAGES = {"fi": "fi", "fi_plain": "fi_plain", "sv": "sv", "en": "en"}
# The mail's language: plain Finnish reads the Finnish mail.
MAIL_LANGUAGES = {"fi": "fi", "fi_plain": "fi", "sv": "sv", "en": "en"}


class LinkClosed(ValidationError):
    """The link was used or has expired, or the consent behind it was withdrawn; `reason`
    says which."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason, code=reason)


def answer_url(token: str) -> str:
    return (
        f"{settings.OSMARI_BASE_URL.rstrip('/')}"
        f"{reverse('feedback:six_month_answer', args=[token])}"
    )


def _due(enrolment: Enrolment | None, today: date) -> Enrolment:
    if enrolment is None or enrolment.left_on is None:
        raise ValidationError(_("The person has not left the programme."))
    if add_months(enrolment.left_on, FOLLOW_UP_MONTHS) > today:
        raise ValidationError(_("The six-month follow-up is not due yet."))
    if follow_ups.has_result(enrolment):
        raise ValidationError(follow_ups.already_recorded())
    return enrolment


@transaction.atomic
def link_send(*, actor: User, client: Client, today: date) -> FollowUpLink:
    """Mail the person a link to answer their follow-up; an earlier open link stops working.
    The mail names nobody and nothing about the service: the questions are behind the link.
    Sent once the link is saved; a failing mail server does not undo it."""
    enrolment = _due(follow_ups.enrolment_of(client), today)
    if not consents.has_consent(client, ConsentPurpose.FOLLOW_UP):
        raise ValidationError(consents.follow_up_refused())
    if not client.email:
        raise ValidationError(_("The person has no e-mail address. Call them instead."))
    FollowUpLink.objects.filter(
        client=client, answered_at__isnull=True, expires_on__gte=today
    ).update(expires_on=today - timedelta(days=1))
    token, stored = new_token()
    language = FORM_LANGUAGES.get(client.preferred_language, FormLanguage.FINNISH)
    link = FollowUpLink.objects.create(
        area=client.area,
        client=client,
        token_hash=stored,
        language=language,
        expires_on=today + timedelta(days=OPEN_DAYS),
        sent_by=actor,
    )
    with translation.override(MAIL_LANGUAGES[language]):
        subject = _("How are you doing now?")
        body = _(
            "Hello,\n\nsix months ago you took part in our programme, and you agreed that we "
            "may ask how you are doing now. Two short questions, no login:\n\n%(url)s\n\n"
            "The link works once, until %(expires)s. Answering is voluntary.\n\nOsmari"
        ) % {"url": answer_url(token), "expires": f"{link.expires_on:%d.%m.%Y}"}
    transaction.on_commit(lambda: send_mail(subject, body, None, [client.email]), robust=True)
    disclosure_recorded(
        actor=actor,
        action="enrolment.follow_up_link",
        recipient=recipient_ref(client),
        obj=enrolment.client,
        area=client.area,
        person_ref=client.person_ref,
        changes={"expires_on": [None, link.expires_on.isoformat()]},
    )
    return link


def link_by_token(token: str) -> FollowUpLink | None:
    return (
        FollowUpLink.objects.select_related("client").filter(token_hash=token_hash(token)).first()
    )


def check_open(link: FollowUpLink, today: date) -> None:
    if link.answered_at is not None:
        raise LinkClosed("answered")
    if link.expires_on < today:
        raise LinkClosed("expired")
    if not consents.has_consent(link.client, ConsentPurpose.FOLLOW_UP):
        raise LinkClosed("withdrawn")


ANSWERS = {"yes": TriState.YES, "no": TriState.NO, "unknown": TriState.UNKNOWN}


@transaction.atomic
def link_answer(*, token: str, working: str, better: str, today: date) -> str:
    """Record the person's answer as the enrolment's result, once: "thanks". A result
    recorded meanwhile (from the extract or a call) stands and the link is closed all the
    same: "already"."""
    errors = {}
    if working not in ("yes", "no"):
        errors["working"] = _("Choose yes or no.")
    if better not in ANSWERS:
        errors["better"] = _("Choose one.")
    if errors:
        raise ValidationError(errors)
    link = (
        FollowUpLink.objects.select_for_update(of=("self",))
        .select_related("client")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None:
        raise LinkClosed("unknown")
    check_open(link, today)
    enrolment = follow_ups.enrolment_of(link.client)
    link.answered_at = timezone.now()
    link.save(update_fields=["answered_at"])
    if enrolment is None or follow_ups.has_result(enrolment):
        return "already"
    follow_ups.result_record(
        actor=None,
        enrolment=enrolment,
        employed=ANSWERS[working],
        improved=ANSWERS[better],
        source=FollowUpSource.PERSON,
        on=today,
    )
    return "thanks"
