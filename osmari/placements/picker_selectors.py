"""The position picker of a new period: the area's places found by title, organisation or
municipality, each with its free places."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from osmari.employers.models import Position
from osmari.placements.models import HOLDING_STATUSES, Placement

# Enough to choose from on a phone; a longer list asks for a narrower search.
SHOWN = 20


@dataclass(frozen=True)
class PositionChoice:
    position: Position
    free: int

    @property
    def capacity(self) -> int:
        return self.position.capacity


@dataclass(frozen=True)
class Found:
    choices: list[PositionChoice]
    total: int
    query: str

    @property
    def more(self) -> bool:
        return self.total > len(self.choices)


def with_free_places(positions: QuerySet[Position], today: date) -> QuerySet[Position]:
    """Each place with `taken`: its planned and running periods not yet over, as the
    matching counts them, so that both pages give the same number of free places."""
    taken = (
        Placement.objects.filter(
            position=OuterRef("pk"), status__in=HOLDING_STATUSES, end_on__gte=today
        )
        .order_by()
        .values("position")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return positions.annotate(taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0))


def _matching(positions: QuerySet[Position], query: str) -> QuerySet[Position]:
    for word in query.split()[:5]:
        positions = positions.filter(
            Q(title__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(municipality__name_fi__icontains=word)
            | Q(municipality__name_sv__icontains=word)
        )
    return positions


def positions_found(
    positions: QuerySet[Position], *, query: str, today: date, selected: int | None = None
) -> Found:
    """The places among `positions` (those the coach may place in) matching every word of
    the query; the one already chosen stays first, so that a new search never loses it."""
    query = " ".join(query.split())[:100]
    found = with_free_places(_matching(positions, query), today).select_related(
        "organisation", "municipality"
    )
    total = found.count()
    shown = list(found.order_by("organisation__name", "title", "pk")[:SHOWN])
    if selected is not None and selected not in {p.pk for p in shown}:
        chosen = with_free_places(positions.filter(pk=selected), today).select_related(
            "organisation", "municipality"
        )
        shown = [*chosen, *shown]
    return Found(
        choices=[PositionChoice(p, max(p.capacity - p.taken, 0)) for p in shown],
        total=total,
        query=query,
    )
