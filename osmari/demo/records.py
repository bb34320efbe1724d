"""The demo coach's journal with two corrected entries, a changed plan step, and records
that keep in step: the service stage drawn at random for clients without periods is put
where their periods leave it, except for a few contradictions left for the check to list."""

from __future__ import annotations

import random
from datetime import date, timedelta

from osmari.accounts.models import User
from osmari.clients import services
from osmari.clients.models import Client, JournalEntry, PlanStep, ServiceStage
from osmari.core.models import EmploymentArea

JOURNAL = [
    ("meeting", "Alkutapaaminen. Käytiin läpi työhistoria ja toiveet: varasto- tai kiinteistötyö."),
    ("call", "Puhelu: sovittiin työkokeilupaikan esittelystä ensi viikolle."),
    ("message", "Viesti: CV:n päivitetty versio tullut sähköpostilla."),
    ("note", "Työkokeilun aloitus sovittu, työpaikkaohjaajan kanssa puhuttu tehtävistä."),
]
CORRECTIONS = [
    (
        "Alkutapaaminen. Käytiin läpi työhistoria ja toiveet: kiinteistöhuolto tai siivous.",
        "Toiveet kirjattu väärin, asiakas korjasi seuraavalla tapaamisella",
    ),
    (
        "Puhelu: sovittiin työkokeilupaikan esittelystä tiistaina 10.00.",
        "Päivä tarkentui",
    ),
]
# Placed clients left without a period, for the check of contradictions to find.
LEFT_CONTRADICTING = 3


def seed_demo_records(rng: random.Random, area: EmploymentArea, coach: User, today: date) -> int:
    """Returns how many journal entries were made; nothing when the coach has a journal."""
    if JournalEntry.objects.filter(client__area=area, author=coach).exists():
        return 0
    _stages_in_step(area)
    clients = list(
        Client.objects.filter(area=area, coach=coach, placements__isnull=False)
        .distinct()
        .order_by("pk")[:6]
    )
    made = 0
    for number, client in enumerate(clients):
        entries = []
        for offset, (kind, text) in enumerate(JOURNAL[: 2 + number % 3]):
            entries.append(
                services.journal_add(
                    actor=coach,
                    client=client,
                    kind=kind,
                    occurred_on=today - timedelta(days=60 - 14 * offset - rng.randrange(0, 5)),
                    text=text,
                )
            )
            made += 1
        if number < len(CORRECTIONS):
            text, reason = CORRECTIONS[number]
            services.journal_correct(
                actor=coach, entry=entries[number], text=text, reason=reason, corrections_seen=0
            )
    step = (
        PlanStep.objects.filter(plan__client__area=area, plan__client__coach=coach, done_on=None)
        .select_related("plan__client")
        .order_by("pk")
        .first()
    )
    if step is not None:
        services.plan_step_edit(
            actor=coach,
            step=step,
            text=step.text,
            owner=step.owner,
            due_on=max(step.due_on, today) + timedelta(days=14),
            done_on=None,
        )
    return made


def _stages_in_step(area: EmploymentArea) -> None:
    """The demo's clients were given stages before their periods existed. Those the periods
    moved are right; the placed ones without a period under way go back into service,
    but for a few that the check of contradictions lists."""
    placed_without_period = (
        Client.objects.filter(area=area, stage=ServiceStage.PLACED)
        .exclude(placements__status="active")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    tidied = list(placed_without_period)[LEFT_CONTRADICTING:]
    Client.objects.filter(pk__in=tidied).update(stage=ServiceStage.IN_SERVICE)
