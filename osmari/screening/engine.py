"""Eligibility for a work trial and wage subsidy, explained rule by rule.

Pure: plain dataclasses in, plain dataclasses out, no Django and no clock (the date
evaluated is part of the case). The limits come from a versioned, effective-dated rule set
(`osmari/screening/rulesets/<version>.json`); a published rule set never changes, a change in
law is a new file. Every reason is met (True), not met (False) or unknown (None, the missing
data named in `missing`); a time condition that will be met later carries the date (`met_on`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from osmari.clients.spells import (
    Spell,
    Unemployment,
    add_months,
    continuous_unemployment_start,
    unemployed_days_in_window,
    unemployment_facts,
)
from osmari.core.dates import age_on

__all__ = ["Spell", "Unemployment", "add_months", "continuous_unemployment_start"]

RULESET_DIR = Path(__file__).resolve().parent / "rulesets"

SPELL_STATUSES = (
    "unemployed",
    "employed",
    "work_trial",
    "wage_subsidy",
    "education",
    "other_service",
    "outside_labour_force",
)
PLACEMENT_KINDS = ("work_trial", "wage_subsidy")
ORGANISATION_KINDS = (
    "company",
    "association",
    "foundation",
    "religious_community",
    "municipality",
    "wellbeing_services_county",
    "state",
    "private_person",
)
TRACKS = ("professional_skills", "reduced_work_ability", "association", "age_55_plus")


# ---------------------------------------------------------------- case and result types


@dataclass(frozen=True)
class PastPlacement:
    kind: str
    organisation: str  # business ID
    organisation_kind: str
    tasks: str
    start: date
    end: date


@dataclass(frozen=True)
class Organisation:
    business_id: str | None
    kind: str


@dataclass(frozen=True)
class Case:
    on: date
    birth_date: date | None
    education_level: int | None
    reduced_work_ability: bool | None
    integration_plan: bool | None
    registered_jobseeker: bool
    spells: tuple[Spell, ...] = ()
    placements: tuple[PastPlacement, ...] = ()
    organisation: Organisation | None = None


@dataclass(frozen=True)
class Reason:
    code: str
    met: bool | None
    legal_basis: str
    params: Mapping[str, Any] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    met_on: date | None = None


@dataclass(frozen=True)
class Option:
    track: str
    percent: int
    monthly_cap_eur: int
    max_months: int


@dataclass(frozen=True)
class InstrumentResult:
    eligible: bool | None
    reasons: tuple[Reason, ...]
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Result:
    on: date
    rules_version: str
    unemployment: Unemployment
    work_trial: InstrumentResult
    wage_subsidy: InstrumentResult


class CaseError(ValueError):
    """A case that cannot be evaluated; the message names the bad field."""


# ---------------------------------------------------------------- rule sets


@dataclass(frozen=True)
class RuleSet:
    version: str
    effective_from: date
    effective_to: date | None
    data: Mapping[str, Any]

    def section(self, name: str) -> Mapping[str, Any]:
        return self.data[name]  # type: ignore[no-any-return]

    def ages_that_open_a_track(self) -> tuple[int, ...]:
        """The ages at which a wage-subsidy track opens (professional skills for the older,
        55 plus): a birthday near one changes a person's options."""
        ws = self.section("wage_subsidy")
        return (ws["professional_skills"]["older_age_from"], ws["age_55_plus"]["age_from"])


def load_rulesets(directory: Path = RULESET_DIR) -> list[RuleSet]:
    """The published rule sets, oldest first; read from disk once per directory."""
    return list(_load_rulesets(directory))


@cache
def _load_rulesets(directory: Path) -> tuple[RuleSet, ...]:
    rulesets = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not data.get("published"):
            continue
        rulesets.append(
            RuleSet(
                version=data["version"],
                effective_from=date.fromisoformat(data["effective_from"]),
                effective_to=date.fromisoformat(data["effective_to"])
                if data.get("effective_to")
                else None,
                data=data,
            )
        )
    return tuple(sorted(rulesets, key=lambda r: r.effective_from))


def ruleset_for(on: date, rulesets: Iterable[RuleSet] | None = None) -> RuleSet:
    """The rule set in force on the date: an old case is explained by the rules of its day."""
    candidates = [
        r
        for r in (rulesets if rulesets is not None else load_rulesets())
        if r.effective_from <= on and (r.effective_to is None or on <= r.effective_to)
    ]
    if not candidates:
        raise CaseError(f"on: no rule set is in force on {on.isoformat()}")
    return candidates[-1]


# ---------------------------------------------------------------- date arithmetic


def _overlap_days(start: date, end: date | None, window_start: date, window_end: date) -> int:
    last = min(end or window_end, window_end)
    first = max(start, window_start)
    return max(0, (last - first).days + 1)


# ---------------------------------------------------------------- unemployment


def _months_required_met(spells: tuple[Spell, ...], on: date, need: int, window: int) -> bool:
    needed_days = (on - add_months(on, -need)).days
    return unemployed_days_in_window(spells, on, window) >= needed_days


def unemployment(case: Case, rules: RuleSet) -> Unemployment:
    return unemployment_facts(
        case.spells, case.on, rules.section("unemployment")["long_term_months"]
    )


# ---------------------------------------------------------------- work trial


def calendar_months(start: date, end: date) -> float:
    """Length of the inclusive period in calendar months: 1.1.–30.6. is exactly 6."""
    whole = 0
    while add_months(start, whole + 1) - timedelta(days=1) <= end:
        whole += 1
    month_start = add_months(start, whole)
    rest = (end - month_start).days + 1
    month_length = (add_months(month_start, 1) - month_start).days
    return whole + max(0, rest) / month_length


def _placement_months(placements: Iterable[PastPlacement], on: date) -> float:
    total = sum(calendar_months(p.start, min(p.end, on)) for p in placements if p.start <= on)
    return round(total, 1)


def work_trial(case: Case, rules: RuleSet) -> InstrumentResult:
    wt = rules.section("work_trial")
    basis = wt["legal_basis"]
    reasons = [
        Reason("wt_registered_jobseeker", case.registered_jobseeker, basis),
    ]
    trials = [p for p in case.placements if p.kind == "work_trial"]
    used_total = _placement_months(trials, case.on)
    reasons.append(
        Reason(
            "wt_total_months",
            used_total < wt["max_months_total"],
            basis,
            {"used": used_total, "limit": wt["max_months_total"]},
        )
    )
    organisation = case.organisation
    if organisation is not None:
        reasons.append(
            Reason(
                "wt_organiser_kind",
                organisation.kind not in wt["excluded_organiser_kinds"],
                basis,
                {"kind": organisation.kind},
            )
        )
        same = [
            t
            for t in trials
            if organisation.business_id and t.organisation == organisation.business_id
        ]
        used_same = _placement_months(same, case.on)
        if organisation.kind == "municipality":
            limit = wt["max_months_municipality_organiser"]
            reasons.append(
                Reason(
                    "wt_municipality_months",
                    used_same < limit,
                    basis,
                    {
                        "used": used_same,
                        "limit": limit,
                        "same_tasks_limit": wt["max_months_municipality_same_tasks"],
                    },
                )
            )
        else:
            limit = wt["max_months_same_organiser"]
            reasons.append(
                Reason(
                    "wt_same_organiser_months",
                    used_same < limit,
                    basis,
                    {"used": used_same, "limit": limit},
                )
            )
    return InstrumentResult(eligible=_all(reasons), reasons=tuple(reasons))


def schedule_reasons(days_per_week: int, hours_per_day: float, rules: RuleSet) -> list[Reason]:
    """Days a week and hours a day of a planned work trial, checked when a placement is made."""
    wt = rules.section("work_trial")
    low_days, high_days = wt["days_per_week"]
    low_hours, high_hours = wt["hours_per_day"]
    return [
        Reason(
            "wt_days_per_week",
            low_days <= days_per_week <= high_days,
            wt["legal_basis"],
            {"value": days_per_week, "low": low_days, "high": high_days},
        ),
        Reason(
            "wt_hours_per_day",
            low_hours <= hours_per_day <= high_hours,
            wt["legal_basis"],
            {"value": hours_per_day, "low": low_hours, "high": high_hours},
        ),
    ]


# ---------------------------------------------------------------- wage subsidy


def _any(reasons: list[Reason]) -> bool | None:
    if any(r.met is True for r in reasons):
        return True
    if any(r.met is None for r in reasons):
        return None
    return False


def _all(reasons: Iterable[Reason]) -> bool | None:
    values = [r.met for r in reasons]
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _professional_skills_groups(case: Case, ps: Mapping[str, Any], basis: str) -> list[Reason]:
    reasons = []
    if case.birth_date is None:
        for code in ("ws_group_young", "ws_group_older"):
            reasons.append(Reason(code, None, basis, missing=("birth_date",)))
    else:
        age = age_on(case.birth_date, case.on)
        low, high = ps["young_age"]
        reasons.append(
            Reason(
                "ws_group_young", low <= age <= high, basis, {"age": age, "low": low, "high": high}
            )
        )
        older_on = add_months(case.birth_date, 12 * ps["older_age_from"])
        reasons.append(
            Reason(
                "ws_group_older",
                age >= ps["older_age_from"],
                basis,
                {"age": age, "from": ps["older_age_from"]},
                # A birthday within the year changes the options; later ones are noise.
                met_on=older_on if case.on < older_on <= add_months(case.on, 12) else None,
            )
        )
    if case.education_level is None or case.education_level == 9:
        reasons.append(
            Reason("ws_group_no_upper_secondary", None, basis, missing=("education_level",))
        )
    else:
        reasons.append(
            Reason(
                "ws_group_no_upper_secondary",
                case.education_level < ps["upper_secondary_from_level"],
                basis,
                {"level": case.education_level},
            )
        )
    reasons.append(
        Reason(
            "ws_group_integration_plan",
            case.integration_plan,
            basis,
            missing=("integration_plan",) if case.integration_plan is None else (),
        )
    )
    window_start = add_months(case.on, -ps["no_paid_work_months"]) + timedelta(days=1)
    worked = [
        s
        for s in case.spells
        if s.status == "employed" and _overlap_days(s.start, s.end, window_start, case.on)
    ]
    reasons.append(
        Reason("ws_group_no_paid_work", not worked, basis, {"months": ps["no_paid_work_months"]})
    )
    return reasons


def wage_subsidy(case: Case, rules: RuleSet, facts: Unemployment) -> InstrumentResult:
    ws = rules.section("wage_subsidy")
    basis = ws["legal_basis"]
    reasons: list[Reason] = [Reason("ws_registered_jobseeker", case.registered_jobseeker, basis)]
    organisation = case.organisation
    employer_ok: bool | None = None
    if organisation is not None:
        employer = _employer_reason(organisation, ws)
        employer_ok = employer.met
        reasons.append(employer)

    # Tracks: each is open (True), closed (False) or undecided (None).
    tracks: dict[str, bool | None] = {}
    groups = _professional_skills_groups(case, ws["professional_skills"], basis)
    reasons.extend(groups)
    tracks["professional_skills"] = _any(groups)

    reasons.append(
        Reason(
            "ws_reduced_work_ability",
            case.reduced_work_ability,
            basis,
            missing=("reduced_work_ability",) if case.reduced_work_ability is None else (),
        )
    )
    tracks["reduced_work_ability"] = case.reduced_work_ability

    age_55_plus = _age_55_plus_reason(case, ws["age_55_plus"], facts)
    reasons.append(age_55_plus)
    tracks["age_55_plus"] = age_55_plus.met

    if organisation is not None:
        reasons += _employer_limits(case, organisation, ws, facts, tracks)

    options = _options(case, ws, tracks)
    eligible: bool | None
    if not case.registered_jobseeker or employer_ok is False:
        eligible, options = False, []
    elif options:
        eligible = True
    elif any(v is None for v in tracks.values()):
        eligible = None
    else:
        eligible = False
    return InstrumentResult(eligible=eligible, reasons=tuple(reasons), options=tuple(options))


def _employer_reason(organisation: Organisation, ws: Mapping[str, Any]) -> Reason:
    has_id = bool(organisation.business_id)
    return Reason(
        "ws_employer_kind",
        organisation.kind in ws["employer_kinds"] and has_id,
        ws["legal_basis"],
        {"kind": organisation.kind, "has_business_id": has_id},
    )


def _age_55_plus_reason(case: Case, a55: Mapping[str, Any], facts: Unemployment) -> Reason:
    """The 55-plus track: open when both the age and the unemployment are reached."""
    if case.birth_date is None:
        return Reason("ws_age_55_plus", None, a55["legal_basis"], missing=("birth_date",))
    long_enough = _months_required_met(
        case.spells, case.on, a55["unemployed_months"], a55["window_months"]
    )
    age_ok = age_on(case.birth_date, case.on) >= a55["age_from"]
    turns = add_months(case.birth_date, 12 * a55["age_from"])
    return Reason(
        "ws_age_55_plus",
        age_ok and long_enough,
        a55["legal_basis"],
        {
            "age_from": a55["age_from"],
            "age_ok": age_ok,
            "unemployed_months": a55["unemployed_months"],
            "window_months": a55["window_months"],
            "months": facts.months_in_last_28,
        },
        met_on=turns if (not age_ok and long_enough) else None,
    )


def _employer_limits(
    case: Case,
    organisation: Organisation,
    ws: Mapping[str, Any],
    facts: Unemployment,
    tracks: dict[str, bool | None],
) -> list[Reason]:
    """What the employer itself opens or closes: the association track, a municipality's
    two groups, and the block on hiring the same person again; `tracks` is narrowed."""
    basis = ws["legal_basis"]
    association = _association_reason(case, organisation, ws["association"], basis)
    reasons = [association]
    tracks["association"] = association.met

    if organisation.kind == "municipality" and ws.get("municipality_only_for"):
        municipality, ltu60 = _municipality_reason(case, ws, facts)
        reasons.append(municipality)
        # A municipality may hire with subsidy only these two groups: reduced work ability
        # (its own track) or a long-term unemployed person of 60 or over (any track).
        for track in ("professional_skills", "association", "age_55_plus"):
            if ltu60 is False:
                tracks[track] = False
            elif ltu60 is None and tracks[track] is True:
                tracks[track] = None

    block_until = _repeat_block_until(case, organisation, ws["repeat_block_years"])
    reasons.append(
        Reason(
            "ws_repeat_same_employer",
            block_until is None,
            basis,
            {"years": ws["repeat_block_years"]},
            met_on=block_until + timedelta(days=1) if block_until else None,
        )
    )
    if block_until is not None:
        for track in ("professional_skills", "association", "age_55_plus"):
            tracks[track] = False
    return reasons


def _association_reason(
    case: Case, organisation: Organisation, assoc: Mapping[str, Any], basis: str
) -> Reason:
    is_assoc = organisation.kind in assoc["kinds"]
    assoc_long = _months_required_met(
        case.spells, case.on, assoc["unemployed_months"], assoc["window_months"]
    )
    return Reason(
        "ws_association",
        is_assoc and assoc_long,
        basis,
        {
            "kind": organisation.kind,
            "is_association": is_assoc,
            "unemployed_months": assoc["unemployed_months"],
            "window_months": assoc["window_months"],
            "max_working_time_percent": assoc["max_working_time_percent"],
        },
    )


def _municipality_reason(
    case: Case, ws: Mapping[str, Any], facts: Unemployment
) -> tuple[Reason, bool | None]:
    """Whether a municipality may hire this person, and whether they are a long-term
    unemployed person of 60 or over (None: the birth date is missing)."""
    age = age_on(case.birth_date, case.on) if case.birth_date else None
    ltu60 = (
        None
        if age is None
        else age >= ws["long_term_unemployed_age_from"] and facts.long_term_unemployed
    )
    allowed = _any([Reason("", case.reduced_work_ability, ""), Reason("", ltu60, "")])
    reason = Reason(
        "ws_municipality_employer",
        allowed,
        ws["legal_basis"],
        {"age_from": ws["long_term_unemployed_age_from"]},
    )
    return reason, ltu60


def _repeat_block_until(case: Case, organisation: Organisation, years: int) -> date | None:
    """Same employer, same person, within the block period (reduced work ability excepted):
    the last day of the block, or None."""
    block_until = None
    for p in case.placements:
        if (
            p.kind == "wage_subsidy"
            and organisation.business_id
            and p.organisation == organisation.business_id
        ):
            ends = add_months(p.end, 12 * years)
            # Blocked from the first day of the earlier period to three years after its end.
            if p.start <= case.on <= ends:
                block_until = max(block_until or ends, ends)
    return block_until


def _options(case: Case, ws: Mapping[str, Any], tracks: dict[str, bool | None]) -> list[Option]:
    """The open tracks with their percent, monthly cap and longest duration."""
    ps, assoc, a55 = ws["professional_skills"], ws["association"], ws["age_55_plus"]
    long_duration = _months_required_met(
        case.spells, case.on, ps["long_if_unemployed_months"], ps["long_window_months"]
    )
    details = {
        "professional_skills": (
            ps["percent"],
            ps["monthly_cap_eur"],
            ps["max_months_long"] if long_duration else ps["max_months_short"],
        ),
        "reduced_work_ability": (
            ws["reduced_work_ability"]["percent"],
            ws["reduced_work_ability"]["monthly_cap_eur"],
            ws["reduced_work_ability"]["max_months"],
        ),
        "association": (assoc["percent"], assoc["monthly_cap_eur"], assoc["max_months"]),
        "age_55_plus": (a55["percent"], a55["monthly_cap_eur"], a55["max_months"]),
    }
    return [Option(track, *details[track]) for track in TRACKS if tracks.get(track) is True]


# ---------------------------------------------------------------- entry point


def evaluate(case: Case, rules: RuleSet | None = None) -> Result:
    """Evaluate both instruments for the case under the rules in force on `case.on`."""
    rules = rules or ruleset_for(case.on)
    facts = unemployment(case, rules)
    return Result(
        on=case.on,
        rules_version=rules.version,
        unemployment=facts,
        work_trial=work_trial(case, rules),
        wage_subsidy=wage_subsidy(case, rules, facts),
    )
