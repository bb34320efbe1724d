"""How well a person and a place fit, with every reason a coach can read.

Pure and deterministic: plain profiles in, a `Match` out. First the hard conditions: any
one of them not met excludes the pair and is named. Then the soft criteria, each a value
from 0 to 1 with a published weight; the score is their weighted sum (0–1), and the
breakdown says how each was reached. Nothing here decides: a coach does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Soft criteria and their weights (they add up to 1).
WEIGHTS: dict[str, float] = {
    "occupation": 0.35,
    "distance": 0.20,
    "learning": 0.20,
    "skills": 0.15,
    "schedule": 0.10,
}
# Occupation fit through the ESCO → ISCO-08 hierarchy: the longer the shared ISCO code, the
# closer the work (4 digits: unit group, 1 digit: major group).
SAME_ESCO = 1.0
BROADER_ESCO = 0.9
ISCO_SHARED_DIGITS = {4: 0.8, 3: 0.6, 2: 0.4, 1: 0.2}
NEUTRAL = 0.5
# Distance between home and the place, from municipality centres: full marks near home,
# nothing beyond the reach (longer with a car).
NEAR_KM = 5.0
REACH_KM = 40.0
REACH_WITH_CAR_KM = 80.0
# A language is good enough for work at these levels.
WORKING_LEVELS = frozenset({"native", "fluent", "working"})
# Guidance the place gives against the guidance the person needs (1 little … 5 much).
GUIDANCE_GIVES = {"close": 5, "regular": 3, "independent": 1}
# A restriction → the demand it cannot meet, and the adjustment that makes the demand
# bearable. Kept in step with `employers.models.RESTRICTION_CONFLICTS` (a test checks).
CONFLICTS = {
    "no_heavy_lifting": "heavy_lifting",
    "no_standing": "standing",
    "no_shifts": "shifts",
    "quiet_environment": "noise",
    "part_time_only": "full_time",
    "no_outdoor_work": "outdoor",
    "no_customer_work": "customer_work",
    "regular_breaks": "fast_pace",
}
ADJUSTMENTS = {
    "no_heavy_lifting": "light_tasks",
    "part_time_only": "part_time",
    "quiet_environment": "quiet_space",
    "accessible_premises": "accessible_premises",
    "regular_breaks": "regular_breaks",
}
PART_TIME_HOURS_A_WEEK = 30.0


@dataclass(frozen=True)
class OccupationRef:
    esco: str
    broader: str | None
    isco: str  # the ISCO-08 unit group (four digits), or "" when not known


@dataclass(frozen=True)
class ClientProfile:
    id: int
    coordinates: tuple[float, float] | None
    has_car: bool
    occupations: tuple[OccupationRef, ...] = ()
    skills: frozenset[str] = frozenset()
    restrictions: frozenset[str] = frozenset()
    languages: Mapping[str, str] = field(default_factory=dict)  # code → level
    # 1 (little) to 5 (much), from the latest needs assessment; None without one.
    guidance_need: int | None = None
    # Business IDs of organisers the person has had periods with: only there can the
    # engine's answer differ from other organisers of the same kind.
    past_organisations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PositionProfile:
    id: int
    kind: str  # work_trial | wage_subsidy | both
    occupation: OccupationRef | None
    coordinates: tuple[float, float] | None
    language: str
    days_per_week: int
    hours_per_day: float
    guidance: str = "regular"
    skills: frozenset[str] = frozenset()
    demands: frozenset[str] = frozenset()
    adjustments: frozenset[str] = frozenset()
    free_places: int = 1
    active_agreement: bool = True
    skill_labels: Mapping[str, str] = field(default_factory=dict)
    # Who offers the place, as the caller's eligibility lookup knows it (see `score_matrix`).
    organisation: str = ""


@dataclass(frozen=True)
class Eligibility:
    """The screening engine's answer for this person with this organisation."""

    work_trial: bool | None
    wage_subsidy: bool | None


@dataclass(frozen=True)
class Condition:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Criterion:
    code: str
    value: float  # 0–1
    weight: float
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def points(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True)
class Match:
    client_id: int
    position_id: int
    excluded_by: tuple[Condition, ...]
    criteria: tuple[Criterion, ...]
    cautions: tuple[Condition, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.excluded_by

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.criteria), 4)


# ---------------------------------------------------------------- hard conditions


def _instruments(kind: str) -> tuple[str, ...]:
    return ("work_trial", "wage_subsidy") if kind == "both" else (kind,)


def hard_conditions(
    client: ClientProfile, position: PositionProfile, eligibility: Eligibility
) -> tuple[list[Condition], list[Condition]]:
    """(what excludes the pair, what a coach must check before placing)."""
    excluded: list[Condition] = []
    cautions: list[Condition] = []
    answers = {i: getattr(eligibility, i) for i in _instruments(position.kind)}
    if all(answer is False for answer in answers.values()):
        excluded.append(Condition("not_eligible", {"instruments": tuple(answers)}))
    elif not any(answer is True for answer in answers.values()):
        cautions.append(Condition("eligibility_unknown", {"instruments": tuple(answers)}))
    for restriction in sorted(client.restrictions):
        demand = CONFLICTS.get(restriction)
        adjustment = ADJUSTMENTS.get(restriction)
        if demand is not None and demand in position.demands:
            if adjustment is None or adjustment not in position.adjustments:
                excluded.append(
                    Condition(
                        "restriction_conflict", {"restriction": restriction, "demand": demand}
                    )
                )
        elif demand is None and adjustment is not None and adjustment not in position.adjustments:
            excluded.append(
                Condition(
                    "adjustment_missing", {"restriction": restriction, "adjustment": adjustment}
                )
            )
    if client.languages.get(position.language) not in WORKING_LEVELS:
        excluded.append(
            Condition(
                "language",
                {
                    "language": position.language,
                    "level": client.languages.get(position.language, ""),
                },
            )
        )
    if position.free_places < 1:
        excluded.append(Condition("no_free_place"))
    if not position.active_agreement:
        excluded.append(Condition("no_active_agreement"))
    return excluded, cautions


# ---------------------------------------------------------------- soft criteria


def _shared_prefix(a: str, b: str) -> int:
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared


def occupation_fit(
    interests: Iterable[OccupationRef], offered: OccupationRef | None
) -> tuple[float, dict[str, Any]]:
    interests = tuple(interests)
    if offered is None or not interests:
        return NEUTRAL, {"basis": "unknown"}
    best, basis, via = 0.0, "none", ""
    for interest in interests:
        if interest.esco == offered.esco:
            value, how = SAME_ESCO, "same"
        elif offered.esco in (interest.broader,) or interest.esco == offered.broader:
            value, how = BROADER_ESCO, "broader"
        else:
            digits = _shared_prefix(interest.isco, offered.isco) if interest.isco else 0
            value = ISCO_SHARED_DIGITS.get(min(digits, 4), 0.0)
            how = f"isco{min(digits, 4)}" if value else "none"
        if value > best:
            best, basis, via = value, how, interest.esco
    return best, {"basis": basis, "interest": via}


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def distance_fit(
    home: tuple[float, float] | None, place: tuple[float, float] | None, has_car: bool
) -> tuple[float, dict[str, Any]]:
    if home is None or place is None:
        return NEUTRAL, {"km": None}
    km = haversine_km(home, place)
    reach = REACH_WITH_CAR_KM if has_car else REACH_KM
    if km <= NEAR_KM:
        value = 1.0
    elif km >= reach:
        value = 0.0
    else:
        value = 1.0 - (km - NEAR_KM) / (reach - NEAR_KM)
    return value, {"km": round(km), "reach": round(reach), "car": has_car}


def skills_fit(
    has: frozenset[str], wanted: frozenset[str], labels: Mapping[str, str]
) -> tuple[float, dict[str, Any]]:
    if not wanted:
        return NEUTRAL, {"basis": "none_listed"}
    shared = sorted(has & wanted)
    names = ", ".join(labels.get(s, s) for s in shared)
    return len(shared) / len(wanted), {"shared": len(shared), "wanted": len(wanted), "names": names}


def schedule_fit(client: ClientProfile, position: PositionProfile) -> tuple[float, dict[str, Any]]:
    hours = position.days_per_week * position.hours_per_day
    params: dict[str, Any] = {"hours": round(hours, 1)}
    if "part_time_only" not in client.restrictions:
        return 1.0, {**params, "basis": "any"}
    if hours <= PART_TIME_HOURS_A_WEEK:
        return 1.0, {**params, "basis": "part_time"}
    if "part_time" in position.adjustments:
        return 0.7, {**params, "basis": "can_shorten"}
    return 0.2, {**params, "basis": "too_long"}


def learning_fit(need: int | None, guidance: str) -> tuple[float, dict[str, Any]]:
    gives = GUIDANCE_GIVES.get(guidance, 3)
    if need is None:
        return NEUTRAL, {"need": None, "guidance": guidance}
    if gives >= need:
        return 1.0, {"need": need, "guidance": guidance}
    return max(0.0, 1.0 - (need - gives) / 4), {"need": need, "guidance": guidance}


def guidance_need(scores: Mapping[str, int] | None) -> int | None:
    """The guidance a person needs, 1–5, from the assessment's skills, experience and life
    management scores (which run 1 = great need … 5 = no need)."""
    if not scores:
        return None
    values = [scores[d] for d in ("skills", "experience", "life_management") if d in scores]
    if not values:
        return None
    return 6 - round(sum(values) / len(values))


def score(client: ClientProfile, position: PositionProfile, eligibility: Eligibility) -> Match:
    excluded, cautions = hard_conditions(client, position, eligibility)
    parts = {
        "occupation": occupation_fit(client.occupations, position.occupation),
        "skills": skills_fit(client.skills, position.skills, position.skill_labels),
        "distance": distance_fit(client.coordinates, position.coordinates, client.has_car),
        "schedule": schedule_fit(client, position),
        "learning": learning_fit(client.guidance_need, position.guidance),
    }
    criteria = tuple(
        Criterion(code, round(value, 4), WEIGHTS[code], params)
        for code, (value, params) in parts.items()
    )
    return Match(client.id, position.id, tuple(excluded), criteria, tuple(cautions))


def rank(matches: Iterable[Match], limit: int | None = None) -> list[Match]:
    """Allowed pairs first, best score first; ties by id, so the order never wavers."""
    ordered = sorted(matches, key=lambda m: (not m.allowed, -m.score, m.position_id, m.client_id))
    return ordered[:limit] if limit is not None else ordered


# ---------------------------------------------------------------- many pairs at once

INSTRUMENT_CODES = {"work_trial": 0, "wage_subsidy": 1, "both": 2}
NOT_KNOWN = np.nan
Array = NDArray[Any]


def _answer(value: bool | None) -> float:
    return NOT_KNOWN if value is None else float(value)


@dataclass(frozen=True)
class _Places:
    """The positions' fields as arrays, one entry per position, built once for all clients;
    occupations, skill lists and organisers are held once each, with each position's index."""

    count: int
    kind: Array
    organisations: list[str]
    org_of: Array
    # The organiser asked on behalf of the others of its kind ("kind|business ID").
    representative: dict[str, str]
    bit: dict[str, int]
    unbearable: Array  # per position, the restrictions (as bits) it cannot bear
    language: list[str]
    open_place: Array
    latitude: Array
    longitude: Array
    hours: Array
    can_shorten: Array
    gives: Array
    occupations: list[OccupationRef | None]
    occupation_of: Array
    skill_sets: list[frozenset[str]]
    skills_of: Array


def _unbearable(positions: Sequence[PositionProfile], bit: Mapping[str, int]) -> Array:
    """Per position, as bits, the restrictions it cannot bear: a demand it keeps without the
    adjustment that makes it bearable, or an adjustment it does not make."""
    unbearable = np.zeros(len(positions), dtype=np.int64)
    # Places share a handful of combinations of demands and adjustments: each is worked out
    # once, not once per place.
    masks: dict[tuple[frozenset[str], frozenset[str]], int] = {}
    for j, p in enumerate(positions):
        key = (p.demands, p.adjustments)
        if key not in masks:
            masks[key] = _unbearable_mask(p.demands, p.adjustments, bit)
        unbearable[j] = masks[key]
    return unbearable


def _unbearable_mask(
    demands: frozenset[str], adjustments: frozenset[str], bit: Mapping[str, int]
) -> int:
    mask = 0
    for code in bit:
        demand, adjustment = CONFLICTS.get(code), ADJUSTMENTS.get(code)
        if demand is not None:
            if demand in demands and (adjustment is None or adjustment not in adjustments):
                mask |= bit[code]
        elif adjustment is not None and adjustment not in adjustments:
            mask |= bit[code]
    return mask


def _places(positions: Sequence[PositionProfile]) -> _Places:
    organisations = sorted({p.organisation for p in positions})
    org_index = {o: i for i, o in enumerate(organisations)}
    bit = {code: 1 << i for i, code in enumerate(sorted(set(CONFLICTS) | set(ADJUSTMENTS)))}
    occupations = list(dict.fromkeys(p.occupation for p in positions))
    occupation_index = {o: i for i, o in enumerate(occupations)}
    skill_sets = list(dict.fromkeys(p.skills for p in positions))
    skills_index = {s: i for i, s in enumerate(skill_sets)}
    return _Places(
        count=len(positions),
        kind=np.array([INSTRUMENT_CODES[p.kind] for p in positions]),
        organisations=organisations,
        org_of=np.array([org_index[p.organisation] for p in positions]),
        # An organiser the person has not been with is asked about as its kind alone: a real
        # organiser of that kind might be one the person has been with.
        representative={o: f"{o.partition('|')[0]}|" for o in organisations},
        bit=bit,
        unbearable=_unbearable(positions, bit),
        language=[p.language for p in positions],
        open_place=np.array([p.free_places >= 1 and p.active_agreement for p in positions]),
        latitude=np.radians([p.coordinates[0] if p.coordinates else np.nan for p in positions]),
        longitude=np.radians([p.coordinates[1] if p.coordinates else np.nan for p in positions]),
        hours=np.array([p.days_per_week * p.hours_per_day for p in positions]),
        can_shorten=np.array(["part_time" in p.adjustments for p in positions]),
        gives=np.array([GUIDANCE_GIVES.get(p.guidance, 3) for p in positions], dtype=float),
        occupations=occupations,
        occupation_of=np.array([occupation_index[p.occupation] for p in positions]),
        skill_sets=skill_sets,
        skills_of=np.array([skills_index[p.skills] for p in positions]),
    )


def _allowed(
    i: int,
    client: ClientProfile,
    places: _Places,
    eligibility: Callable[[int, str], Eligibility],
) -> Array:
    """Per position, whether no hard condition excludes the pair (as `hard_conditions`)."""
    # One question per kind of organiser, and one per organiser the person has been with.
    asked: dict[str, Eligibility] = {}
    answers = []
    for o in places.organisations:
        key = o if o.partition("|")[2] in client.past_organisations else places.representative[o]
        if key not in asked:
            asked[key] = eligibility(i, key)
        answers.append(asked[key])
    wt = np.array([_answer(a.work_trial) for a in answers])[places.org_of]
    ws = np.array([_answer(a.wage_subsidy) for a in answers])[places.org_of]
    kind = places.kind
    not_eligible = np.where(kind == 0, wt == 0, np.where(kind == 1, ws == 0, (wt == 0) & (ws == 0)))
    client_mask = sum(places.bit[r] for r in client.restrictions if r in places.bit)
    speaks = np.array([client.languages.get(lang) in WORKING_LEVELS for lang in places.language])
    allowed: Array = (
        ~not_eligible & ((places.unbearable & client_mask) == 0) & speaks & places.open_place
    )
    return allowed


def _distances(client: ClientProfile, places: _Places) -> Array:
    """Per position, `distance_fit` of the client's home to it."""
    if client.coordinates is None:
        return np.round(np.full(places.count, NEUTRAL), 4)
    latitude, longitude = places.latitude, places.longitude
    lat1, lon1 = math.radians(client.coordinates[0]), math.radians(client.coordinates[1])
    h = (
        np.sin((latitude - lat1) / 2) ** 2
        + math.cos(lat1) * np.cos(latitude) * np.sin((longitude - lon1) / 2) ** 2
    )
    km = 2 * 6371.0 * np.arcsin(np.sqrt(h))
    reach = REACH_WITH_CAR_KM if client.has_car else REACH_KM
    distance = np.clip(1.0 - (km - NEAR_KM) / (reach - NEAR_KM), 0.0, 1.0)
    distance = np.where(km <= NEAR_KM, 1.0, np.where(km >= reach, 0.0, distance))
    distance = np.where(np.isnan(km), NEUTRAL, distance)
    return np.round(distance, 4)


def _soft_total(client: ClientProfile, places: _Places) -> Array:
    """Per position, the weighted sum of the soft criteria (as `score`)."""
    occupation = np.array(
        [round(occupation_fit(client.occupations, o)[0], 4) for o in places.occupations]
    )[places.occupation_of]
    skills = np.array(
        [round(skills_fit(client.skills, wanted, {})[0], 4) for wanted in places.skill_sets]
    )[places.skills_of]
    distance = _distances(client, places)
    if "part_time_only" in client.restrictions:
        schedule = np.where(
            places.hours <= PART_TIME_HOURS_A_WEEK, 1.0, np.where(places.can_shorten, 0.7, 0.2)
        )
    else:
        schedule = np.ones(places.count)
    need, gives = client.guidance_need, places.gives
    if need is None:
        learning = np.full(places.count, NEUTRAL)
    else:
        learning = np.where(gives >= need, 1.0, np.maximum(0.0, 1.0 - (need - gives) / 4))
    learning = np.round(learning, 4)
    total = (
        occupation * WEIGHTS["occupation"]
        + skills * WEIGHTS["skills"]
        + distance * WEIGHTS["distance"]
        + schedule * WEIGHTS["schedule"]
        + learning * WEIGHTS["learning"]
    )
    return np.round(total, 4)


def soft_scores(client: ClientProfile, positions: Sequence[PositionProfile]) -> list[float]:
    """Each position's score for the person from the soft criteria, as `score` gives it,
    whether or not a hard condition excludes the pair: how well an excluded place would
    otherwise fit."""
    if not positions:
        return []
    return [float(t) for t in _soft_total(client, _places(positions))]


def score_matrix(
    clients: Sequence[ClientProfile],
    positions: Sequence[PositionProfile],
    eligibility: Callable[[int, str], Eligibility],
) -> list[list[float | None]]:
    """Every pair's score as `score` gives it (None where a hard condition excludes the
    pair), computed a client at a time over all positions at once: the regional assignment
    scores hundreds of thousands of pairs. `eligibility(client_index, organisation)` answers
    for one person and one organiser (`PositionProfile.organisation`, "kind|business ID");
    it is asked once per kind of organiser and once per organiser in the person's
    `past_organisations`, since the engine's answer depends on nothing else. A test holds
    this equal to `score` pair by pair."""
    if not positions:
        return [[] for _ in clients]
    places = _places(positions)
    rows: list[list[float | None]] = []
    for i, client in enumerate(clients):
        allowed = _allowed(i, client, places, eligibility)
        total = _soft_total(client, places)
        rows.append([float(t) if ok else None for t, ok in zip(total, allowed, strict=True)])
    return rows
