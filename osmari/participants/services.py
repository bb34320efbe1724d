"""The participant view's writes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.accounts.participant_session import participant_session_begin
from osmari.clients.choices import EuraStatus
from osmari.clients.consents import consent_give, consent_withdraw
from osmari.clients.models import Client, Consent, ConsentText, Enrolment, PlanStep
from osmari.core.audit import audit_record
from osmari.participants.language import preferred_after_choice, ui_language
from osmari.participants.models import MessageKind, MessageToCoach


def participant_sign_in(
    request: HttpRequest, *, client: Client, method: str, **details: Any
) -> None:
    """Start the client's own session in this browser, with its audit event in the same
    transaction: the method (and the broker, for strong identification), never the proof."""
    with transaction.atomic():
        audit_record(
            actor=None,
            action="participant.sign_in",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes={"method": method, **details},
        )
        participant_session_begin(
            request, client_id=client.pk, area_id=client.area_id, method=method
        )
    # The participant's own language from the first page on: the sign-in view sets it as the
    # language cookie (`language_views.sign_in_language`).
    language = ui_language(client.preferred_language)
    request.participant_language = language  # type: ignore[attr-defined]


def own_language_choose(*, client: Client, language: str) -> Client:
    """The participant chose the language of their pages: kept as the client's preferred
    language, recorded as their own change (no staff account)."""
    with transaction.atomic():
        # Only this one field, from the row as it is now: a coach's change to the record
        # made meanwhile stays.
        client = Client.objects.select_for_update().get(pk=client.pk)
        before = client.preferred_language
        preferred = preferred_after_choice(before, language)
        if preferred == before:
            return client
        client.preferred_language = preferred
        client.save(update_fields=["preferred_language", "updated_at"])
        audit_record(
            actor=None,
            action="client.update",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes={"preferred_language": [before, preferred], "by": [None, "participant"]},
        )
    return client


def own_consent_withdraw(*, consent: Consent) -> Consent:
    """The participant withdraws their own consent: at once, recorded as theirs (no staff
    account), with what else ends with it (`clients.consents` hooks)."""
    return consent_withdraw(actor=None, consent=consent)


def own_consent_give(*, client: Client, purpose: str, shown: ConsentText) -> Consent:
    """The participant gives a consent on their own pages, to the wording they were shown
    (refused if it changed in between). A consent already in force is not given twice."""
    with transaction.atomic():
        held = Consent.objects.filter(client=client, purpose=purpose, withdrawn_at__isnull=True)
        existing = held.first()
        if existing is not None:
            return existing
        return consent_give(actor=None, client=client, purpose=purpose, shown=shown)


# Long enough for a few paragraphs; a message is read by a coach, not filed.
MESSAGE_MAX_LENGTH = 2000
# Written messages a day: enough for anyone with something to say, and a coach's work list
# is not flooded from one session.
MESSAGES_A_DAY = 10


def message_send(
    *, client: Client, kind: str, text: str = "", step: PlanStep | None = None
) -> MessageToCoach:
    """A message from the participant to their coach's work list. The log says that one
    was sent and of what kind; what it says stays in the message, which the coach reads."""
    text = text.strip()
    if kind in (MessageKind.NOTE, MessageKind.CORRECTION) and not text:
        raise ValidationError({"text": _("Write your message first.")})
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("The message is too long. Write at most %(limit)s characters.")
                % {"limit": MESSAGE_MAX_LENGTH}
            }
        )
    written = (MessageKind.NOTE, MessageKind.CORRECTION)
    if kind in written:
        today = MessageToCoach.objects.filter(
            client=client, kind__in=written, sent_at__gte=timezone.now() - timedelta(days=1)
        )
        if today.count() >= MESSAGES_A_DAY:
            raise ValidationError(
                {
                    "text": _(
                        "You have sent many messages today. Your coach reads them. "
                        "You can write again tomorrow."
                    )
                }
            )
    with transaction.atomic():
        message = MessageToCoach.objects.create(
            area=client.area, client=client, kind=kind, text=text, step=step
        )
        audit_record(
            actor=None,
            action="participant.message",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes={"kind": [None, kind], "by": [None, "participant"]},
        )
    return message


def own_step_done(*, client: Client, step: PlanStep, today: date) -> PlanStep:
    """The participant marks a step of their own plan done; their coach is told."""
    with transaction.atomic():
        step = PlanStep.objects.select_for_update().get(pk=step.pk, plan__client=client)
        if step.done_on is not None:
            return step
        step.done_on = today
        step.save(update_fields=["done_on"])
        audit_record(
            actor=None,
            action="plan.step_edit",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes={
                "plan": [step.plan.kind, step.plan.kind],
                "done_on": [None, str(today)],
                "by": [None, "participant"],
            },
        )
        message_send(client=client, kind=MessageKind.STEP_DONE, step=step)
    return step


# The EURA 2021 forms a participant fills in themself: the field that records each.
EURA_FORMS = {"start": "eura_entry", "end": "eura_exit"}


def own_eura_form_done(*, client: Client, form: str) -> Enrolment:
    """The participant tells their coach that they filled in their EURA 2021 start or end
    form. Osmari does not see EURA; the coach's list stops asking for it, and the coach is
    told so that they can check it in EURA."""
    field = EURA_FORMS[form]
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(client=client)
        if form == "end" and enrolment.left_on is None:
            raise ValidationError(_("The end form is filled in only after the programme ends."))
        before = getattr(enrolment, field)
        if before != EuraStatus.NOT_YET:
            return enrolment
        setattr(enrolment, field, EuraStatus.DONE)
        enrolment.save(update_fields=[field])
        audit_record(
            actor=None,
            action="enrolment.save",
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes={field: [before, EuraStatus.DONE.value], "by": [None, "participant"]},
        )
        message_send(client=client, kind=MessageKind.EURA_DONE, text=form)
    return enrolment


def message_handled(*, actor: User, message: MessageToCoach, note: str = "") -> MessageToCoach:
    """The coach has dealt with a participant's message; it leaves the work list."""
    with transaction.atomic():
        message = MessageToCoach.objects.select_for_update().get(pk=message.pk)
        if message.handled_at is not None:
            return message
        message.handled_at = timezone.now()
        message.handled_by = actor
        message.handled_note = note.strip()[:500]
        message.save(update_fields=["handled_at", "handled_by", "handled_note"])
        audit_record(
            actor=actor,
            action="participant.message_handled",
            obj=message.client,
            area=message.area,
            person_ref=message.client.person_ref,
            changes={"kind": [message.kind, message.kind]},
        )
    return message
