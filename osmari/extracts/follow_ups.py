"""The six-month follow-up from the register extract: its status spells read on the day six
months after leaving (`six_months`), recorded through the client record's one way of
recording a result (`clients.follow_ups.result_record`), so that nothing is typed twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from osmari.clients import follow_ups
from osmari.clients.choices import FollowUpSource
from osmari.clients.follow_ups import FOLLOW_UP_MONTHS
from osmari.clients.models import Enrolment
from osmari.clients.spells import add_months
from osmari.core.audit import Actor
from osmari.extracts import mapping, six_months
from osmari.extracts.models import Extract, RegisterFact


def follow_up_day(enrolment: Enrolment) -> date | None:
    if enrolment.left_on is None:
        return None
    return add_months(enrolment.left_on, FOLLOW_UP_MONTHS)


def _current_spells(client_ids: Iterable[int]) -> dict[int, tuple[date, list[six_months.Spell]]]:
    """Each client's status spells in their latest extract, with that extract's date."""
    found: dict[int, tuple[date, list[six_months.Spell]]] = {}
    spells: dict[int, list[six_months.Spell]] = defaultdict(list)
    dates: dict[int, date] = {}
    facts = RegisterFact.objects.filter(client_id__in=list(client_ids), is_current=True).values(
        "client_id", "kind", "value", "start_on", "end_on", "extract__extracted_on"
    )
    for fact in facts:
        client_id = fact["client_id"]
        # The current facts are the latest extract's: one date a client.
        dates[client_id] = fact["extract__extracted_on"]
        if fact["kind"] == mapping.STATUS and fact["value"] and fact["start_on"]:
            spells[client_id].append(
                six_months.Spell(fact["value"], fact["start_on"], fact["end_on"])
            )
    for client_id, extracted_on in dates.items():
        found[client_id] = (extracted_on, spells[client_id])
    return found


def _reading(
    enrolment: Enrolment, extracted_on: date, spells: list[six_months.Spell]
) -> six_months.Reading:
    day = follow_up_day(enrolment)
    assert day is not None and enrolment.left_on is not None
    return six_months.reading(
        spells, follow_up_on=day, extracted_on=extracted_on, left_on=enrolment.left_on
    )


def extract_answers(enrolments: list[Enrolment]) -> dict[int, follow_ups.ExtractAnswer]:
    """What each participant's latest extract says of their follow-up day, for the list."""
    left = [e for e in enrolments if e.left_on is not None]
    current = _current_spells(e.client_id for e in left)
    answers = {}
    for enrolment in left:
        if enrolment.client_id not in current:
            continue
        extracted_on, spells = current[enrolment.client_id]
        read = _reading(enrolment, extracted_on, spells)
        day = follow_up_day(enrolment)
        answers[enrolment.pk] = follow_ups.ExtractAnswer(
            employed=read.employed,
            improved=read.improved,
            extract_on=extracted_on if day is not None and extracted_on >= day else None,
        )
    return answers


def follow_ups_from_extract(*, actor: Actor, extract: Extract, client_ids: set[int]) -> int:
    """Record the follow-up of each client this extract is the latest for, whose follow-up
    day it covers and whose result is not recorded yet: in the import's transaction, each
    audited. A result already recorded, from a call, the person or an earlier extract,
    stands (see `clients.follow_ups`). Returns how many were recorded."""
    limit = add_months(extract.extracted_on, -FOLLOW_UP_MONTHS)
    enrolments = [
        e
        for e in Enrolment.objects.filter(
            client_id__in=client_ids, left_on__isnull=False, left_on__lte=limit
        ).select_related("client")
        if not follow_ups.has_result(e)
    ]
    if not enrolments:
        return 0
    current = _current_spells(e.client_id for e in enrolments)
    recorded = 0
    for enrolment in enrolments:
        extracted_on, spells = current.get(enrolment.client_id, (extract.extracted_on, []))
        read = _reading(enrolment, extracted_on, spells)
        day = follow_up_day(enrolment)
        if not read.answers or day is None:
            continue
        try:
            follow_ups.result_record(
                actor=actor,
                enrolment=enrolment,
                employed=read.employed,
                improved=read.improved,
                source=FollowUpSource.EXTRACT,
                on=day,
            )
        except ValidationError:
            continue
        recorded += 1
    return recorded


def take_from_extract(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """From the follow-up list: record what the latest extract says, where it says it (an
    extract imported before this was in place, or before the exit date was recorded)."""
    answer = extract_answers([enrolment]).get(enrolment.pk)
    if answer is None or not answer.answers or answer.extract_on is None:
        raise ValidationError(
            {"follow_up_on": _("The register extract does not say how the person was doing.")}
        )
    day = follow_up_day(enrolment)
    assert day is not None
    return follow_ups.result_record(
        actor=actor,
        enrolment=enrolment,
        employed=answer.employed,
        improved=answer.improved,
        source=FollowUpSource.EXTRACT,
        on=day,
    )
