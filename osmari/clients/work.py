"""The client record's part of the day's work on the start pages (`osmari.accounts.work`):
what each item counts, and the reads of the lists its links lead to, so that both are the
same query."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.accounts.work import WorkItem
from osmari.clients.choices import ConsentPurpose
from osmari.clients.consents import consenting
from osmari.clients.follow_ups import FOLLOW_UP_MONTHS
from osmari.clients.models import Client, Enrolment, PlanStep
from osmari.clients.selectors import eura_pending_for_user
from osmari.clients.spells import add_months
from osmari.core.params import whole_number


def coach_chosen(value: object) -> int | None:
    """The coach a list is filtered to from its address (`?coach=<id>`), or None for all."""
    return whole_number(value)


def overdue_steps(today: date, areas=None) -> Exists:
    """The client has a plan step whose date has passed and that is not done; with `areas`,
    only steps of those areas' clients are read (see `screening.selectors`)."""
    steps = PlanStep.objects.filter(
        plan__client=OuterRef("pk"), done_on__isnull=True, due_on__lt=today
    )
    if areas is not None:
        steps = steps.filter(plan__client__area__in=areas)
    return Exists(steps)


def with_overdue_steps(clients: QuerySet[Client], today: date) -> QuerySet[Client]:
    """Clients still in service with an overdue plan step: those the worklist shows for
    the reason "a plan step is overdue"."""
    return clients.exclude(stage="ended").filter(overdue_steps(today))


def follow_ups_due_for_user(*, user, today: date, coach: int | None = None) -> QuerySet[Enrolment]:
    """Participants who left the programme six months ago or more, agreed to be contacted
    then, and whose six-month follow-up is not recorded: the funder's longer-term result is
    counted from it. Someone who did not agree, or withdrew, is not to be contacted."""
    clients = access.clients_for(user)
    if coach is not None:
        # Among the coach's clients, so that only their enrolments are looked up.
        clients = clients.filter(coach_id=coach)
    return (
        Enrolment.objects.filter(client__in=clients)
        .filter(client_id__in=consenting(ConsentPurpose.FOLLOW_UP))
        .filter(
            left_on__lte=add_months(today, -FOLLOW_UP_MONTHS),
            follow_up_on__isnull=True,
            follow_up_source="",
        )
        .select_related("client", "client__coach")
        .order_by("left_on", "pk")
    )


def _coach_url(name: str, **query: str):
    def url(coach_id: int | None) -> str:
        return f"{reverse(name)}?{urlencode({**query, 'coach': coach_id or ''})}"

    return url


ITEMS = [
    WorkItem(
        "esf_data_to_enter",
        _("ESF+ start or exit data still to enter in EURA 2021"),
        lambda user: eura_pending_for_user(user=user),
        "client__coach",
        _coach_url("clients:eura_pending"),
        own=lambda user: eura_pending_for_user(user=user, coach=user.pk),
    ),
    WorkItem(
        "overdue_plan_steps",
        _("People with an overdue plan step"),
        lambda user: with_overdue_steps(
            access.clients_for(user, "screening.worklist"), timezone.localdate()
        ),
        "coach",
        _coach_url("screening:worklist", reason="overdue"),
    ),
    WorkItem(
        "follow_ups_due",
        _("Six-month follow-ups due (ESF+ longer-term result)"),
        lambda user: follow_ups_due_for_user(user=user, today=timezone.localdate()),
        "client__coach",
        _coach_url("clients:follow_ups_due"),
        own=lambda user: follow_ups_due_for_user(
            user=user, today=timezone.localdate(), coach=user.pk
        ),
    ),
]
