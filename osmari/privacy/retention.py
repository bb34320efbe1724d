"""When a record's retention has ended: one rule per record type, in one place.

Pure: dates in, a verdict out. The periods themselves (how many years, counted from what)
are the register's (`osmari.core.register`), so the documents and the destruction cannot
disagree; this module says which date of a record each period is counted from. The
Django side (`osmari.privacy.due`) reads those dates from the database and hands them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def kept_until_end_of_year(counted_from: date, years: int) -> date:
    """The last day a record is kept when its period is counted from the end of the year in
    which `counted_from` falls (the usual rule of the records plan): 31 December, `years`
    years later."""
    return date(counted_from.year + years, 12, 31)


def kept_until(counted_from: date, years: int) -> date:
    """The last day a record is kept when its period is counted from the day itself."""
    try:
        return counted_from.replace(year=counted_from.year + years)
    except ValueError:  # 29 February
        return counted_from.replace(year=counted_from.year + years, day=28)


@dataclass(frozen=True)
class ClientFacts:
    """What decides when a client's record may go.

    `service_days` are the known days of the client's service in Osmari (the record's
    creation, the last service, the end of each period and of the ESF+ participation);
    `open_service` is true while a period or an ESF+ participation has not ended. An ESF+
    participant's record is also the project's document: `esf_last_payments` holds, for each
    programme the participation falls in, the day of the programme's last payment, or None
    while it has not been recorded.
    """

    service_days: tuple[date, ...]
    open_service: bool = False
    participant: bool = False
    esf_last_payments: tuple[date | None, ...] = ()
    # The days a subsidy that may be state aid (de minimis or block-exempted) was granted
    # for the client's periods: its records are kept ten years.
    aid_granted: tuple[date, ...] = ()


@dataclass(frozen=True)
class Verdict:
    due: bool
    # Why a record is still kept, as a stable code (see HELD_REASONS in `due`).
    held_because: str = ""
    kept_until: date | None = None


# Regulation (EU) 2023/2831 art. 6(4) (de minimis) and 651/2014 art. 12 (block exemption).
STATE_AID_YEARS = 10


def client_verdict(
    facts: ClientFacts,
    today: date,
    *,
    service_years: int,
    esf_years: int,
    aid_years: int = STATE_AID_YEARS,
) -> Verdict:
    """A client's record (and everything that cascades from it) is due when the service
    period has ended and, for an ESF+ participant, the project's period too, and for a
    subsidy granted for their period, the state-aid period: the latest decides."""
    if facts.open_service:
        return Verdict(False, "open_service")
    last_service = max(facts.service_days)
    until = kept_until_end_of_year(last_service, service_years)
    if facts.participant:
        if not facts.esf_last_payments:
            return Verdict(False, "no_programme", until)
        if any(paid is None for paid in facts.esf_last_payments):
            return Verdict(False, "payment_not_recorded", until)
        for paid in facts.esf_last_payments:
            assert paid is not None
            until = max(until, kept_until_end_of_year(paid, esf_years))
    general = until
    for granted in facts.aid_granted:
        until = max(until, kept_until_end_of_year(granted, aid_years))
    if today <= general:
        return Verdict(False, "within_period", until)
    if today <= until:
        # The general rule would let the record go; the aid's own ten years keep it.
        return Verdict(False, "state_aid", until)
    return Verdict(True, kept_until=until)


def account_verdict(ended_on: date | None, today: date, *, years: int) -> Verdict:
    """A user account: counted from the end of its holder's last role, which is the day the
    account was deactivated or the day its last lent role ran out. An account in use is
    kept whatever its age."""
    if ended_on is None:
        return Verdict(False, "in_use")
    until = kept_until(ended_on, years)
    return Verdict(today > until, "" if today > until else "within_period", until)


def feedback_verdict(submitted_on: date, today: date, *, years: int) -> Verdict:
    """Feedback answers: counted from the end of the year in which the survey closed for the
    answer, which is the month it was answered in (an invitation answers once)."""
    until = kept_until_end_of_year(submitted_on, years)
    return Verdict(today > until, "" if today > until else "within_period", until)


def log_verdict(occurred_on: date, today: date, *, years: int) -> Verdict:
    """Log data: counted from the event."""
    until = kept_until(occurred_on, years)
    return Verdict(today > until, "" if today > until else "within_period", until)


def feedback_due_before(today: date, years: int) -> date:
    """The answers submitted before this day are due: the inverse of `feedback_verdict`, so
    that the database can filter."""
    return date(today.year - years, 1, 1)


def log_due_before(today: date, years: int) -> date:
    """Events that occurred before this day are due: the inverse of `log_verdict`."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)
