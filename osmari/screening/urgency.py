"""How urgent a person on the worklist is, in one number a coach can check by hand.

Pure: reason codes in, a score out. Each reason has a weight and the score is their sum;
the worklist is ordered by it, highest first, so the first page holds the people who most
need a coach. The weights follow one rule: what is lost if nobody acts soon.

- A period ending within two weeks with no next period planned (5): in days the person
  drops out of service, and a new period takes weeks to agree.
- Waiting for a proposal (4): assessed or in service for over 30 days and no proposal
  recorded; the service stands still.
- No contact for long (4): no service for twice the area's limit; the person may be lost.
- A plan step overdue (3): something agreed has not happened.
- Long-term unemployment within 60 days (2), no service recently (2): a window to plan for,
  and contact to renew.
- ESF+ data not entered (1), long-term unemployment reached (1), an age that changes the
  wage-subsidy options soon (1): they matter, but on their own they are no emergency; long-
  term unemployment is a standing fact for most of a caseload.

Among people with the same score, the one unemployed longest comes first.
"""

from __future__ import annotations

from collections.abc import Iterable

WEIGHTS: dict[str, int] = {
    "period_ending": 5,
    "waiting": 4,
    "long_inactive": 4,
    "overdue": 3,
    "ltu_soon": 2,
    "inactive": 2,
    "esf_gap": 1,
    "ltu_reached": 1,
    "age_change_soon": 1,
}


def urgency(reasons: Iterable[str]) -> int:
    """The sum of the weights of a person's reasons; an unknown reason weighs nothing."""
    return sum(WEIGHTS.get(reason, 0) for reason in set(reasons))


def by_weight(reasons: Iterable[str]) -> list[str]:
    """The reasons, the weightiest first: the order a row explains its place in."""
    return sorted(set(reasons), key=lambda reason: (-WEIGHTS.get(reason, 0), reason))
