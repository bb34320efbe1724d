"""The indicator facts: each enrolment's verdicts written by the registry's own rules, and the
indicators counted from them in the database.

Counting person by person (`indicators.compute`) reads every enrolment of the period with its
client and spells on each request; at the scale of the whole country that is far slower than
the database counting stored verdicts. The registry stays the one definition: a fact is only
its rules applied to the same `indicators.Participant` the person-by-person path builds, and
a test holds the two paths to the same numbers.

How the facts stay current:
- a save of a client, an enrolment or a status spell (every service does one) rewrites the
  person's fact in the same transaction (`connect`);
- writes that bypass `save()` (`bulk_create`, a queryset's `update`) are caught before each
  count by `facts_sweep`: an enrolment without a fact, a client saved or an unemployment
  spell created after the fact was computed;
- what neither sees (a queryset `update` of an enrolment, which has no update time, or of a
  classification's ESF+ bucket) is rewritten by the daily `facts_refresh` of every area, and
  by the `indicators` and `refresh_indicator_facts` commands, which refresh before counting.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from osmari.clients.models import Client, Enrolment, StatusSpell
from osmari.clients.services import ENROLMENT_FIELDS
from osmari.clients.spells import Spell
from osmari.reporting import indicators
from osmari.reporting.fact_models import VERDICT_COLUMNS, IndicatorFact

# The enrolment's ESF+ data, without the EURA bookkeeping the indicators do not read.
INDICATOR_FIELDS = [name for name in ENROLMENT_FIELDS if not name.startswith("eura_")]
# The participant indicators that are counted: each has its verdict column.
VERDICT_CODES = tuple(
    i.code for i in indicators.REGISTRY if i.collected and i.population != "entities"
)
GENDER_KEY = indicators._GENDER_KEY
# A client's fields that a verdict, or the fact's place in an area, reads.
CLIENT_FIELDS = frozenset(
    {
        "area",
        "area_id",
        "gender",
        "birth_date",
        "municipality",
        "municipality_id",
        "education_level",
        "education_level_id",
    }
)
# Above this many stale people a sweep refreshes by subquery rather than by a list of keys.
SWEEP_LIST_AT_MOST = 500
BATCH = 1000

_state = threading.local()


# ---------------------------------------------------------------- the records


def _participant_rows(
    enrolments: QuerySet[Enrolment],
) -> list[tuple[int, int, indicators.Participant]]:
    """(enrolment, area, participant) of each enrolment: two queries whatever the number of
    people, the enrolments with their client's fields and the unemployment spells."""
    rows = list(
        enrolments.values(
            "pk",
            "client_id",
            "client__area_id",
            "client__gender",
            "client__birth_date",
            "client__education_level__esf_bucket",
            "client__municipality_id",
            *INDICATOR_FIELDS,
        )
    )
    spells: dict[int, list[Spell]] = defaultdict(list)
    if rows:
        for client_id, start_on, end_on in StatusSpell.objects.filter(
            client__enrolment__in=enrolments, status="unemployed"
        ).values_list("client_id", "start_on", "end_on"):
            spells[client_id].append(Spell("unemployed", start_on, end_on))
    return [
        (
            row["pk"],
            row["client__area_id"],
            indicators.Participant(
                ref=row["client_id"],
                gender=row["client__gender"],
                birth_date=row["client__birth_date"],
                spells=tuple(spells.get(row["client_id"], ())),
                education_bucket=row["client__education_level__esf_bucket"] or "unknown",
                municipality=row["client__municipality_id"],
                **{name: row[name] for name in INDICATOR_FIELDS},
            ),
        )
        for row in rows
    ]


def participants(enrolments: QuerySet[Enrolment]) -> list[indicators.Participant]:
    """The enrolments as the registry reads them."""
    return [participant for _pk, _area, participant in _participant_rows(enrolments)]


def fact_of(
    enrolment_id: int, area_id: int, p: indicators.Participant, now: datetime
) -> IndicatorFact:
    """The fact of one enrolment: the registry's verdict of each participant indicator."""
    verdicts = {code.lower(): _rule(code)(p) for code in VERDICT_CODES}
    return IndicatorFact(
        enrolment_id=enrolment_id,
        ref=p.ref,
        area_id=area_id,
        municipality_id=p.municipality,
        gender=GENDER_KEY.get(p.gender, ""),
        entered_on=p.entered_on,
        left_on=p.left_on,
        followed_up=p.follow_up_on is not None,
        computed_at=now,
        **verdicts,
    )


def _rule(code: str) -> indicators.Rule:
    rule = indicators.BY_CODE[code].rule
    assert rule is not None
    return rule


# ---------------------------------------------------------------- keeping them current


def _refresh(enrolments: QuerySet[Enrolment]) -> int:
    now = timezone.now()
    facts = [fact_of(pk, area_id, p, now) for pk, area_id, p in _participant_rows(enrolments)]
    with transaction.atomic():
        IndicatorFact.objects.bulk_create(
            facts,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["enrolment"],
            update_fields=[
                "ref",
                "area",
                "municipality",
                "gender",
                "entered_on",
                "left_on",
                "followed_up",
                *VERDICT_COLUMNS,
                "computed_at",
            ],
        )
    return len(facts)


def facts_refresh(*, area_id: int | None = None, client_ids: Iterable[int] | None = None) -> int:
    """Rewrite the facts of the area's (or everyone's, or these clients') enrolments from the
    records, set-based; the number of facts written. A fact whose enrolment is gone went
    with it."""
    enrolments = Enrolment.objects.all()
    if area_id is not None:
        enrolments = enrolments.filter(client__area_id=area_id)
    if client_ids is not None:
        enrolments = enrolments.filter(client_id__in=list(client_ids))
    return _refresh(enrolments)


def stale(area_id: int | None = None) -> QuerySet[Enrolment]:
    """The enrolments whose fact is missing or older than a write to its sources that did
    not pass through `save()` of a fact's source with the facts connected."""
    newer_spell = StatusSpell.objects.filter(
        client_id=OuterRef("client_id"),
        status="unemployed",
        created_at__gt=OuterRef("indicator_fact__computed_at"),
    )
    enrolments = Enrolment.objects.filter(
        Q(indicator_fact__isnull=True)
        | Q(client__updated_at__gt=F("indicator_fact__computed_at"))
        | Exists(newer_spell)
    )
    if area_id is not None:
        enrolments = enrolments.filter(client__area_id=area_id)
    return enrolments


def facts_sweep(*, area_id: int | None = None) -> int:
    """Rewrite the stale facts of the area (or everywhere); one query when none is stale."""
    found = stale(area_id)
    first = list(found.values_list("pk", flat=True)[: SWEEP_LIST_AT_MOST + 1])
    if not first:
        return 0
    if len(first) <= SWEEP_LIST_AT_MOST:
        return _refresh(Enrolment.objects.filter(pk__in=first))
    # A bulk load: read by the staleness itself, which is evaluated before any fact is written.
    return _refresh(found)


@contextmanager
def paused() -> Iterator[None]:
    """Saves inside do not rewrite facts: for a bulk job that refreshes them all at its end."""
    _state.paused = getattr(_state, "paused", 0) + 1
    try:
        yield
    finally:
        _state.paused -= 1


def _is_paused() -> bool:
    return bool(getattr(_state, "paused", 0))


def _client_saved(
    sender: Any,
    instance: Client,
    created: bool,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    if raw or created or _is_paused():
        return  # a new client has no enrolment yet
    if update_fields is not None and not CLIENT_FIELDS & set(update_fields):
        return
    facts_refresh(client_ids=[instance.pk])


def _enrolment_saved(sender: Any, instance: Enrolment, raw: bool = False, **kwargs: Any) -> None:
    if not raw and not _is_paused():
        facts_refresh(client_ids=[instance.client_id])


def _spell_saved(sender: Any, instance: StatusSpell, raw: bool = False, **kwargs: Any) -> None:
    if not raw and not _is_paused():
        facts_refresh(client_ids=[instance.client_id])


def _spell_deleted(sender: Any, instance: StatusSpell, origin: Any = None, **kwargs: Any) -> None:
    # When the client itself is removed its enrolment and fact go too: nothing to rewrite,
    # and a fact written now would name an enrolment about to be removed.
    if _is_paused() or getattr(origin, "model", type(origin)) is not StatusSpell:
        return
    facts_refresh(client_ids=[instance.client_id])


def connect() -> None:
    """Rewrite a person's fact whenever their client, enrolment or spells are saved."""
    post_save.connect(_client_saved, sender=Client, dispatch_uid="indicator_fact_client")
    post_save.connect(_enrolment_saved, sender=Enrolment, dispatch_uid="indicator_fact_enrolment")
    post_save.connect(_spell_saved, sender=StatusSpell, dispatch_uid="indicator_fact_spell")
    post_delete.connect(
        _spell_deleted, sender=StatusSpell, dispatch_uid="indicator_fact_spell_gone"
    )


# ---------------------------------------------------------------- counting


def _populations(start: date, end: date) -> dict[str, Q]:
    left = Q(left_on__range=(start, end))
    return {
        "entered": Q(entered_on__range=(start, end)),
        "left": left,
        "followed_up": left & Q(followed_up=True),
    }


class FactResult(indicators.Result):
    """A result counted from the facts: its lists of people are read only when asked for."""

    def __init__(self, *args: Any, refs: Callable[[str], list[int]], **kwargs: Any) -> None:
        self._refs = refs
        self._lists: dict[str, list[int]] = {}
        super().__init__(*args, **kwargs)

    def _list(self, which: str) -> list[int]:
        if which not in self._lists:
            self._lists[which] = self._refs(which)
        return self._lists[which]

    @property  # type: ignore[override]
    def counted(self) -> list[int]:
        return self._list("counted")

    @counted.setter
    def counted(self, value: list[int]) -> None:
        if value:
            self._lists["counted"] = value

    @property  # type: ignore[override]
    def missing_refs(self) -> list[int]:
        return self._list("missing")

    @missing_refs.setter
    def missing_refs(self, value: list[int]) -> None:
        if value:
            self._lists["missing"] = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, indicators.Result):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self))

    __hash__ = None  # type: ignore[assignment]


def _ref_reader(
    scope: QuerySet[IndicatorFact], population: Q, column: str, gaps: bool
) -> Callable[[str], list[int]]:
    members = scope.filter(population).order_by("ref")

    def read(which: str) -> list[int]:
        if which == "counted":
            return list(members.filter(**{column: True}).values_list("ref", flat=True))
        missing = list(members.filter(**{f"{column}__isnull": True}).values_list("ref", flat=True))
        if gaps:
            missing += members.filter(gender="").values_list("ref", flat=True)
        return missing

    return read


def participant_results(
    *, area_id: int | None, start: date, end: date
) -> dict[str, indicators.Result]:
    """Every participant indicator of the registry for the period, counted from the facts in
    one grouped query (by gender group); the not-collected ones answer so."""
    populations = _populations(start, end)
    scope = IndicatorFact.objects.all()
    if area_id is not None:
        scope = scope.filter(area_id=area_id)
    counts: dict[str, Any] = {
        f"n_{name}": Count("pk", filter=condition) for name, condition in populations.items()
    }
    for code in VERDICT_CODES:
        column, condition = code.lower(), populations[indicators.BY_CODE[code].population]
        counts[f"{column}_yes"] = Count("pk", filter=condition & Q(**{column: True}))
        counts[f"{column}_none"] = Count("pk", filter=condition & Q(**{f"{column}__isnull": True}))
    by_gender = {
        row["gender"]: row
        for row in scope.filter(populations["entered"] | populations["left"])
        .values("gender")
        .annotate(**counts)
        .order_by()
    }

    def total(key: str, gender: str | None = None) -> int:
        if gender is not None:
            return by_gender[gender][key] if gender in by_gender else 0
        return sum(row[key] for row in by_gender.values())

    results: dict[str, indicators.Result] = {}
    for indicator in indicators.REGISTRY:
        if indicator.population == "entities":
            continue
        if not indicator.collected:
            results[indicator.code] = indicators.Result(indicator.code, collected=False)
            continue
        column, members = indicator.code.lower(), f"n_{indicator.population}"
        missing = total(f"{column}_none")
        if indicator.gender_gap_is_missing:
            missing += total(members, "")
        results[indicator.code] = FactResult(
            indicator.code,
            total=total(f"{column}_yes"),
            women=total(f"{column}_yes", "women"),
            men=total(f"{column}_yes", "men"),
            non_binary=total(f"{column}_yes", "non_binary"),
            missing=missing,
            population=total(members),
            refs=_ref_reader(
                scope,
                populations[indicator.population],
                column,
                indicator.gender_gap_is_missing,
            ),
        )
    return results
