"""The demo area's training against its goals, coaches of the municipalities included, and
what the programme has communicated to whom."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from osmari.accounts import access
from osmari.accounts.models import Membership, Role, User
from osmari.accounts.services import membership_grant
from osmari.reporting.competence_models import AreaTraining, Dissemination, TopicGoal
from osmari.reporting.models import Programme, StaffTraining

# Coaches of the municipalities who use the models without being paid from the programme.
MUNICIPAL_COACHES = [
    ("pieksamaki.coach@demo.osmari.fi", "Minna Kuntavalmentaja"),
    ("juva.coach@demo.osmari.fi", "Pekka Kuntavalmentaja"),
]
# topic → (roles to be trained, due in days from today: a past goal shows who is late)
GOALS = {
    "identification": (["coach", "manager", "programme_staff"], -60),
    "feedback": (["coach", "programme_staff"], 120),
    "agreement": (["coach", "employer_services", "manager"], 240),
    "reciprocity": (["employer_services", "manager"], 300),
}
TRAININGS = {
    "identification": ("Tunnistamisen malli ja palvelutarpeen arviointi", "Hankkeen oma koulutus"),
    "feedback": ("Palautemalli käytännössä", "Hankkeen oma koulutus"),
    "agreement": ("Yhteistyösopimuksen laatiminen työnantajan kanssa", "Hankkeen oma koulutus"),
    "reciprocity": ("Vastavuoroisuusmalli ja de minimis -tuki", "ELY-keskus"),
}
DISSEMINATION = [
    # kind, title, days ago, audiences, reached, link
    (
        "event",
        "Hankkeen aloitusseminaari",
        420,
        ["municipalities", "employers", "partners"],
        64,
        "https://example.fi/polkuja/aloitusseminaari",
    ),
    ("municipal_meeting", "Kuntakierros: Pieksämäki", 360, ["municipalities", "staff"], 14, ""),
    ("municipal_meeting", "Kuntakierros: Juva", 330, ["municipalities", "staff"], 9, ""),
    (
        "employer_meeting",
        "Yrittäjien aamukahvit: työkokeilu ja palkkatuki",
        250,
        ["employers"],
        27,
        "",
    ),
    (
        "publication",
        "Esite: Työkokeilu yrityksellesi",
        200,
        ["employers"],
        None,
        "https://example.fi/polkuja/esite-tyonantajille.pdf",
    ),
    (
        "social_media",
        "Hankkeen verkkosivut ja uutiskirje",
        150,
        ["public", "jobseekers"],
        410,
        "https://example.fi/polkuja",
    ),
    ("event", "Palautemallin esittely muille ESR-hankkeille", 90, ["partners"], 35, ""),
    ("employer_meeting", "Vastavuoroisuusmallin työpaja yrityksille", 30, ["employers"], 18, ""),
]


def seed_competence(
    rng: random.Random,
    programme: Programme,
    manager: User,
    today: date,
    make_user: Callable[[str, str], User],
) -> None:
    if AreaTraining.objects.filter(programme=programme).exists():
        return  # seeding again completes, never doubles
    area = programme.area
    for email, name in MUNICIPAL_COACHES:
        user = make_user(email, name)
        if not Membership.objects.filter(user=user, role=Role.COACH, area=area).exists():
            membership_grant(actor=None, user=user, role=Role.COACH, area=area)
    for topic, (roles, due_in) in GOALS.items():
        TopicGoal.objects.create(
            programme=programme, topic=topic, roles=roles, due_on=today + timedelta(days=due_in)
        )

    def day(days_ago: int) -> date:
        return max(programme.starts_on, today - timedelta(days=days_ago))

    trainings = []
    staff = sorted(access.area_staff(area).items(), key=lambda pair: pair[0].pk)
    for user, held in staff:
        values = {role.value for role in held}
        for topic, (roles, _due) in GOALS.items():
            # Most of those a goal names are trained; one in four is still to do.
            if values & set(roles) and rng.random() < 0.75:
                title, provider = TRAININGS[topic]
                trainings.append(
                    AreaTraining(
                        programme=programme,
                        person=user,
                        topic=topic,
                        title=title,
                        provider=provider,
                        completed_on=day(rng.randrange(20, 300)),
                        hours=Decimal(rng.choice([2, 3, 4, 6])),
                        recorded_by=manager,
                    )
                )
    AreaTraining.objects.bulk_create(trainings)
    # The paid staff's first trainings were on the models too.
    paid = StaffTraining.objects.filter(staff__programme=programme).order_by("pk")
    for training, topic in zip(paid, ["identification", "feedback"], strict=False):
        training.topic = topic
        training.save(update_fields=["topic"])
    Dissemination.objects.bulk_create(
        Dissemination(
            programme=programme,
            kind=kind,
            title=title,
            held_on=day(days_ago),
            audiences=audiences,
            reached=reached,
            material_link=link,
            recorded_by=manager,
        )
        for kind, title, days_ago, audiences, reached, link in DISSEMINATION
    )
