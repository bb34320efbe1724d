"""The check of records that should keep in step: which clients' records contradict
themselves, and why, in words.

`with_contradictions` finds them in the database, so that the start page counts them cheaply
and the page lists exactly those; `explained` says why for each, from the rules of
`osmari.placements.in_step`. The two express the same rules (a test holds them together).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.accounts import access
from osmari.accounts.work import WorkItem
from osmari.clients.models import Client, Enrolment, ServiceStage, StatusSpell
from osmari.placements import in_step
from osmari.placements.models import Placement, PlacementStatus

STARTED = (PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.INTERRUPTED)


def with_contradictions(clients: QuerySet[Client]) -> QuerySet[Client]:
    """The clients among `clients` whose records hold a contradiction of `in_step`.

    Every contradiction but one is found from a period, so those are read from the periods
    of `clients` once, rather than probed four times for each client of a caseload of which
    few have a period; only a client placed without a period under way is probed, and only
    the placed ones are."""
    running = Placement.objects.filter(client=OuterRef("pk"), status=PlacementStatus.ACTIVE)
    status_for_period = StatusSpell.objects.filter(
        client=OuterRef("client"), status=OuterRef("kind"), start_on__lte=OuterRef("last")
    ).filter(Q(end_on__isnull=True) | Q(end_on__gte=OuterRef("start_on")))
    # Read for each of the few periods found rather than joined to every client.
    enrolment = Enrolment.objects.filter(client=OuterRef("client"))
    placed = Client.objects.filter(pk=OuterRef("client"), stage=ServiceStage.PLACED)
    contradicting_periods = (
        Placement.objects.filter(client__in=clients.values("pk"))
        .exclude(status=PlacementStatus.CANCELLED)
        .annotate(
            last=Coalesce("ended_on", "end_on"),
            entered=Subquery(enrolment.values("entered_on")),
            left=Subquery(enrolment.values("left_on")),
        )
        .filter(
            (Q(status=PlacementStatus.ACTIVE) & ~Exists(placed))
            | Q(start_on__lt=F("entered"), last__gte=F("entered"))
            | Q(last__gt=F("left"))
            | (Q(status__in=STARTED) & ~Exists(status_for_period))
        )
    )
    return clients.filter(
        (Q(stage=ServiceStage.PLACED) & ~Exists(running))
        | Q(pk__in=contradicting_periods.values("client_id"))
    )


def prefetched(clients: QuerySet[Client]) -> QuerySet[Client]:
    """What `explained` reads, in a fixed number of queries for any number of clients."""
    return clients.select_related("coach", "enrolment").prefetch_related(
        Prefetch(
            "placements",
            queryset=Placement.objects.exclude(status=PlacementStatus.CANCELLED).select_related(
                "organisation"
            ),
        ),
        "spells",
    )


def _period(placement: Placement) -> in_step.Period:
    return in_step.Period(
        pk=placement.pk,
        kind=placement.kind,
        status=placement.status,
        start=placement.start_on,
        end=placement.end_on,
        ended_on=placement.ended_on,
    )


def _enrolment(client: Client) -> Enrolment | None:
    try:
        return client.enrolment
    except Enrolment.DoesNotExist:
        return None


def record_of(client: Client) -> in_step.Record:
    enrolment = _enrolment(client)
    return in_step.Record(
        stage=client.stage,
        entered_on=enrolment.entered_on if enrolment else None,
        left_on=enrolment.left_on if enrolment else None,
        periods=tuple(_period(p) for p in client.placements.all()),
        spells=tuple(
            in_step.StatusPeriod(s.status, s.start_on, s.end_on) for s in client.spells.all()
        ),
    )


def _day(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def reason(
    found: in_step.Contradiction,
    *,
    stage: str,
    entered_on: date | None,
    left_on: date | None,
    placements: dict[int, Placement],
) -> str:
    """One contradiction in a sentence the coach can act on."""
    placement = placements.get(found.period.pk) if found.period else None
    values: dict[str, Any] = {
        "stage": ServiceStage(stage).label if stage in ServiceStage.values else stage,
        "period": str(placement) if placement else "",
        "organisation": placement.organisation.name if placement else "",
        "entered": _day(entered_on),
        "left": _day(left_on),
    }
    if found.code == in_step.STAGE_NOT_PLACED:
        text = _(
            "The period at %(organisation)s (%(period)s) is under way, but the service "
            "stage is “%(stage)s”."
        )
    elif found.code == in_step.PLACED_WITHOUT_PERIOD:
        text = _("The service stage is “%(stage)s”, but no period is under way.")
    elif found.code == in_step.ENTRY_AFTER_PERIOD_START:
        text = _(
            "The ESF+ entry date %(entered)s is after the start of the period at "
            "%(organisation)s (%(period)s)."
        )
    elif found.code == in_step.EXIT_BEFORE_PERIOD_END:
        text = _(
            "The ESF+ exit date %(left)s is before the end of the period at "
            "%(organisation)s (%(period)s)."
        )
    else:
        text = _(
            "The labour-market status periods have no period of this kind for the period "
            "at %(organisation)s (%(period)s)."
        )
    return text % values


def explained(client: Client) -> list[str]:
    """Every contradiction in the client's record, in words; the client is `prefetched`."""
    record = record_of(client)
    placements = {p.pk: p for p in client.placements.all()}
    return [
        reason(
            found,
            stage=record.stage,
            entered_on=record.entered_on,
            left_on=record.left_on,
            placements=placements,
        )
        for found in in_step.contradictions(record)
    ]


def explained_for(client: Client) -> list[str]:
    """The contradictions in one client's record, for the client's page."""
    return explained(prefetched(Client.objects.filter(pk=client.pk)).get())


def enrolment_refusals(client: Client, fields: dict[str, Any]) -> dict[str, str]:
    """The ESF+ dates about to be saved that a period contradicts, by field, in words:
    the enrolment service refuses them (registered in this app's ready())."""
    entered_on, left_on = fields.get("entered_on"), fields.get("left_on")
    placements = {
        p.pk: p
        for p in Placement.objects.filter(client=client)
        .exclude(status=PlacementStatus.CANCELLED)
        .select_related("organisation")
    }
    conflicts = in_step.enrolment_conflicts(
        entered_on, left_on, [_period(p) for p in placements.values()]
    )
    refusals: dict[str, str] = {}
    for found in conflicts:
        field = "entered_on" if found.code == in_step.ENTRY_AFTER_PERIOD_START else "left_on"
        refusals.setdefault(
            field,
            reason(
                found,
                stage=client.stage,
                entered_on=entered_on,
                left_on=left_on,
                placements=placements,
            ),
        )
    return refusals


def clients_to_check(*, user, coach: int | None = None) -> QuerySet[Client]:
    """The clients the user may see whose records contradict themselves; one coach's with
    `coach`."""
    clients = access.clients_for(user)
    if coach is not None:
        # Before the check, so that it reads only this coach's periods.
        clients = clients.filter(coach_id=coach)
    return with_contradictions(clients).order_by("last_name", "first_name", "pk")


def explained_all(clients: Iterable[Client]) -> list[tuple[Client, list[str]]]:
    return [(client, explained(client)) for client in clients]


def _page_url(coach_id: int | None) -> str:
    return f"{reverse('placements:records_check')}?coach={coach_id or ''}"


WORK_ITEM = WorkItem(
    "records_contradicting",
    gettext_lazy("Contradictions in your clients' records"),
    lambda user: clients_to_check(user=user),
    "coach",
    _page_url,
    own=lambda user: clients_to_check(user=user, coach=user.pk),
)
