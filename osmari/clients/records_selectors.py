"""Reads of a journal entry and a plan step, for a client already fetched through
`selectors.client_get_for_user`."""

from __future__ import annotations

from django.http import Http404

from osmari.clients.models import JournalCorrection, JournalEntry, PlanStep


def journal_entry_of(client, pk: int) -> JournalEntry:
    entry = JournalEntry.objects.select_related("author").filter(client=client, pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def corrections_of(entry: JournalEntry) -> list[JournalCorrection]:
    """The entry's earlier texts, oldest first, with who corrected them."""
    return list(entry.corrections.select_related("corrected_by"))


def plan_step_of(client, pk: int) -> PlanStep:
    step = PlanStep.objects.select_related("plan").filter(plan__client=client, pk=pk).first()
    if step is None:
        raise Http404
    return step
