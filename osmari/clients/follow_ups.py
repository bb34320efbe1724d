"""The six-month follow-up's result, recorded once, from one of three sources: the register
extract where it covers the day, otherwise a call the coach records or the person's own
answer through a link.

The first result recorded stands. It may already be counted in a reported figure (a closed
payment-claim period's EECR05 is kept as reported), so a later extract or a late answer
never changes it silently; a coach who learns it was wrong corrects it on the enrolment,
where the change is audited with its new source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.clients import consents
from osmari.clients.choices import ConsentPurpose, FollowUpSource, TriState
from osmari.clients.models import Client, Enrolment
from osmari.clients.spells import add_months
from osmari.core.audit import Actor, audit_record

# The ESF+ longer-term result (EECR05, EECR06) is the participant's situation six months
# after they left the programme.
FOLLOW_UP_MONTHS = 6


@dataclass(frozen=True)
class ExtractAnswer:
    """What the latest register extract says of one enrolment's follow-up day."""

    employed: str = TriState.UNKNOWN
    improved: str = TriState.UNKNOWN
    # The extract was made on or after the follow-up day: it can answer, or has said it
    # cannot (no spell covers the day).
    extract_on: date | None = None

    @property
    def answers(self) -> bool:
        return self.employed != TriState.UNKNOWN

    @property
    def employed_label(self) -> str:
        return str(TriState(self.employed).label)


# The register extract's reading of the follow-up day (extracts registers it in its
# ready()): the app below it cannot read the extract itself.
ExtractReader = Callable[[list[Enrolment]], dict[int, ExtractAnswer]]
_EXTRACT_READERS: list[ExtractReader] = []


def extract_reader_register(reader: ExtractReader) -> None:
    if reader not in _EXTRACT_READERS:
        _EXTRACT_READERS.append(reader)


def extract_answers(enrolments: Iterable[Enrolment]) -> dict[int, ExtractAnswer]:
    """For each enrolment (by pk) what the extract says, where an extract says anything."""
    enrolments = list(enrolments)
    found: dict[int, ExtractAnswer] = {}
    for reader in _EXTRACT_READERS:
        found.update(reader(enrolments))
    return found


def enrolment_of(client: Client) -> Enrolment | None:
    """The client's enrolment, read fresh (a cached one may predate a result)."""
    return Enrolment.objects.filter(client=client).select_related("client").first()


def has_result(enrolment: Enrolment) -> bool:
    return bool(
        enrolment.follow_up_source
        or enrolment.follow_up_on
        or enrolment.employed_after_6_months != TriState.UNKNOWN
        or enrolment.improved_after_6_months != TriState.UNKNOWN
    )


def already_recorded() -> str:
    return _(
        "The six-month follow-up's result is already recorded. Correct it on the enrolment "
        "if it is wrong."
    )


@transaction.atomic
def result_record(
    *,
    actor: Actor,
    enrolment: Enrolment,
    employed: str,
    improved: str,
    source: str,
    on: date,
) -> Enrolment:
    """Record the follow-up's result and where it came from, once.

    A call or the person's answer is a contact, made only while the person consents to it
    (checked now, inside the transaction). The extract needs no contact: ESF+ allows the
    longer-term result to be taken from administrative registers."""
    if source not in FollowUpSource.values:
        raise ValueError(f"Unknown follow-up source {source!r}")
    values = {"employed_after_6_months": employed, "improved_after_6_months": improved}
    errors = {
        name: _("Choose yes, no or unknown.")
        for name, value in values.items()
        if value not in TriState.values
    }
    if errors:
        raise ValidationError(errors)
    locked = Enrolment.objects.select_for_update().select_related("client").get(pk=enrolment.pk)
    if locked.left_on is None:
        raise ValidationError({"follow_up_on": _("The follow-up needs an exit date first.")})
    if add_months(locked.left_on, FOLLOW_UP_MONTHS) > on:
        raise ValidationError({"follow_up_on": _("The six-month follow-up is not due yet.")})
    if has_result(locked):
        raise ValidationError({"follow_up_on": already_recorded()})
    if source != FollowUpSource.EXTRACT and not consents.has_consent(
        locked.client, ConsentPurpose.FOLLOW_UP
    ):
        raise ValidationError({"follow_up_on": consents.follow_up_refused()})
    locked.follow_up_on = on
    locked.employed_after_6_months = employed
    locked.improved_after_6_months = improved
    locked.follow_up_source = source
    locked.save(
        update_fields=[
            "follow_up_on",
            "employed_after_6_months",
            "improved_after_6_months",
            "follow_up_source",
        ]
    )
    audit_record(
        actor=actor,
        action="enrolment.follow_up",
        obj=locked.client,
        area=locked.client.area,
        person_ref=locked.client.person_ref,
        changes={
            "follow_up_on": [None, on.isoformat()],
            "employed_after_6_months": [TriState.UNKNOWN, employed],
            "improved_after_6_months": [TriState.UNKNOWN, improved],
            "follow_up_source": [None, source],
        },
    )
    return locked
