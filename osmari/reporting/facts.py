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
- enrolments and unemployment spells added past `save()` (`bulk_create`: a load, the register
  extract's spells) are caught before each count by `facts_catch_up`, from the primary keys
  beyond the mark, which cost an index probe or two when there are none;
- a client's bulk update that sets its update time is caught by `facts_sweep`, every two
  minutes (`osmari.reporting.jobs`); `facts_checked_at` says when it last ran, and the pages
  show it;
- what no update time shows (a queryset `update` of an enrolment, or of a classification's
  ESF+ bucket) is rewritten by the daily `facts_refresh` of everyone, and by the `indicators`
  and `refresh_indicator_facts` commands, which rewrite before counting.
A key allocated by a transaction that commits after a later key was seen is left to the
sweep and the daily refresh.

The indicator months (`IndicatorMonth`) count the facts by area, month, population and gender
group, so that a period's whole months are summed from a few thousand rows rather than the
country's facts. Each rewrite of facts takes what the old facts counted out of their months
and adds the new in the same transaction; a fact removed is taken out as it goes. Two first
saves of the same person at the same moment could both add theirs; the daily refresh counts
the months anew from the facts, which mends that.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from osmari.accounts.middleware import request_sees_every_area
from osmari.clients.models import Client, Enrolment, StatusSpell
from osmari.clients.services import ENROLMENT_FIELDS
from osmari.clients.spells import Spell
from osmari.reporting import indicators, periods
from osmari.reporting.fact_models import (
    VERDICT_COLUMNS,
    IndicatorFact,
    IndicatorFactMark,
    IndicatorMonth,
)

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
    gender = GENDER_KEY.get(p.gender, "")
    followed_up = p.follow_up_on is not None
    return IndicatorFact(
        signature=signature(list(verdicts.values()), gender, followed_up),
        enrolment_id=enrolment_id,
        ref=p.ref,
        area_id=area_id,
        municipality_id=p.municipality,
        gender=gender,
        entered_on=p.entered_on,
        left_on=p.left_on,
        followed_up=followed_up,
        computed_at=now,
        **verdicts,
    )


# A verdict as a digit in base three, the gender group and the follow-up above them.
_DIGIT = {None: 0, True: 1, False: 2}
_VERDICT = (None, True, False)
_GROUPS = ("", "women", "men", "non_binary")
_GENDER_PLACE = 3 ** len(VERDICT_CODES)
_FOLLOW_UP_PLACE = _GENDER_PLACE * len(_GROUPS)


def signature(verdicts: list[bool | None], gender: str, followed_up: bool) -> int:
    """One number for a fact's verdicts (in the order of VERDICT_CODES), gender group and
    follow-up: the facts with the same one count the same in every indicator."""
    number = sum(_DIGIT[verdict] * 3**place for place, verdict in enumerate(verdicts))
    return number + _GROUPS.index(gender) * _GENDER_PLACE + int(followed_up) * _FOLLOW_UP_PLACE


def unsigned(number: int) -> tuple[list[bool | None], str, bool]:
    """The verdicts, gender group and follow-up of a signature."""
    followed_up, rest = divmod(number, _FOLLOW_UP_PLACE)
    group, rest = divmod(rest, _GENDER_PLACE)
    verdicts = []
    for _code in VERDICT_CODES:
        rest, digit = divmod(rest, 3)
        verdicts.append(_VERDICT[digit])
    return verdicts, _GROUPS[group], bool(followed_up)


def _rule(code: str) -> indicators.Rule:
    rule = indicators.BY_CODE[code].rule
    assert rule is not None
    return rule


# ---------------------------------------------------------------- keeping them current


def _refresh(enrolments: QuerySet[Enrolment], *, tally: bool = True) -> int:
    now = timezone.now()
    facts = [fact_of(pk, area_id, p, now) for pk, area_id, p in _participant_rows(enrolments)]
    with transaction.atomic():
        change: dict[MonthKey, list[int]] = {}
        if tally:
            # What the facts being rewritten counted, taken out of their months, locked
            # until the months have the new counts.
            before = (
                IndicatorFact.objects.filter(enrolment__in=enrolments)
                .only("area_id", "gender", "entered_on", "left_on", "followed_up", *VERDICT_COLUMNS)
                .select_for_update()
            )
            _tallied(before, -1, change)
            _tallied(facts, 1, change)
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
                "signature",
                "computed_at",
            ],
        )
        _months_add(change)
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
    if area_id is None and client_ids is None:
        # Everything rewritten: the mark moves to what exists now, read before the rewrite,
        # and the months are counted anew from the facts, which mends any drift.
        newest = _newest()
        with transaction.atomic():
            written = _refresh(enrolments, tally=False)
            months_rebuild()
        _mark_move(*newest, checked_at=timezone.now())
        return written
    return _refresh(enrolments)


def _newest() -> tuple[int, int]:
    enrolment = Enrolment.objects.order_by("-pk").values_list("pk", flat=True).first()
    spell = StatusSpell.objects.order_by("-pk").values_list("pk", flat=True).first()
    return enrolment or 0, spell or 0


def _mark_move(enrolment: int, spell: int, checked_at: datetime | None = None) -> None:
    values: dict[str, Any] = {"last_enrolment": enrolment, "last_spell": spell}
    if checked_at is not None:
        values["checked_at"] = checked_at
    if not IndicatorFactMark.objects.update(**values):
        IndicatorFactMark.objects.create(**values)


def facts_catch_up() -> int:
    """Before a count: write the facts that enrolments and unemployment spells added past
    `save()` (a bulk load) since the mark have left missing or old. Keys only grow, so the
    keys beyond the mark are index range scans, as cheap as the mark when nothing was added,
    whatever the number of people; what was added through `save()` has its fact already."""
    every_area = request_sees_every_area()
    marks = IndicatorFactMark.objects.order_by("pk")
    if every_area:
        # Seen from every area, the newest keys are the tops of two indexes. A request kept
        # to some areas by row-level security would read back past every other area's rows
        # to find its own newest: it goes straight to the keys beyond the mark instead.
        marks = marks.annotate(
            newest_enrolment=Subquery(Enrolment.objects.order_by("-pk").values("pk")[:1]),
            newest_spell=Subquery(StatusSpell.objects.order_by("-pk").values("pk")[:1]),
        )
    mark = marks.first()
    newest: tuple[int, int] | None = None
    if mark is None:
        last_enrolment, last_spell = 0, 0
        if every_area:
            newest = _newest()
    else:
        last_enrolment, last_spell = mark.last_enrolment, mark.last_spell
        if every_area:
            newest = mark.newest_enrolment or 0, mark.newest_spell or 0
            if newest[0] <= last_enrolment and newest[1] <= last_spell:
                return 0
    keys = _added_since(last_enrolment, last_spell)
    if not keys:
        # Added through save(): the mark stays, for the sweep to move, so that a read writes
        # nothing.
        return 0
    written = sum(
        _refresh(Enrolment.objects.filter(pk__in=keys[at : at + BATCH]))
        for at in range(0, len(keys), BATCH)
    )
    if newest is not None:
        # Only from every area: moving the mark to what some areas see would pass over
        # another area's bulk load.
        _mark_move(*newest)
    return written


def _added_since(last_enrolment: int, last_spell: int) -> list[int]:
    """The enrolments added beyond the mark without a fact, and those of people given an
    unemployment spell beyond it after their fact was written. Two index range scans joined
    by a union: as one condition with OR, the planner read every enrolment and fact in the
    country (0.1 s at national scale) whenever the mark was behind."""
    without_fact = Enrolment.objects.filter(pk__gt=last_enrolment, indicator_fact__isnull=True)
    spells = StatusSpell.objects.filter(pk__gt=last_spell, status="unemployed")
    newer_spell = spells.filter(
        client_id=OuterRef("client_id"), created_at__gt=OuterRef("indicator_fact__computed_at")
    )
    spelled = Enrolment.objects.filter(client_id__in=spells.values("client_id")).filter(
        Exists(newer_spell)
    )
    return sorted(
        without_fact.values_list("pk", flat=True).union(spelled.values_list("pk", flat=True))
    )


def stale(area_id: int | None = None) -> QuerySet[Enrolment]:
    """The enrolments whose fact is missing or older than a write to its sources: a client
    saved, or an unemployment spell created, after the fact was computed."""
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


def facts_sweep() -> int:
    """Compare every fact with its sources' update times and rewrite the stale ones: a
    client's bulk update that set its update time too. Reads everyone, so it is the
    periodic job's, not each count's."""
    checked_at = timezone.now()
    newest = _newest()
    written = _refresh(stale())
    _mark_move(*newest, checked_at=checked_at)
    return written


def facts_checked_at() -> datetime | None:
    """When the facts were last compared with all of their sources."""
    return IndicatorFactMark.objects.order_by("pk").values_list("checked_at", flat=True).first()


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


# ---------------------------------------------------------------- the months

# An area's month of one population and gender group.
MonthKey = tuple[int, date, str, str]
MONTH_COLUMNS = (
    "members",
    *(name for code in VERDICT_COLUMNS for name in (code, f"{code}_missing")),
)


def _places(entered_on: date, left_on: date | None, followed_up: bool) -> list[tuple[str, date]]:
    """The populations a fact belongs to, each with the day that puts it in a period."""
    places = [("entered", entered_on)]
    if left_on is not None:
        places.append(("left", left_on))
        if followed_up:
            places.append(("followed_up", left_on))
    return places


def _tallied(facts: Iterable[IndicatorFact], sign: int, into: dict[MonthKey, list[int]]) -> None:
    """Add (sign 1) or take away (-1) what these facts count in their months."""
    for fact in facts:
        vector = [1]
        for code in VERDICT_COLUMNS:
            verdict = getattr(fact, code)
            vector += [verdict is True, verdict is None]
        for population, day in _places(fact.entered_on, fact.left_on, fact.followed_up):
            key = (fact.area_id, day.replace(day=1), population, fact.gender)
            row = into.setdefault(key, [0] * len(MONTH_COLUMNS))
            for at, n in enumerate(vector):
                row[at] += sign * n


def _months_add(change: dict[MonthKey, list[int]]) -> None:
    """Add the change to the months in one statement per batch: a month that has no row yet
    gets one, one that has is added to in place, so that two transactions adding to the
    same month both count."""
    # In the order of their keys: two transactions then lock the months they share in the
    # same order, and neither waits for the other in a circle.
    rows = sorted((key, vector) for key, vector in change.items() if any(vector))
    if not rows:
        return
    table = connection.ops.quote_name(IndicatorMonth._meta.db_table)
    columns = ["area_id", "month", "population", "gender", *MONTH_COLUMNS]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    added = ", ".join(
        f"{name} = {table}.{name} + excluded.{name}"
        for name in (connection.ops.quote_name(c) for c in MONTH_COLUMNS)
    )
    per_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    batch = (connection.features.max_query_params or 10_000) // len(columns)
    with connection.cursor() as cursor:
        for at in range(0, len(rows), batch):
            part = rows[at : at + batch]
            params: list[Any] = []
            for (area_id, month, population, gender), vector in part:
                month_value = connection.ops.adapt_datefield_value(month)
                params += [area_id, month_value, population, gender, *vector]
            # The names are the model's own columns; every value is a parameter.
            sql = (
                f"INSERT INTO {table} ({names}) VALUES {', '.join([per_row] * len(part))} "  # noqa: S608
                f"ON CONFLICT (area_id, month, population, gender) DO UPDATE SET {added}"
            )
            cursor.execute(sql, params)


def _fact_removed(sender: Any, instance: IndicatorFact, **kwargs: Any) -> None:
    """A fact removed (its person or enrolment erased, its area handed over) is taken out of
    its months in the same transaction. Only rows that exist are changed: when the area
    goes, its months may have gone first."""
    change: dict[MonthKey, list[int]] = {}
    _tallied([instance], -1, change)
    for (area_id, month, population, gender), vector in sorted(change.items()):
        IndicatorMonth.objects.filter(
            area_id=area_id, month=month, population=population, gender=gender
        ).update(**{name: F(name) + n for name, n in zip(MONTH_COLUMNS, vector, strict=True)})


def months_rebuild(
    fact_model: Any = IndicatorFact, month_model: Any = IndicatorMonth, area_id: int | None = None
) -> int:
    """Count the months anew from the facts (everyone's, or one area's): the daily refresh
    mends with it what a change outside the services left behind. The models are given by
    the migration that first counted them."""
    months = month_model.objects.all()
    facts = fact_model.objects.all()
    if area_id is not None:
        months, facts = months.filter(area_id=area_id), facts.filter(area_id=area_id)
    # Named apart from the facts' own columns, which the filters read.
    counts = {"n_members": Count("pk")}
    for code in VERDICT_COLUMNS:
        counts[f"n_{code}"] = Count("pk", filter=Q(**{code: True}))
        counts[f"n_{code}_missing"] = Count("pk", filter=Q(**{f"{code}__isnull": True}))
    rows = []
    for population, day, within in (
        ("entered", "entered_on", Q()),
        ("left", "left_on", Q(left_on__isnull=False)),
        ("followed_up", "left_on", Q(left_on__isnull=False, followed_up=True)),
    ):
        grouped = (
            facts.filter(within)
            .annotate(month=TruncMonth(day))
            .values("area_id", "month", "gender")
            .annotate(**counts)
            .order_by()
        )
        rows += [
            month_model(
                population=population,
                area_id=row["area_id"],
                month=row["month"],
                gender=row["gender"],
                **{name: row[f"n_{name}"] for name in MONTH_COLUMNS},
            )
            for row in grouped
        ]
    months.delete()
    month_model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def connect() -> None:
    """Rewrite a person's fact whenever their client, enrolment or spells are saved."""
    post_save.connect(_client_saved, sender=Client, dispatch_uid="indicator_fact_client")
    post_save.connect(_enrolment_saved, sender=Enrolment, dispatch_uid="indicator_fact_enrolment")
    post_save.connect(_spell_saved, sender=StatusSpell, dispatch_uid="indicator_fact_spell")
    post_delete.connect(
        _spell_deleted, sender=StatusSpell, dispatch_uid="indicator_fact_spell_gone"
    )
    post_delete.connect(_fact_removed, sender=IndicatorFact, dispatch_uid="indicator_month_fact")


# ---------------------------------------------------------------- counting


def _populations(start: date, end: date) -> dict[str, Q]:
    left = Q(left_on__range=(start, end))
    return {
        "entered": Q(entered_on__range=(start, end)),
        "left": left,
        "followed_up": left & Q(followed_up=True),
    }


def counted_by_municipality_and_span(
    *, area_id: int, start: date, end: date, codes: Iterable[str], spans: list[periods.Span]
) -> dict[str, Counter[tuple[int | None, int | None]]]:
    """For each of these participant indicators, the people it counts for the period, by
    municipality and by the span (an implementation year) whose days hold the day that puts
    them in the period's population (entry, or leaving); None for a day in no span. One
    grouped count of the facts per indicator: each span is a range of days, so the
    database hands back a row per municipality and span, not per day."""
    populations = _populations(start, end)
    scope = IndicatorFact.objects.filter(area_id=area_id)
    found: dict[str, Counter[tuple[int | None, int | None]]] = {}
    for code in codes:
        population = indicators.BY_CODE[code].population
        day = "entered_on" if population == "entered" else "left_on"
        span_number = Case(
            *(When(**{f"{day}__range": (s.start, s.end)}, then=Value(s.number)) for s in spans),
            default=None,
            output_field=IntegerField(),
        )
        rows = (
            scope.filter(populations[population], **{code.lower(): True})
            .annotate(span=span_number)
            .values_list("municipality_id", "span")
            .annotate(n=Count("pk"))
            .order_by()
        )
        found[code] = Counter({(municipality, number): n for municipality, number, n in rows})
    return found


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


def _whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first day of the period's first whole month and the first day after its last
    whole month, or None when the period holds no whole month."""
    first = start if start.day == 1 else _next_month(start)
    after = _next_month(end) if (end + timedelta(days=1)).day == 1 else end.replace(day=1)
    return (first, after) if first < after else None


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _count_months(
    area_id: int | None,
    months: tuple[date, date],
    codes: dict[str, list[str]],
    members: dict[str, Counter[str]],
    counted: dict[str, Counter[str]],
    missing: Counter[str],
) -> None:
    rows = IndicatorMonth.objects.filter(month__gte=months[0], month__lt=months[1])
    if area_id is not None:
        rows = rows.filter(area_id=area_id)
    summed = (
        rows.values("population", "gender")
        .annotate(**{name: Sum(name) for name in MONTH_COLUMNS})
        .order_by()
    )
    for row in summed:
        population, gender = row["population"], row["gender"]
        members[population][gender] += row["members"]
        for code in codes[population]:
            counted[code][gender] += row[code.lower()]
            missing[code] += row[f"{code.lower()}_missing"]


def _count_facts(
    scope: QuerySet[IndicatorFact],
    edges: list[tuple[date, date]],
    codes: dict[str, list[str]],
    members: dict[str, Counter[str]],
    counted: dict[str, Counter[str]],
    missing: Counter[str],
) -> None:
    """Count the facts whose day falls in these ranges, grouped by their signatures."""
    edges = [(first, last) for first, last in edges if first <= last]
    if not edges:
        return
    entered_in, left_in = Q(pk__in=[]), Q(pk__in=[])
    for first, last in edges:
        entered_in |= Q(entered_on__range=(first, last))
        left_in |= Q(left_on__range=(first, last))
    # Two groups, one per date that decides a population, in one query: each is read from
    # its own (area, date, signature) index alone, where one pass over "entered or left"
    # would read every row of both.
    entered = (
        scope.filter(entered_in)
        .values_list(Value(True, output_field=BooleanField()), "signature")
        .annotate(n=Count("pk"))
        .order_by()
    )
    left = (
        scope.filter(left_in)
        .values_list(Value(False, output_field=BooleanField()), "signature")
        .annotate(n=Count("pk"))
        .order_by()
    )
    place = {code: n for n, code in enumerate(VERDICT_CODES)}
    for by_entry, number, n in entered.union(left, all=True):
        verdicts, gender, followed_up = unsigned(number)
        inside = ["entered"] if by_entry else ["left", "followed_up"][: 1 + followed_up]
        for name in inside:
            members[name][gender] += n
            for code in codes[name]:
                verdict = verdicts[place[code]]
                if verdict:
                    counted[code][gender] += n
                elif verdict is None:
                    missing[code] += n


def participant_results(
    *, area_id: int | None, start: date, end: date
) -> dict[str, indicators.Result]:
    """Every participant indicator of the registry for the period: its whole months summed
    from their counts, the days before and after them counted from the facts grouped by
    their signatures; the not-collected ones answer so."""
    populations = _populations(start, end)
    scope = IndicatorFact.objects.all()
    if area_id is not None:
        scope = scope.filter(area_id=area_id)
    codes = {
        name: [c for c in VERDICT_CODES if indicators.BY_CODE[c].population == name]
        for name in populations
    }
    members: dict[str, Counter[str]] = defaultdict(Counter)
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    missing: Counter[str] = Counter()
    # The whole months of the period from their counts, the days at either end of it from
    # the facts themselves.
    months = _whole_months(start, end)
    edges = [(start, end)]
    if months is not None:
        edges = [(start, months[0] - timedelta(days=1)), (months[1], end)]
        _count_months(area_id, months, codes, members, counted, missing)
    _count_facts(scope, edges, codes, members, counted, missing)

    results: dict[str, indicators.Result] = {}
    for indicator in indicators.REGISTRY:
        if indicator.population == "entities":
            continue
        if not indicator.collected:
            results[indicator.code] = indicators.Result(indicator.code, collected=False)
            continue
        code, population = indicator.code, indicator.population
        yes = counted[code]
        gaps = members[population][""] if indicator.gender_gap_is_missing else 0
        results[code] = FactResult(
            code,
            total=sum(yes.values()),
            women=yes["women"],
            men=yes["men"],
            non_binary=yes["non_binary"],
            missing=missing[code] + gaps,
            population=sum(members[population].values()),
            refs=_ref_reader(
                scope, populations[population], code.lower(), indicator.gender_gap_is_missing
            ),
        )
    return results
