"""Where Osmari's records of one client differ from the latest register extract.

Pure: plain data in, a list of differences out. The register is the official record of the
statutory acts (docs/boundary.md); Osmari's records are compared with it, and a person
decides, difference by difference, to take the register's value or to note why not.

Each difference has a key that stays the same while the same thing differs, and both sides'
values; `Value.text` of both sides identifies what a person saw when they decided.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PERIOD_KINDS = ("work_trial", "wage_subsidy")

# What differs.
SPELL_MISSING = "spell_missing"  # a register spell Osmari has not
SPELL_STATUS = "spell_status"  # the same start, another status
SPELL_DATES = "spell_dates"  # the same status, other dates
SPELL_EXTRA = "spell_extra"  # an Osmari spell the register has not
PLAN = "plan"  # the employment plan's reference or date
PERIOD_REFERENCE = "period_reference"  # the agreement's or decision's reference or date
PERIOD_DATES = "period_dates"  # the period's start or end
PERIOD_MISSING = "period_missing"  # a period the register has no service for
SERVICE_MISSING = "service_missing"  # a register service with no period in Osmari

SPELL_TOPICS = (SPELL_MISSING, SPELL_STATUS, SPELL_DATES, SPELL_EXTRA)
# Taking the register's value is a write Osmari can do: the spells all at once, or a
# reference. A period's dates are changed on the period by its coach, and a missing period
# or service is a matter for a person to look into.
ACCEPTABLE = (*SPELL_TOPICS, PLAN, PERIOD_REFERENCE)


@dataclass(frozen=True)
class Spell:
    status: str
    start: date
    end: date | None
    # Typed by staff, not taken from an extract: one that starts after the extract is
    # newer than the register's knowledge and is kept when the register's periods are taken.
    typed: bool = True


@dataclass(frozen=True)
class Act:
    """A statutory act's reference and date (the employment plan)."""

    reference: str
    on: date | None


@dataclass(frozen=True)
class Period:
    id: int
    kind: str
    start: date
    end: date  # the last day: actual end if ended, otherwise the planned end
    reference: str = ""
    on: date | None = None


@dataclass(frozen=True)
class Service:
    kind: str
    start: date
    end: date | None  # None: still going on in the register
    reference: str = ""
    on: date | None = None


@dataclass(frozen=True)
class Osmari:
    spells: Sequence[Spell] = ()
    plan: Act | None = None
    periods: Sequence[Period] = ()


@dataclass(frozen=True)
class Register:
    spells: Sequence[Spell] = ()
    plans: Sequence[Act] = ()
    services: Sequence[Service] = ()
    # Decisions on a service: their reference stands in where the service row has none.
    decisions: Sequence[Service] = ()


@dataclass(frozen=True)
class Value:
    """One side of a difference, with what it has of these."""

    status: str = ""
    start: date | None = None
    end: date | None = None
    reference: str = ""
    on: date | None = None

    @property
    def text(self) -> str:
        parts = (self.status, self.start, self.end, self.reference, self.on)
        return "|".join("" if part is None else str(part) for part in parts)


@dataclass(frozen=True)
class Difference:
    key: str
    topic: str
    osmari: Value | None
    register: Value | None
    placement_id: int | None = None

    @property
    def can_accept(self) -> bool:
        return self.topic in ACCEPTABLE and (
            self.topic in SPELL_TOPICS or self.register is not None
        )

    @property
    def is_spell(self) -> bool:
        return self.topic in SPELL_TOPICS

    @property
    def fingerprint(self) -> tuple[str, str]:
        return (
            self.osmari.text if self.osmari else "",
            self.register.text if self.register else "",
        )


def _overlap_days(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> int:
    """Days two spans share; an open end runs on indefinitely."""
    first = max(a_start, b_start)
    ends = [end for end in (a_end, b_end) if end is not None]
    if not ends:
        return 1
    last = min(ends)
    return max((last - first).days + 1, 0)


def _spell_value(spell: Spell) -> Value:
    return Value(status=spell.status, start=spell.start, end=spell.end)


def _known_end(end: date | None, as_of: date | None) -> date | None:
    """An end on or after the extract's day is one the register cannot know yet: it says
    the period was going on, as an open end does."""
    return None if end is None or (as_of is not None and end >= as_of) else end


def spell_differences(
    osmari: Sequence[Spell], register: Sequence[Spell], *, as_of: date | None = None
) -> list[Difference]:
    """Register spells matched to Osmari's by start, else by status and overlap. Osmari's
    spells starting after the extract was taken (`as_of`) cannot be in it and are left out."""
    if as_of is not None:
        osmari = [own for own in osmari if own.start <= as_of]
    found: list[Difference] = []
    matched: set[int] = set()
    for spell in sorted(register, key=lambda s: (s.start, s.status)):
        key = f"spell:{spell.start.isoformat()}:{spell.status}"
        same_start = [
            i for i, own in enumerate(osmari) if i not in matched and own.start == spell.start
        ]
        if same_start:
            index = same_start[0]
            matched.add(index)
            own = osmari[index]
            topic = (
                SPELL_STATUS
                if own.status != spell.status
                else SPELL_DATES
                if _known_end(own.end, as_of) != _known_end(spell.end, as_of)
                else None
            )
            if topic:
                found.append(Difference(key, topic, _spell_value(own), _spell_value(spell)))
            continue
        overlapping = [
            i
            for i, own in enumerate(osmari)
            if i not in matched
            and own.status == spell.status
            and _overlap_days(own.start, own.end, spell.start, spell.end) > 0
        ]
        if overlapping:
            matched.add(overlapping[0])
            own = osmari[overlapping[0]]
            found.append(Difference(key, SPELL_DATES, _spell_value(own), _spell_value(spell)))
        else:
            found.append(Difference(key, SPELL_MISSING, None, _spell_value(spell)))
    for index, own in enumerate(osmari):
        if index not in matched:
            key = f"spell-osmari:{own.start.isoformat()}:{own.status}"
            found.append(Difference(key, SPELL_EXTRA, _spell_value(own), None))
    return found


def latest_plan(plans: Iterable[Act]) -> Act | None:
    dated = sorted(plans, key=lambda act: (act.on or date.min, act.reference))
    return dated[-1] if dated else None


def plan_difference(own: Act | None, plans: Sequence[Act]) -> Difference | None:
    """The plan differs when the register has one whose reference or date Osmari lacks."""
    register = latest_plan(plans)
    if register is None:
        return None
    if own is not None and own.reference == register.reference and own.on == register.on:
        return None
    shown = Value(reference=own.reference, on=own.on) if own and (own.reference or own.on) else None
    return Difference("plan", PLAN, shown, Value(reference=register.reference, on=register.on))


def _with_decision(service: Service, decisions: Sequence[Service]) -> Service:
    if service.reference:
        return service
    for decision in decisions:
        if (
            decision.kind == service.kind
            and decision.reference
            and _overlap_days(decision.start, decision.end, service.start, service.end) > 0
        ):
            return Service(
                service.kind, service.start, service.end, decision.reference, decision.on
            )
    return service


def _best_service(period: Period, services: Sequence[Service]) -> Service | None:
    """The register's service of the period's kind that overlaps it most (the later one
    of two that overlap it as much), or None."""
    candidates = [
        (_overlap_days(s.start, s.end, period.start, period.end), s)
        for s in services
        if s.kind == period.kind
    ]
    candidates = [(days, s) for days, s in candidates if days > 0]
    if not candidates:
        return None
    return max(candidates, key=lambda pair: (pair[0], pair[1].start))[1]


def _period_against_service(period: Period, service: Service) -> list[Difference]:
    found: list[Difference] = []
    if service.reference and (period.reference != service.reference or period.on != service.on):
        own = (
            Value(reference=period.reference, on=period.on)
            if period.reference or period.on
            else None
        )
        found.append(
            Difference(
                f"period:{period.id}:reference",
                PERIOD_REFERENCE,
                own,
                Value(reference=service.reference, on=service.on),
                period.id,
            )
        )
    if period.start != service.start or (service.end is not None and period.end != service.end):
        found.append(
            Difference(
                f"period:{period.id}:dates",
                PERIOD_DATES,
                Value(status=period.kind, start=period.start, end=period.end),
                Value(status=service.kind, start=service.start, end=service.end),
                period.id,
            )
        )
    return found


def _service_without_period(service: Service) -> Difference:
    return Difference(
        f"service:{service.kind}:{service.start.isoformat()}",
        SERVICE_MISSING,
        None,
        Value(
            status=service.kind,
            start=service.start,
            end=service.end,
            reference=service.reference,
            on=service.on,
        ),
    )


def period_differences(
    periods: Sequence[Period],
    services: Sequence[Service],
    decisions: Sequence[Service] = (),
    *,
    as_of: date,
) -> list[Difference]:
    """Each period against the register's service of its kind that overlaps it most; and
    each register service of a period's kind with no period in Osmari. Periods starting
    after the extract was taken cannot be in it yet."""
    services = [_with_decision(s, decisions) for s in services if s.kind in PERIOD_KINDS]
    found: list[Difference] = []
    for period in sorted(periods, key=lambda p: (p.start, p.id)):
        if period.start > as_of:
            continue
        service = _best_service(period, services)
        if service is None:
            own_span = Value(status=period.kind, start=period.start, end=period.end)
            found.append(
                Difference(f"period:{period.id}:missing", PERIOD_MISSING, own_span, None, period.id)
            )
        else:
            found += _period_against_service(period, service)
    found += [
        _service_without_period(service)
        for service in sorted(services, key=lambda s: (s.start, s.kind))
        if not any(
            p.kind == service.kind and _overlap_days(p.start, p.end, service.start, service.end) > 0
            for p in periods
        )
    ]
    return found


def differences(osmari: Osmari, register: Register, *, as_of: date) -> list[Difference]:
    """Every difference of one client, spells first. Spells are compared only when the
    register has status spells for the client (an extract may carry services alone)."""
    found: list[Difference] = []
    if register.spells:
        found += spell_differences(list(osmari.spells), list(register.spells), as_of=as_of)
    plan = plan_difference(osmari.plan, register.plans)
    if plan is not None:
        found.append(plan)
    found += period_differences(
        list(osmari.periods), list(register.services), list(register.decisions), as_of=as_of
    )
    return found


def open_differences(
    found: Iterable[Difference], resolved: set[tuple[str, str, str]]
) -> list[Difference]:
    """The differences nobody has decided on: `resolved` holds (key, Osmari's value, the
    register's value) of each decision, so that a new value opens the difference again."""
    return [d for d in found if (d.key, *d.fingerprint) not in resolved]


@dataclass(frozen=True)
class Replacement:
    """What taking the register's status periods does, shown before it is done."""

    replaced: tuple[Spell, ...]  # Osmari's periods that go
    new: tuple[Spell, ...]  # the register's periods, as they are saved
    kept: tuple[Spell, ...]  # typed periods newer than the extract, which stay
    # The register's periods that start within a kept one: not saved over newer records.
    left_out: tuple[Spell, ...] = ()


def spells_replacement(
    osmari: Sequence[Spell], register: Sequence[Spell], *, as_of: date
) -> Replacement:
    """The register's periods in place of Osmari's, except typed periods that start after
    the extract was taken. An ongoing period ends the day before the next one starts, as
    when a period is added by hand; one running into a kept period ends the day before it."""
    kept = sorted((s for s in osmari if s.typed and s.start > as_of), key=lambda s: s.start)
    replaced = sorted((s for s in osmari if s not in kept), key=lambda s: s.start)
    ordered = sorted(register, key=lambda s: (s.start, s.status))
    new: list[Spell] = []
    left_out: list[Spell] = []
    for index, spell in enumerate(ordered):
        if any(k.start <= spell.start <= (k.end or date.max) for k in kept):
            left_out.append(spell)
            continue
        end = spell.end
        following = [s.start for s in ordered[index + 1 :] if s.start > spell.start]
        if end is None and following:
            end = min(following) - timedelta(days=1)
        later = [k.start for k in kept if k.start > spell.start]
        if later and (end is None or end >= min(later)):
            end = min(later) - timedelta(days=1)
        new.append(Spell(spell.status, spell.start, end, typed=False))
    return Replacement(tuple(replaced), tuple(new), tuple(kept), tuple(left_out))


def seen_token(difference: Difference, replacement: Replacement | None = None) -> str:
    """What a person saw of a difference when they decided: both values, and for status
    periods what taking the register's would replace. A decision posted with another token
    was made on values that have changed since."""
    parts = [difference.key, *difference.fingerprint]
    if difference.is_spell and replacement is not None:
        for group in (replacement.replaced, replacement.new, replacement.kept):
            parts.append(";".join(f"{s.status}|{s.start}|{s.end or ''}" for s in group))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
