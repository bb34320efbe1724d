"""E-mail notices of a period: when it is planned, changed or ends, the participant, the host
organisation's contacts and the workplace instructor learn that there is something new in
Osmari, each in their own language; and when a person is proposed to a place, its
organisation's contacts.

A notice says nothing else: no name, date, organisation or place. E-mail is not a safe
channel for personal data, and a message forwarded or read over a shoulder then tells
nobody anything. The details are behind the link, after logging in, or with the coach.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.clients.models import Client
from osmari.core.audit import disclosure_recorded, recipient_ref
from osmari.employers.models import OrganisationMembership
from osmari.placements.models import Placement, PlacementStatus, Proposal

PLANNED, CHANGED, ENDED = "planned", "changed", "ended"
EVENTS = (PLANNED, CHANGED, ENDED)
# The languages a notice is written in; a participant's plain Finnish reads the Finnish one,
# and any other language the English one.
LANGUAGES = {"fi": "fi", "fi_plain": "fi", "sv": "sv", "en": "en"}


@dataclass(frozen=True)
class Addressee:
    email: str
    language: str
    link: str
    # The record the audit log names as the recipient (a user, a contact or the client).
    record: object
    participant: bool = False


_held_back: ContextVar[bool] = ContextVar("notices_held_back", default=False)


@contextmanager
def held_back() -> Iterator[None]:
    """No notices for periods made in bulk, such as the demo's synthetic people, whose
    addresses lead nowhere."""
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def _absolute(path: str) -> str:
    return settings.OSMARI_BASE_URL.rstrip("/") + path


def addressees(placement: Placement) -> list[Addressee]:
    """Who is told: the participant if they have an e-mail address, the organisation's
    contacts with an account, and the instructor; each address once."""
    # A cancelled period leaves the host's page; its list is where the news shows.
    host_link = _absolute(
        reverse("placements:host_list")
        if placement.status == PlacementStatus.CANCELLED
        else reverse("placements:host_detail", args=[placement.pk])
    )
    found: list[Addressee] = []
    client = placement.client
    if client.email:
        found.append(
            Addressee(
                email=client.email,
                language=LANGUAGES.get(client.preferred_language, "en"),
                link=_absolute("/"),
                record=client,
                participant=True,
            )
        )
    found.extend(_contacts(placement.organisation_id, host_link))
    instructor = placement.instructor
    if instructor is not None and instructor.email:
        # An instructor with an account reads in the language they chose; one without it in
        # the area's language.
        account = User.objects.filter(email__iexact=instructor.email, is_active=True).first()
        language = LANGUAGES.get(account.preferred_language, "fi") if account else "fi"
        found.append(Addressee(instructor.email, language, host_link, account or instructor))
    unique: dict[str, Addressee] = {}
    for addressee in found:
        unique.setdefault(addressee.email.lower(), addressee)
    return list(unique.values())


def _contacts(organisation_id: int, link: str) -> list[Addressee]:
    """The organisation's contact persons with an account, each in their own language."""
    contacts = User.objects.filter(
        is_active=True,
        pk__in=OrganisationMembership.objects.filter(organisation_id=organisation_id).values(
            "user_id"
        ),
    ).order_by("pk")
    return [
        Addressee(user.email, LANGUAGES.get(user.preferred_language, "fi"), link, user)
        for user in contacts
    ]


def notice_text(addressee: Addressee) -> tuple[str, str]:
    """The subject and body, in the addressee's language: that something is new, and where."""
    with translation.override(addressee.language):
        subject = _("Something new in Osmari")
        if addressee.participant:
            body = _(
                "Hello,\n\nthere is something new about your service in Osmari. Your coach "
                "will tell you more, or you can ask them.\n\n%(link)s\n\nThis message is sent "
                "automatically and holds no details. Osmari"
            )
        else:
            body = _(
                "Hello,\n\nthere is something new for you in Osmari. Log in to see it:"
                "\n\n%(link)s\n\nThis message is sent automatically and holds no details. "
                "Osmari"
            )
    return subject, body % {"link": addressee.link}


def period_notice(*, actor: User | None, placement: Placement, event: str) -> int:
    """Tell everyone concerned that the period has news; sent once the change is saved, so
    that a change rolled back mails nobody. Returns how many were told."""
    if event not in EVENTS:
        raise ValueError(f"Unknown notice {event!r}")
    if _held_back.get():
        return 0
    return _send(actor, addressees(placement), placement, placement.client, event)


def _send(
    actor: User | None, to: list[Addressee], obj: Placement | Proposal, client: Client, event: str
) -> int:
    """Each addressee's message once the change is saved, and one disclosure of them all."""
    if not to:
        return 0
    for addressee in to:
        subject, body = notice_text(addressee)
        # A mail server that fails after the save must not turn a saved change into an
        # error page (and a second submission), nor stop the other addressees' messages.
        transaction.on_commit(
            lambda s=subject, b=body, e=addressee.email: send_mail(s, b, None, [e]), robust=True
        )
    disclosure_recorded(
        actor=actor,
        action="placement.notice",
        recipient=recipient_ref(*(a.record for a in to)),
        obj=obj,
        area=obj.area,
        person_ref=client.person_ref,
        changes={"notice": [None, event], "recipients": [None, len(to)]},
    )
    return len(to)


def after_move(*, actor: User, placement: Placement, to_status: str, start_before: date) -> int:
    """A period that ends, is interrupted or cancelled is news; a start is, only when it
    moved the first day."""
    if to_status == PlacementStatus.ACTIVE:
        if placement.start_on == start_before:
            return 0
        return period_notice(actor=actor, placement=placement, event=CHANGED)
    return period_notice(actor=actor, placement=placement, event=ENDED)


def proposal_notice(*, actor: User, proposal: Proposal) -> int:
    """Tell the host organisation's contacts that a person has been proposed to one of their
    places: the same message with nothing in it, and the link to the proposal, which they
    answer after logging in. Returns how many were told."""
    if _held_back.get():
        return 0
    link = _absolute(reverse("placements:host_proposal", args=[proposal.pk]))
    return _send(
        actor, _contacts(proposal.organisation_id, link), proposal, proposal.client, "proposed"
    )
