"""JSON cases in, JSON results out: the form the command line and the tests speak.

Parsing is strict and names the bad field, so a malformed case gets a one-line message.
Which of a person's recorded periods the law counts, and to which day, is said here once
(`past_period`) for every case built from the records.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from osmari.screening.engine import (
    ORGANISATION_KINDS,
    PLACEMENT_KINDS,
    SPELL_STATUSES,
    Case,
    CaseError,
    InstrumentResult,
    Organisation,
    PastPlacement,
    Result,
    Spell,
)
from osmari.screening.explanations import explain

# A period cancelled before its start never happened: the law counts every other one.
UNCOUNTED_STATUSES = frozenset({"cancelled"})


def past_period(
    *,
    kind: str,
    status: str,
    organisation: str,
    organisation_kind: str,
    tasks: str,
    start: date,
    planned_end: date,
    ended: date | None,
) -> PastPlacement | None:
    """A recorded work-trial or wage-subsidy period as the law counts it: planned and running
    ones to their planned end, finished ones to their actual end; None for one that does
    not count."""
    if status in UNCOUNTED_STATUSES:
        return None
    return PastPlacement(
        kind=kind,
        organisation=organisation,
        organisation_kind=organisation_kind,
        tasks=tasks,
        start=start,
        end=ended or planned_end,
    )


# The dates a case can mean. Ages, months and repeat periods are counted from them, and from
# these bounds every such count stays inside the calendar (year 1 to 9999).
EARLIEST = date(1900, 1, 1)
LATEST = date(2099, 12, 31)


def _date(value: Any, where: str, *, nullable: bool = False) -> date | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise CaseError(f"{where}: expected a date YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise CaseError(f"{where}: {value!r} is not a real date YYYY-MM-DD") from None
    if not EARLIEST <= parsed <= LATEST:
        raise CaseError(f"{where}: {value!r} is not between {EARLIEST} and {LATEST}")
    return parsed


def _required_date(value: Any, where: str) -> date:
    parsed = _date(value, where)
    assert parsed is not None
    return parsed


def _tristate(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise CaseError(f"{where}: expected true, false or null")


def _choice(value: Any, where: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise CaseError(f"{where}: must be one of {', '.join(choices)}")
    return str(value)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseError(f"{key}: expected a list")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CaseError(f"{where}: expected an object")
    return value


def _spell_from_json(item: Any, i: int) -> Spell:
    item = _object(item, f"spells[{i}]")
    start = _required_date(item.get("start"), f"spells[{i}].start")
    end = _date(item.get("end"), f"spells[{i}].end", nullable=True)
    if end is not None and end < start:
        raise CaseError(f"spells[{i}].end: before the start")
    status = _choice(item.get("status"), f"spells[{i}].status", SPELL_STATUSES)
    return Spell(status, start, end)


def _placement_from_json(item: Any, i: int) -> PastPlacement:
    item = _object(item, f"placements[{i}]")
    start = _required_date(item.get("start"), f"placements[{i}].start")
    end = _required_date(item.get("end"), f"placements[{i}].end")
    if end < start:
        raise CaseError(f"placements[{i}].end: before the start")
    return PastPlacement(
        kind=_choice(item.get("kind"), f"placements[{i}].kind", PLACEMENT_KINDS),
        organisation=str(item.get("organisation") or ""),
        organisation_kind=_choice(
            item.get("organisation_kind", "company"),
            f"placements[{i}].organisation_kind",
            ORGANISATION_KINDS,
        ),
        tasks=str(item.get("tasks") or ""),
        start=start,
        end=end,
    )


def _organisation_from_json(value: Any) -> Organisation:
    org = _object(value, "organisation")
    business_id = org.get("business_id")
    if business_id is not None and not isinstance(business_id, str):
        raise CaseError("organisation.business_id: expected a string or null")
    return Organisation(
        business_id=business_id or None,
        kind=_choice(org.get("kind"), "organisation.kind", ORGANISATION_KINDS),
    )


def case_from_json(data: Any) -> Case:
    """Build a Case from parsed JSON, or raise CaseError naming the first bad field."""
    data = _object(data, "case")
    on = _required_date(data.get("on"), "on")
    birth_date = _date(data.get("birth_date"), "birth_date", nullable=True)
    education = data.get("education_level")
    if education is not None and (
        isinstance(education, bool) or not isinstance(education, int) or not 0 <= education <= 9
    ):
        raise CaseError("education_level: expected a whole number 0–9 or null")
    registered = data.get("registered_jobseeker")
    if not isinstance(registered, bool):
        raise CaseError("registered_jobseeker: expected true or false")
    spells = [_spell_from_json(item, i) for i, item in enumerate(_list(data, "spells"))]
    placements = [_placement_from_json(item, i) for i, item in enumerate(_list(data, "placements"))]
    organisation = None
    if data.get("organisation") is not None:
        organisation = _organisation_from_json(data["organisation"])
    return Case(
        on=on,
        birth_date=birth_date,
        education_level=education,
        reduced_work_ability=_tristate(data.get("reduced_work_ability"), "reduced_work_ability"),
        integration_plan=_tristate(data.get("integration_plan"), "integration_plan"),
        registered_jobseeker=registered,
        spells=tuple(spells),
        placements=tuple(placements),
        organisation=organisation,
    )


def _reasons(result: InstrumentResult, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "code": reason.code,
            "met": reason.met,
            "explanation": explain(reason, lang),
            "legal_basis": reason.legal_basis,
        }
        for reason in result.reasons
    ]


def result_to_json(result: Result, lang: str = "fi") -> dict[str, Any]:
    facts = result.unemployment
    return {
        "on": result.on.isoformat(),
        "rules_version": result.rules_version,
        "unemployment": {
            "continuous_days": facts.continuous_days,
            "long_term_unemployed": facts.long_term_unemployed,
            "long_term_from": facts.long_term_from.isoformat() if facts.long_term_from else None,
        },
        "work_trial": {
            "eligible": result.work_trial.eligible,
            "reasons": _reasons(result.work_trial, lang),
        },
        "wage_subsidy": {
            "eligible": result.wage_subsidy.eligible,
            "options": [
                {
                    "track": option.track,
                    "percent": option.percent,
                    "monthly_cap_eur": option.monthly_cap_eur,
                    "max_months": option.max_months,
                }
                for option in result.wage_subsidy.options
            ],
            "reasons": _reasons(result.wage_subsidy, lang),
        },
    }
