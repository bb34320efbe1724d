"""Synthetic client work for the demo area: a handful of activities per client over the last
months and a weekly group session per coach, so that the client page, the activity list,
the hours summary and the report's client-work section have something to show."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from osmari.clients.coaching import kinds_ensure
from osmari.clients.models import (
    ActivityKind,
    ActivityParticipant,
    Appointment,
    AppointmentWay,
    Attendance,
    Client,
    CoachingActivity,
)
from osmari.core.models import EmploymentArea
from osmari.placements.models import Placement

NOTES = {
    "individual": ["Tavoitteiden läpikäynti", "Arjen rytmi ja tavoitteet", "Seurantatapaaminen"],
    "job_search": ["CV päivitetty", "Hakemus varastotyöhön", "Työpaikkailmoitusten läpikäynti"],
    "study_guidance": ["Hakeminen ammatilliseen koulutukseen", "Oppisopimusmahdollisuudet"],
    "workplace_visit": ["Tutustumiskäynti työpaikalla", "Käynti jakson aikana"],
}
GROUP_TOPICS = ["CV-paja", "Työnhaku verkossa", "Haastatteluharjoitus", "Digitaidot arjessa"]
INDIVIDUAL_WEIGHTS = {"individual": 5, "job_search": 4, "study_guidance": 1, "workplace_visit": 1}


def seed_coaching(rng: random.Random, area: EmploymentArea, today: date) -> int:
    """Two to six activities for most clients of the area, and group sessions; nothing when
    the area has activities already. Returns how many activities were made."""
    if CoachingActivity.objects.filter(area=area).exists():
        return 0
    kinds_ensure(area=area)
    kinds = {k.code: k for k in ActivityKind.objects.filter(area=area)}
    clients = list(Client.objects.filter(area=area, coach__isnull=False).order_by("pk"))
    activities: list[CoachingActivity] = []
    individual_of: list[Client] = []
    for client in clients:
        if rng.random() < 0.15:
            continue
        for _n in range(rng.randint(2, 6)):
            code = rng.choices(list(INDIVIDUAL_WEIGHTS), list(INDIVIDUAL_WEIGHTS.values()))[0]
            activities.append(
                CoachingActivity(
                    area=area,
                    kind=kinds[code],
                    coach_id=client.coach_id,
                    occurred_on=today - timedelta(days=rng.randrange(0, 180)),
                    minutes=rng.choice([30, 45, 45, 60, 60, 90]),
                    note=rng.choice(NOTES[code]),
                    client=client,
                )
            )
            individual_of.append(client)
    by_coach: dict[int, list[Client]] = {}
    for client in clients:
        by_coach.setdefault(client.coach_id, []).append(client)
    sessions: list[tuple[CoachingActivity, list[Client]]] = []
    for coach_id, caseload in sorted(by_coach.items()):
        for week in range(0, 26, 2):
            group = rng.sample(caseload, min(len(caseload), rng.randint(4, 9)))
            session = CoachingActivity(
                area=area,
                kind=kinds["group"],
                coach_id=coach_id,
                occurred_on=today - timedelta(days=7 * week + rng.randrange(1, 5)),
                minutes=rng.choice([90, 120, 180]),
                note=rng.choice(GROUP_TOPICS),
            )
            sessions.append((session, group))
    CoachingActivity.objects.bulk_create(
        activities + [s for s, _group in sessions], batch_size=2000
    )
    participants = [
        ActivityParticipant(activity=activity, client=client)
        for activity, client in zip(activities, individual_of, strict=True)
    ]
    for session, group in sessions:
        participants += [
            ActivityParticipant(
                activity=session,
                client=client,
                attendance=Attendance.ABSENT if rng.random() < 0.15 else Attendance.PRESENT,
            )
            for client in group
        ]
    ActivityParticipant.objects.bulk_create(participants, batch_size=5000)
    return len(activities) + len(sessions)


# Where and how the demo's appointments are held, with what the person is asked to bring.
APPOINTMENT_WAYS = [
    (AppointmentWay.IN_PERSON, "Työllisyyspalvelut, Maaherrankatu 12, Mikkeli", "Ota mukaan CV."),
    (AppointmentWay.IN_PERSON, "Työllisyyspalvelut, Maaherrankatu 12, Mikkeli", ""),
    (AppointmentWay.PHONE, "", "Soitan sinulle. Pidä puhelin lähellä."),
    (AppointmentWay.VIDEO, "https://meet.example.fi/valmennus", "Kokeile linkkiä etukäteen."),
]
APPOINTMENT_CLIENTS = 8


def seed_appointments(rng: random.Random, area: EmploymentArea, today: date) -> int:
    """A coming appointment or two for a few clients, those with a period under way first,
    so that the client page and the person's own pages show them; nothing when the area
    has appointments already. Returns how many were made."""
    if Appointment.objects.filter(area=area).exists():
        return 0
    under_way = Placement.objects.filter(area=area, status__in=("planned", "active")).values(
        "client"
    )
    coached = Client.objects.filter(area=area, coach__isnull=False).order_by("pk")
    clients = list(coached.filter(pk__in=under_way)[:APPOINTMENT_CLIENTS])
    clients += list(coached.exclude(pk__in=under_way)[: APPOINTMENT_CLIENTS - len(clients)])
    appointments = []
    for client in clients:
        for _n in range(rng.randint(1, 2)):
            day = today + timedelta(days=rng.randint(2, 21))
            if day.weekday() >= 5:  # on a weekday, in office hours
                day += timedelta(days=7 - day.weekday())
            way, place, note = rng.choice(APPOINTMENT_WAYS)
            appointments.append(
                Appointment(
                    area=area,
                    client=client,
                    coach_id=client.coach_id,
                    starts_at=timezone.make_aware(
                        datetime.combine(day, time(rng.randint(9, 14), rng.choice([0, 30])))
                    ),
                    minutes=rng.choice([30, 45, 60, 60, 90]),
                    way=way,
                    place=place,
                    note_for_client=note,
                )
            )
    Appointment.objects.bulk_create(appointments)
    return len(appointments)
