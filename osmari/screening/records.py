"""The engine's case from a person's records, for one person or many.

Screening, matching and the placement rules all build their cases here, so the engine sees
the same facts whichever page asks; many people cost the same few queries as one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from osmari.clients.models import Client, SensitiveData, StatusSpell
from osmari.core.models import EducationLevel
from osmari.screening.cases import past_period
from osmari.screening.engine import Case, Organisation, PastPlacement, Spell

PERIOD_VALUES = (
    "pk",
    "client_id",
    "kind",
    "status",
    "organisation__business_id",
    "organisation__kind",
    "position__title",
    "start_on",
    "end_on",
    "ended_on",
)


def _spells(ids: list[int]) -> dict[int, list[Spell]]:
    found: dict[int, list[Spell]] = defaultdict(list)
    rows = StatusSpell.objects.filter(client_id__in=ids).values_list(
        "client_id", "status", "start_on", "end_on"
    )
    for client_id, status, start, end in rows:
        found[client_id].append(Spell(status, start, end))
    return found


def _past_periods(ids: list[int], exclude_placement: int | None) -> dict[int, list[PastPlacement]]:
    # Placements sit below screening in the app order: their periods are read through the
    # person's reverse relation (there once every app is loaded), not by importing them.
    periods = Client._meta.get_field("placements").related_model
    found: dict[int, list[PastPlacement]] = defaultdict(list)
    rows = periods.objects.filter(client_id__in=ids).values_list(*PERIOD_VALUES)
    for pk, client_id, kind, status, business_id, org_kind, title, start, end, ended in rows:
        if pk == exclude_placement:
            continue
        period = past_period(
            kind=kind,
            status=status,
            organisation=business_id,
            organisation_kind=org_kind,
            tasks=title,
            start=start,
            planned_end=end,
            ended=ended,
        )
        if period is not None:
            found[client_id].append(period)
    return found


def _sensitive(ids: list[int]) -> dict[int, tuple[bool | None, bool | None]]:
    rows = SensitiveData.objects.filter(client_id__in=ids).values_list(
        "client_id", "reduced_work_ability", "integration_plan"
    )
    return {client_id: (reduced, integration) for client_id, reduced, integration in rows}


def _education_levels(clients: list[Client]) -> dict[int, int | None]:
    """Each person's education level as the engine reads it; one query at most, none where
    the caller has loaded the levels with the people."""
    codes: dict[int, str] = {}
    unloaded = set()
    for client in clients:
        if client.education_level_id is None:
            continue
        if Client.education_level.is_cached(client):
            codes[client.education_level_id] = client.education_level.code
        else:
            unloaded.add(client.education_level_id)
    if unloaded:
        codes.update(EducationLevel.objects.filter(pk__in=unloaded).values_list("pk", "code"))
    return {
        client.pk: int(codes[client.education_level_id]) if client.education_level_id else None
        for client in clients
    }


def cases_for(
    clients: Iterable[Client],
    *,
    on: date,
    include_sensitive: bool,
    organisation: Organisation | None = None,
    exclude_placement: int | None = None,
) -> dict[int, Case]:
    """Each person's case by their id. Without the right to see sensitive data, those facts
    are left unknown rather than used behind the reader's back; `exclude_placement` leaves
    out the period being checked itself."""
    clients = list(clients)
    ids = [client.pk for client in clients]
    spells = _spells(ids)
    periods = _past_periods(ids, exclude_placement)
    sensitive = _sensitive(ids) if include_sensitive else {}
    levels = _education_levels(clients)
    cases = {}
    for client in clients:
        reduced, integration = sensitive.get(client.pk, (None, None))
        cases[client.pk] = Case(
            on=on,
            birth_date=client.birth_date,
            education_level=levels[client.pk],
            reduced_work_ability=reduced,
            integration_plan=integration,
            registered_jobseeker=client.registered_jobseeker,
            spells=tuple(spells[client.pk]),
            placements=tuple(periods[client.pk]),
            organisation=organisation,
        )
    return cases


def case_for_client(
    *,
    client: Client,
    on: date,
    include_sensitive: bool,
    organisation: Organisation | None = None,
    exclude_placement: int | None = None,
) -> Case:
    """One person's case, as `cases_for` builds everyone's."""
    return cases_for(
        [client],
        on=on,
        include_sensitive=include_sensitive,
        organisation=organisation,
        exclude_placement=exclude_placement,
    )[client.pk]
