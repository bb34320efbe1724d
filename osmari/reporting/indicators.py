"""The ESF+ common indicators (Regulation (EU) 2021/1057, Annex I): one registry entry each.

Pure. Every indicator is defined once here, with its code, its label in Finnish, Swedish and
English, a definition in plain words and the rule that decides, for one record, whether it
counts (True), does not count (False) or cannot be decided because data are missing (None).
The indicator page, the exports, the progress report and the `indicators` command all read
this registry; none of them counts by itself.

Populations, for a period from `start` to `end` (both days included):
- output indicators on participants (EECO01–EECO17): who entered within the period;
- immediate results (EECR01–EECR04): who left within the period;
- longer-term results (EECR05–EECR06): who left within the period and whose six-month
  follow-up is recorded;
- entity indicators (EECO18–EECO19): organisations that were themselves supported within the
  period (a delivered benefit or a local subsidy decision). An organisation that only hosted
  a participant is not a supported entity.

Gender is its own field and is never derived from the identity code. A participant whose
gender is not stated counts in the total but in none of the three groups.

EECO12-EECO17 (disability, third-country nationals, foreign background, minorities,
homelessness, rural areas) are *not collected*: EURA 2021 does not ask participants these in
Finland, so Osmari neither asks nor stores them. They keep their place in the registry with
that answer, which is neither "data missing" nor zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from osmari.clients.spells import Spell, add_months, continuous_unemployment_start
from osmari.core.dates import age_on
from osmari.reporting.indicator_texts import DEFINITIONS, LABELS, NOT_COLLECTED

Population = Literal["entered", "left", "followed_up", "entities"]
GENDERS = ("women", "men", "non_binary")
_GENDER_KEY = {"female": "women", "male": "men", "non_binary": "non_binary"}
LONG_TERM_MONTHS = 12
ENTERPRISE_KINDS = frozenset({"company", "social_enterprise", "cooperative", "private_trader"})
PUBLIC_KINDS = frozenset({"municipality", "wellbeing_services_county", "state"})
SME_SIZES = frozenset({"micro", "small", "medium"})


@dataclass(slots=True)
class Participant:
    """One programme participant as the indicators need them; `ref` names the record."""

    ref: int
    gender: str
    birth_date: date
    entered_on: date
    status_at_entry: str  # unemployed, inactive, employed, or "" if not recorded
    spells: tuple[Spell, ...] = ()
    education_bucket: str = "unknown"  # isced_0_2, isced_3_4, isced_5_8, unknown
    left_on: date | None = None
    situation_on_leaving: str = ""
    qualification_gained: str = "unknown"
    follow_up_on: date | None = None
    employed_after_6_months: str = "unknown"
    improved_after_6_months: str = "unknown"
    municipality: int | None = None  # where the person lives, for counts by municipality


@dataclass(frozen=True)
class Entity:
    """An organisation supported by the programme: its legal form and enterprise size."""

    ref: int
    kind: str
    size: str = "unknown"  # micro, small, medium, large, unknown
    supported_on: tuple[date, ...] = ()


Rule = Callable[[Participant], bool | None]
EntityRule = Callable[[Entity], bool | None]


@dataclass(frozen=True)
class Indicator:
    code: str
    labels: dict[str, str]
    definition: dict[str, str]
    population: Population
    rule: Rule | None = None
    entity_rule: EntityRule | None = None
    # The total needs no data but its split does: a person without a stated gender is a gap.
    gender_gap_is_missing: bool = False
    # False: the data are not collected at all, so there is nothing to count or to miss.
    collected: bool = True

    def label(self, language: str) -> str:
        return self.labels.get(language[:2], self.labels["en"])

    def explain(self, language: str) -> str:
        return self.definition.get(language[:2], self.definition["en"])

    def not_collected(self, language: str) -> str:
        """The answer in place of the numbers, or "" for an indicator that is counted."""
        return "" if self.collected else NOT_COLLECTED.get(language[:2], NOT_COLLECTED["en"])

    @property
    def by_gender(self) -> bool:
        return self.population != "entities"


@dataclass
class Result:
    """One indicator's value: who counts, split by gender, and whose data are missing."""

    code: str
    total: int = 0
    women: int = 0
    men: int = 0
    non_binary: int = 0
    missing: int = 0
    population: int = 0
    counted: list[int] = field(default_factory=list)
    missing_refs: list[int] = field(default_factory=list)
    collected: bool = True

    def as_json(self, by_gender: bool = True) -> dict[str, int | bool | None]:
        if not self.collected:
            return {
                "total": None,
                "women": None,
                "men": None,
                "non_binary": None,
                "missing": None,
                "not_collected": True,
            }
        return {
            "total": self.total,
            "women": self.women if by_gender else None,
            "men": self.men if by_gender else None,
            "non_binary": self.non_binary if by_gender else None,
            "missing": self.missing,
            "not_collected": False,
        }


# --- rules ------------------------------------------------------------------------------


def _tri(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _status(p: Participant, wanted: str) -> bool | None:
    return p.status_at_entry == wanted if p.status_at_entry else None


def long_term_unemployed_at_entry(p: Participant) -> bool | None:
    """Continuously unemployed for 12 months or more on the entry date, from the dated
    status spells; missing if no spells are recorded at all."""
    if not p.status_at_entry:
        return None
    if p.status_at_entry != "unemployed":
        return False
    if not p.spells:
        return None
    start = continuous_unemployment_start(p.spells, p.entered_on)
    return start is not None and add_months(start, LONG_TERM_MONTHS) <= p.entered_on


def _education(bucket: str) -> Rule:
    def rule(p: Participant) -> bool | None:
        return None if p.education_bucket == "unknown" else p.education_bucket == bucket

    return rule


def _leaving(*situations: str) -> Rule:
    def rule(p: Participant) -> bool | None:
        return p.situation_on_leaving in situations if p.situation_on_leaving else None

    return rule


def _public(e: Entity) -> bool | None:
    return e.kind in PUBLIC_KINDS


def _sme(e: Entity) -> bool | None:
    if e.kind not in ENTERPRISE_KINDS:
        return False
    return None if e.size == "unknown" else e.size in SME_SIZES


def _age(low: int | None, high: int | None) -> Rule:
    def rule(p: Participant) -> bool | None:
        age = age_on(p.birth_date, p.entered_on)
        return (low is None or age >= low) and (high is None or age <= high)

    return rule


def _field(name: str) -> Rule:
    return lambda p: _tri(getattr(p, name))


def _i(
    code: str,
    population: Population,
    rule: Rule | None = None,
    *,
    entity_rule: EntityRule | None = None,
    gender_gap_is_missing: bool = False,
    collected: bool = True,
) -> Indicator:
    """An indicator with its name and definition from `indicator_texts`."""
    return Indicator(
        code=code,
        labels=dict(zip(("fi", "sv", "en"), LABELS[code], strict=True)),
        definition=dict(zip(("fi", "sv", "en"), DEFINITIONS[code], strict=True)),
        population=population,
        rule=rule,
        entity_rule=entity_rule,
        gender_gap_is_missing=gender_gap_is_missing,
        collected=collected,
    )


def _not_collected(code: str, population: Population = "entered") -> Indicator:
    return _i(code, population, collected=False)


REGISTRY: tuple[Indicator, ...] = (
    _i("EECO01", "entered", lambda p: True, gender_gap_is_missing=True),
    _i("EECO02", "entered", lambda p: _status(p, "unemployed")),
    _i("EECO03", "entered", long_term_unemployed_at_entry),
    _i("EECO04", "entered", lambda p: _status(p, "inactive")),
    _i("EECO05", "entered", lambda p: _status(p, "employed")),
    _i("EECO06", "entered", _age(None, 17)),
    _i("EECO07", "entered", _age(18, 29)),
    _i("EECO08", "entered", _age(55, None)),
    _i("EECO09", "entered", _education("isced_0_2")),
    _i("EECO10", "entered", _education("isced_3_4")),
    _i("EECO11", "entered", _education("isced_5_8")),
    _not_collected("EECO12"),
    _not_collected("EECO13"),
    _not_collected("EECO14"),
    _not_collected("EECO15"),
    _not_collected("EECO16"),
    _not_collected("EECO17"),
    _i("EECO18", "entities", entity_rule=_public),
    _i("EECO19", "entities", entity_rule=_sme),
    _i("EECR01", "left", _leaving("job_searching")),
    _i("EECR02", "left", _leaving("education")),
    _i("EECR03", "left", _field("qualification_gained")),
    _i("EECR04", "left", _leaving("employed", "self_employed")),
    _i("EECR05", "followed_up", _field("employed_after_6_months")),
    _i("EECR06", "followed_up", _field("improved_after_6_months")),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in REGISTRY}


# --- computing ---------------------------------------------------------------------------


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def in_population(population: Population, p: Participant, start: date, end: date) -> bool:
    if population == "entered":
        return _within(p.entered_on, start, end)
    if population == "left":
        return _within(p.left_on, start, end)
    if population == "followed_up":
        return _within(p.left_on, start, end) and p.follow_up_on is not None
    return False


def compute(
    participants: Sequence[Participant],
    entities: Iterable[Entity],
    start: date,
    end: date,
    registry: Sequence[Indicator] = REGISTRY,
) -> dict[str, Result]:
    """Every indicator of the registry over the records, for the period start..end."""
    supported = [e for e in entities if any(_within(d, start, end) for d in e.supported_on)]
    populations: dict[str, list[Participant]] = {}
    results: dict[str, Result] = {}
    for indicator in registry:
        if not indicator.collected:
            results[indicator.code] = Result(indicator.code, collected=False)
            continue
        if indicator.population == "entities":
            assert indicator.entity_rule is not None
            rule = indicator.entity_rule
            verdicts = [(e.ref, "", rule(e)) for e in supported]
            result = _tally(indicator.code, verdicts, len(supported))
        else:
            assert indicator.rule is not None
            if indicator.population not in populations:
                populations[indicator.population] = [
                    p for p in participants if in_population(indicator.population, p, start, end)
                ]
            members = populations[indicator.population]
            person_rule = indicator.rule
            result = _tally(
                indicator.code, [(p.ref, p.gender, person_rule(p)) for p in members], len(members)
            )
            if indicator.gender_gap_is_missing:
                gaps = [p.ref for p in members if p.gender not in _GENDER_KEY]
                result.missing += len(gaps)
                result.missing_refs += gaps
        results[indicator.code] = result
    return results


def _tally(code: str, verdicts: list[tuple[int, str, bool | None]], population: int) -> Result:
    """Count the verdicts (record, gender, counts?) of one indicator."""
    counted = [(ref, gender) for ref, gender, value in verdicts if value]
    split = Counter(_GENDER_KEY.get(gender) for _ref, gender in counted)
    missing = [ref for ref, _gender, value in verdicts if value is None]
    return Result(
        code,
        total=len(counted),
        women=split["women"],
        men=split["men"],
        non_binary=split["non_binary"],
        missing=len(missing),
        population=population,
        counted=[ref for ref, _gender in counted],
        missing_refs=missing,
    )
