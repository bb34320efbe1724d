"""Who would benefit from guided, participatory employment: a transparent indication.

Pure. It weighs the facts and the latest needs assessment and returns every reason with its
weight, so a coach sees exactly why. It supports a decision; it never makes one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Assessment scores run 1 (great need of support) to 5 (no need).
NEEDS_SUPPORT_AT_MOST = 2
MOTIVATED_FROM = 3


@dataclass(frozen=True)
class Indication:
    level: str  # "strong" | "some" | "low" | "unknown"
    score: int
    reasons: tuple[tuple[str, int], ...]  # (code, weight)


def indicate(
    *,
    long_term_unemployed: bool,
    months_unemployed_in_last_16: float,
    scores: Mapping[str, int] | None,
) -> Indication:
    reasons: list[tuple[str, int]] = []
    if long_term_unemployed:
        reasons.append(("long_term_unemployed", 2))
    elif months_unemployed_in_last_16 >= 12:
        reasons.append(("comparable_long_term_unemployed", 2))
    elif months_unemployed_in_last_16 >= 6:
        reasons.append(("unemployed_6_of_16", 1))
    if scores is None:
        reasons.append(("no_assessment", 0))
        return Indication("unknown", sum(w for _, w in reasons), tuple(reasons))
    for domain in ("experience", "skills", "social_support", "life_management"):
        if scores.get(domain, 5) <= NEEDS_SUPPORT_AT_MOST:
            reasons.append((f"needs_support_{domain}", 1))
    if scores.get("motivation", 0) >= MOTIVATED_FROM:
        reasons.append(("motivated", 1))
    else:
        reasons.append(("motivation_first", -1))
    if scores.get("work_ability", 5) <= 1:
        reasons.append(("work_ability_first", -2))
    if scores.get("practical", 5) <= NEEDS_SUPPORT_AT_MOST:
        reasons.append(("practical_barriers", 0))
    score = sum(weight for _, weight in reasons)
    level = "strong" if score >= 4 else "some" if score >= 2 else "low"
    return Indication(level, score, tuple(reasons))
