"""Profiles for matching, read in a fixed number of queries however many people and places.

The pure scorer (`scoring.py`) and the screening engine get plain data; this module turns
the records into that data: open places with their free capacity and agreement, waiting
people with their interests, restrictions, languages, latest assessment and the engine's
answer per kind of organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from osmari.accounts import access
from osmari.agreements.models import CooperationAgreement
from osmari.clients.models import Client, ClientLanguage, ClientRestriction, ServiceStage
from osmari.core.models import Skill
from osmari.employers.models import Position
from osmari.employers.selectors import ACTIVE_AGREEMENT_STATUSES
from osmari.employers.services import sharing_consents
from osmari.matching.scoring import (
    ClientProfile,
    Condition,
    Eligibility,
    Match,
    OccupationRef,
    PositionProfile,
    guidance_need,
    hard_conditions,
    rank,
    score,
    soft_scores,
)
from osmari.matching.scoring import score_matrix as scoring_matrix
from osmari.placements.models import HOLDING_STATUSES, Placement
from osmari.screening.engine import Case, evaluate
from osmari.screening.engine import Organisation as EngineOrganisation
from osmari.screening.models import DOMAINS, NeedsAssessment
from osmari.screening.records import cases_for

WAITING_STAGES = (ServiceStage.IDENTIFIED, ServiceStage.ASSESSED, ServiceStage.IN_SERVICE)
# The regional assignment looks at this many of the longest-waiting people at a time.
ASSIGNMENT_CLIENTS = 300


@dataclass(frozen=True)
class PositionRow:
    """A place as the scorer and the engine need it."""

    profile: PositionProfile
    organisation: EngineOrganisation


@dataclass(frozen=True)
class ClientRow:
    profile: ClientProfile
    client: Client
    case: Case


# ---------------------------------------------------------------- places


def open_positions(*, today: date, area=None) -> QuerySet[Position]:
    """Places open today, not paused, with free places counted against running periods."""
    # A correlated count per place: joining every period and grouping is far slower.
    taken = (
        Placement.objects.filter(
            position=OuterRef("pk"), status__in=HOLDING_STATUSES, end_on__gte=today
        )
        .order_by()
        .values("position")
        .annotate(n=Count("pk"))
        .values("n")
    )
    positions = (
        Position.objects.filter(is_paused=False, open_from__lte=today)
        .filter(Q(open_to__isnull=True) | Q(open_to__gte=today))
        .annotate(
            taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0),
            has_agreement=Exists(
                CooperationAgreement.objects.filter(
                    organisation=OuterRef("organisation"), status__in=ACTIVE_AGREEMENT_STATUSES
                )
            ),
        )
        .order_by("pk")
    )
    if area is not None:
        positions = positions.filter(organisation__area=area)
    return positions


def _codes_by(keys: QuerySet, *fields: str) -> dict[int, list[tuple]]:
    """For each place among `keys` (a subquery) as the database finds it now, its related
    rows' `fields`; a place without any has an empty list, so that a place missing from
    the answer is one no longer among them, never one read as having none."""
    found: dict[int, list[tuple]] = {}
    for pk, *related in Position.objects.filter(pk__in=keys).values_list("pk", *fields):
        rows = found.setdefault(pk, [])
        if related[0] is not None:
            rows.append(tuple(related))
    return found


# Read as plain values: a national query has tens of thousands of places, and building
# model objects for each would cost more than scoring them.
POSITION_VALUES = (
    "pk",
    "kind",
    "language",
    "days_per_week",
    "hours_per_day",
    "guidance",
    "capacity",
    "taken",
    "has_agreement",
    "organisation__business_id",
    "organisation__kind",
    "municipality__latitude",
    "municipality__longitude",
    "occupation__esco_uri",
    "occupation__broader__esco_uri",
    "occupation__isco_group__code",
)


def position_rows(positions: QuerySet[Position]) -> list[PositionRow]:
    """Profiles of the places (from `open_positions`); the page loads the few it shows."""
    values = list(positions.values(*POSITION_VALUES))
    # The places' keys as a subquery, not a list: hundreds of bound keys cost more to send
    # and plan than the rows they find. Each read below finds the places anew, so a place
    # closed, paused or moved between them is left out rather than scored without its
    # demands, adjustments or skills.
    keys = positions.values("pk")
    demands = _codes_by(keys, "demands__code")
    adjustments = _codes_by(keys, "adjustments__code")
    skill_fields = ("skills__esco_uri", "skills__label_fi", "skills__label_sv", "skills__label_en")
    skill_rows = _codes_by(keys, *skill_fields)
    read_whole = demands.keys() & adjustments.keys() & skill_rows.keys()
    values = [v for v in values if v["pk"] in read_whole]
    skills = {pk: {row[0] for row in rows} for pk, rows in skill_rows.items()}
    # Places share a few skills: each one's label is worked out once.
    labels = {
        row[0]: str(Skill(esco_uri=row[0], label_fi=row[1], label_sv=row[2], label_en=row[3]))
        for row in dict.fromkeys(row for rows in skill_rows.values() for row in rows)
    }
    rows = []
    for v in values:
        pk = v["pk"]
        occupation = (
            OccupationRef(
                v["occupation__esco_uri"],
                v["occupation__broader__esco_uri"],
                v["occupation__isco_group__code"],
            )
            if v["occupation__esco_uri"]
            else None
        )
        business_id, kind = v["organisation__business_id"], v["organisation__kind"]
        profile = PositionProfile(
            id=pk,
            kind=v["kind"],
            occupation=occupation,
            coordinates=(float(v["municipality__latitude"]), float(v["municipality__longitude"])),
            language=v["language"],
            days_per_week=v["days_per_week"],
            hours_per_day=float(v["hours_per_day"]),
            guidance=v["guidance"],
            skills=frozenset(skills[pk]),
            demands=frozenset(code for (code,) in demands[pk]),
            adjustments=frozenset(code for (code,) in adjustments[pk]),
            free_places=v["capacity"] - v["taken"],
            active_agreement=v["has_agreement"],
            skill_labels={uri: labels[uri] for uri in skills[pk]},
            organisation=f"{kind}|{business_id}",
        )
        rows.append(PositionRow(profile, EngineOrganisation(business_id, kind)))
    return rows


def positions_by_id(ids: Iterable[int]) -> dict[int, Position]:
    """The places a page shows, with what it shows of them."""
    return Position.objects.select_related("organisation", "municipality").in_bulk(list(ids))


# ---------------------------------------------------------------- people


def waiting_clients(*, area, today: date) -> QuerySet[Client]:
    """People in the area's service without a planned or running period, longest wait first."""
    busy = Placement.objects.filter(
        client=OuterRef("pk"), status__in=HOLDING_STATUSES, end_on__gte=today
    )
    return (
        Client.objects.filter(area=area, stage__in=WAITING_STAGES)
        .exclude(Exists(busy))
        # Everyone waiting in the area is read, and nobody here needs their identity code:
        # left in the database, it costs no decryption per person.
        .defer("personal_identity_code")
        .order_by("unemployed_since", "pk")
    )


def _codes_of_people(model, ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for client_id, code in model.objects.filter(client_id__in=ids).values_list("client_id", "code"):
        found[client_id].add(code)
    return found


def _languages(ids: list[int]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = defaultdict(dict)
    rows = ClientLanguage.objects.filter(client_id__in=ids).values_list(
        "client_id", "code", "level"
    )
    for client_id, code, level in rows:
        found[client_id][code] = level
    return found


def _occupations(ids: list[int]) -> dict[int, list[OccupationRef]]:
    found: dict[int, list[OccupationRef]] = defaultdict(list)
    rows = Client.occupations.through.objects.filter(client_id__in=ids).values_list(
        "client_id",
        "occupation__esco_uri",
        "occupation__broader__esco_uri",
        "occupation__isco_group__code",
    )
    for client_id, uri, broader, isco in rows:
        found[client_id].append(OccupationRef(uri, broader, isco))
    return found


def _skills(ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    rows = Client.skills.through.objects.filter(client_id__in=ids).values_list(
        "client_id", "skill__esco_uri"
    )
    for client_id, uri in rows:
        found[client_id].add(uri)
    return found


def _latest_assessments(ids: list[int]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    fields = [stem for stem, _label, _special in DOMAINS]
    rows = (
        NeedsAssessment.objects.filter(client_id__in=ids)
        .order_by("client_id", "-assessed_on", "-pk")
        .values("client_id", *fields)
    )
    for row in rows:
        found.setdefault(row["client_id"], row)
    return found


# The language a person's chosen language of service means.
SERVICE_LANGUAGES = {"fi": "fi", "fi_plain": "fi", "sv": "sv", "en": "en"}


def _spoken(client: Client, recorded: dict[str, str]) -> dict[str, str]:
    """The recorded languages and the language of service; plain Finnish means working
    Finnish, any other language of service the person's own."""
    own = dict(recorded)
    spoken = SERVICE_LANGUAGES.get(client.preferred_language)
    if spoken and spoken not in own:
        own[spoken] = "working" if client.preferred_language == "fi_plain" else "native"
    return own


def client_rows(
    clients: Iterable[Client], *, today: date, include_sensitive: bool
) -> list[ClientRow]:
    """Each person's profile for the scorer and case for the engine: a fixed number of
    queries however many people, when they come with their municipalities."""
    clients = list(clients)
    ids = [c.pk for c in clients]
    cases = cases_for(clients, on=today, include_sensitive=include_sensitive)
    restrictions = _codes_of_people(ClientRestriction, ids)
    languages = _languages(ids)
    occupations = _occupations(ids)
    skills = _skills(ids)
    assessments = _latest_assessments(ids)
    rows = []
    for client in clients:
        municipality = client.municipality
        case = cases[client.pk]
        profile = ClientProfile(
            id=client.pk,
            coordinates=(float(municipality.latitude), float(municipality.longitude))
            if municipality is not None
            else None,
            has_car=client.own_car and client.driving_licence,
            occupations=tuple(occupations[client.pk]),
            skills=frozenset(skills[client.pk]),
            restrictions=frozenset(restrictions[client.pk]),
            languages=_spoken(client, languages[client.pk]),
            guidance_need=guidance_need(assessments.get(client.pk)),
            past_organisations=frozenset(p.organisation for p in case.placements),
        )
        rows.append(ClientRow(profile, client, case))
    return rows


# ---------------------------------------------------------------- scoring many pairs


class EligibilityCache:
    """The engine's answer for a person depends on the organiser only through its kind and,
    where the person has been there before, its business ID: ask once per such key."""

    def __init__(self, rows: list[ClientRow] | None = None) -> None:
        self.rows = rows or []
        self._answers: dict[tuple, Eligibility] = {}
        self._known: dict[int, frozenset[str]] = {}

    def get(self, row: ClientRow, organisation: EngineOrganisation) -> Eligibility:
        known = self._known.get(row.profile.id)
        if known is None:
            known = frozenset(p.organisation for p in row.case.placements)
            self._known[row.profile.id] = known
        business_id = organisation.business_id if organisation.business_id in known else ""
        key = (row.profile.id, organisation.kind, business_id)
        answer = self._answers.get(key)
        if answer is None:
            result = evaluate(
                replace(
                    row.case,
                    organisation=EngineOrganisation(
                        organisation.business_id or None, organisation.kind
                    ),
                )
            )
            answer = Eligibility(result.work_trial.eligible, result.wage_subsidy.eligible)
            self._answers[key] = answer
        return answer

    def by_index(self, client_index: int, organisation: str) -> Eligibility:
        """The lookup `scoring.score_matrix` asks: organisation as "kind|business ID"."""
        kind, _sep, business_id = organisation.partition("|")
        return self.get(self.rows[client_index], EngineOrganisation(business_id, kind))


@dataclass(frozen=True)
class Suggestions:
    best: list[Match]  # allowed, best first, each with its full breakdown
    excluded: list[tuple[PositionRow, list[Condition]]]  # and what excludes each
    considered: int
    # The excluded places that would otherwise fit best, best first: what stands in the way.
    closest: list[Match] = field(default_factory=list)


# Soft scores agree with `score` to this much (a test holds them): candidates within it of
# the last one kept are scored exactly, so that the closest are those `score` would choose.
SOFT_MARGIN = 1e-3


def suggestions_for_client(
    row: ClientRow, positions: list[PositionRow], limit: int, closest: int = 0
) -> Suggestions:
    """The best places for one person: every place scored at once, the best few explained
    criterion by criterion, and every excluded place with the conditions that exclude it;
    with `closest`, that many excluded places that would otherwise fit best."""
    cache = EligibilityCache([row])
    values = scoring_matrix([row.profile], [p.profile for p in positions], cache.by_index)[0]
    allowed = sorted(
        (i for i, v in enumerate(values) if v is not None),
        key=lambda i: (-(values[i] or 0.0), positions[i].profile.id),
    )
    best = [
        score(row.profile, positions[i].profile, cache.get(row, positions[i].organisation))
        for i in allowed[:limit]
    ]
    excluded = [
        (
            p,
            hard_conditions(row.profile, p.profile, cache.get(row, p.organisation))[0],
        )
        for p, v in zip(positions, values, strict=True)
        if v is None
    ]
    return Suggestions(
        best, excluded, len(positions), _closest(row, [p for p, _c in excluded], closest)
    )


def _closest(row: ClientRow, excluded: list[PositionRow], count: int) -> list[Match]:
    """The `count` places that fit best by the soft criteria alone, each scored in full."""
    if not count or not excluded:
        return []
    soft = soft_scores(row.profile, [p.profile for p in excluded])
    cut = sorted(soft, reverse=True)[:count][-1] - SOFT_MARGIN
    candidates = [p for p, value in zip(excluded, soft, strict=True) if value >= cut]
    matches = (score(row.profile, p.profile, Eligibility(None, None)) for p in candidates)
    return sorted(matches, key=lambda m: (-m.score, m.position_id))[:count]


def matches_for_position(
    position: PositionRow, clients: list[ClientRow], cache: EligibilityCache | None = None
) -> list[Match]:
    cache = cache or EligibilityCache()
    return rank(
        score(c.profile, position.profile, cache.get(c, position.organisation)) for c in clients
    )


def score_matrix(
    clients: list[ClientRow], positions: list[PositionRow]
) -> tuple[list[list[float | None]], EligibilityCache]:
    """Rows of scores for `assignment.solve` (None where a pair is excluded); the cache
    answers again, without asking the engine twice, when a chosen pair is explained."""
    cache = EligibilityCache(clients)
    matrix = scoring_matrix(
        [c.profile for c in clients], [p.profile for p in positions], cache.by_index
    )
    return matrix, cache


# ---------------------------------------------------------------- who may see which people


def position_get_for_user(*, user, pk, permission: str = "matching.position") -> Position:
    """A place of an organisation the user may see with the permission, or 404."""
    position = (
        Position.objects.select_related("organisation", "organisation__area", "municipality")
        .filter(organisation__in=access.organisations_for(user, permission), pk=pk)
        .first()
    )
    if position is None:
        raise Http404
    return position


def waiting_clients_for_user(*, user, area, today: date) -> QuerySet[Client]:
    """The area's waiting people that the user may see in matching (own caseload only
    where the area keeps coaches to it)."""
    return waiting_clients(area=area, today=today).filter(
        access.client_scope(user, "matching.view")
    )


def shared_clients_for_position(*, user, position: Position, today: date) -> QuerySet[Client]:
    """The waiting people a user may see for a place: staff see those they may see in
    matching (own caseload only where the area says so); an organisation's contact only
    those who consented to share their profile with this organisation (or with any)."""
    clients = waiting_clients(area=position.organisation.area, today=today)
    if access.may(user, "matching.view", position.organisation.area):
        return clients.filter(access.client_scope(user, "matching.view"))
    # Read at every request: a consent withdrawn a moment ago already hides the person.
    return clients.filter(pk__in=sharing_consents(position.organisation).values("client_id"))


def without_restrictions(row: ClientRow) -> ClientRow:
    """The row as staff without the right to see health data may have it scored: the
    work-ability restrictions neither count nor show."""
    return ClientRow(replace(row.profile, restrictions=frozenset()), row.client, row.case)


def without_health(row: ClientRow) -> ClientRow:
    """The row as a host organisation may have it scored before a period is agreed: no
    work-ability restrictions and nothing derived from them or from the person's home and
    means of travel (distance, part-time only, car), no guidance need."""
    profile = replace(
        row.profile, coordinates=None, has_car=False, restrictions=frozenset(), guidance_need=None
    )
    return ClientRow(profile, row.client, row.case)
