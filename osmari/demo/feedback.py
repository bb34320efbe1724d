"""Demo feedback: two years of answers so every chart has something to show (and some groups
are small enough to be hidden), a change made from feedback with its effect, and current
invitations and follow-ups made through the services."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db.models import Case, When
from django.http import QueryDict
from django.utils import timezone

from osmari.accounts.models import User
from osmari.core.models import EmploymentArea
from osmari.feedback import services
from osmari.feedback.models import (
    Answer,
    Invitation,
    Question,
    Response,
    Survey,
)
from osmari.feedback.tokens import new_token

# The change the demo's manager made: guidance answers rise after it.
GUIDANCE_CHANGE_ON = date(2026, 1, 15)
TEXTS = [
    "Ohjaaja oli tosi kärsivällinen.",
    "Aamuvuorot olivat raskaita bussiyhteyksien takia.",
    "Toivoisin enemmän vaihtelevia tehtäviä.",
    "Työyhteisö otti hyvin vastaan.",
    "Perehdytys jäi lyhyeksi.",
]


def _answer_value(rng: random.Random, question: Question, on: date) -> dict:
    if question.kind == "scale5":
        base = 3.4
        if question.key == "guidance":
            base = 2.9 if on < GUIDANCE_CHANGE_ON else 3.9
        return {"number": max(1, min(5, round(rng.gauss(base, 0.9))))}
    if question.kind == "scale10":
        return {"number": max(0, min(10, round(rng.gauss(7.5, 1.6))))}
    if question.kind == "single":
        weights = [6, 3, 1] if len(question.choices) == 3 else None
        return {"choices": [rng.choices([c["value"] for c in question.choices], weights)[0]]}
    if question.kind == "multiple":
        return {"choices": [rng.choice(question.choices)["value"]]}
    if rng.random() < 0.3:
        return {"text": rng.choice(TEXTS)}
    return {}


def seed_feedback(rng: random.Random, area: EmploymentArea, manager: User, today: date) -> None:
    if Response.objects.filter(area=area).exists():
        return
    surveys = {s.key: s for s in Survey.objects.all()}
    organisations = list(
        area.organisations.filter(stage__in=["active_partner", "paused", "ended"]).order_by("pk")
    )
    municipalities = list(area.municipalities.order_by("code"))
    invitations, responses, answer_specs = [], [], []
    for key in ("participant_end", "participant_start", "instructor_end"):
        survey = surveys[key]
        version = survey.current_version()
        questions = list(version.questions.all())
        for quarter_start in _quarters(date(today.year - 1, 1, 1), today):
            for organisation in organisations:
                # Big partners answer often, small ones rarely: some groups stay hidden.
                many = organisation.pk % 3 == 0
                for _ in range(rng.randrange(3, 9) if many else rng.randrange(0, 3)):
                    on = quarter_start + timedelta(days=rng.randrange(0, 88))
                    if on > today:
                        continue
                    invitation, response = _answered(
                        rng,
                        area,
                        survey,
                        version,
                        organisation,
                        municipalities,
                        on,
                        due_key=f"demo:{key}:{len(invitations) + 1}",
                    )
                    invitations.append(invitation)
                    responses.append(response)
                    answer_specs.append([(q, _answer_value(rng, q, on)) for q in questions])
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(
        [
            response.answer(
                question,
                number=value.get("number"),
                text=value.get("text", ""),
                choices=value.get("choices", []),
            )
            for response, spec in zip(responses, answer_specs, strict=True)
            for question, value in spec
            if value
        ],
        batch_size=5000,
    )
    _seed_guidance_change(manager, area)
    _seed_current(rng, area, today)


def _quarters(first: date, last: date):
    """The first days of the quarters from `first` to `last`."""
    quarter_start = first
    while quarter_start <= last:
        yield quarter_start
        month = quarter_start.month + 3
        quarter_start = date(quarter_start.year + (month > 12), (month - 1) % 12 + 1, 1)


def _answered(
    rng: random.Random,
    area: EmploymentArea,
    survey: Survey,
    version,
    organisation,
    municipalities: list,
    on: date,
    *,
    due_key: str,
) -> tuple[Invitation, Response]:
    """An invitation answered on the day, and its response."""
    _token, stored = new_token()
    invitation = Invitation(
        area=area,
        survey=survey,
        version=version,
        organisation=organisation,
        due_key=due_key,
        due_on=on,
        expires_on=on + timedelta(days=30),
        language=rng.choice(["fi", "fi", "fi", "fi_plain", "sv"]),
        token_hash=stored,
        channel=rng.choice(["email", "print", "link"]),
        answered_at=timezone.make_aware(
            datetime.combine(on, time.min), timezone.get_current_timezone()
        ),
    )
    # Answers without a yes to sharing: nothing leads back to the invitation.
    response = Response(
        version=version,
        area=area,
        survey=survey,
        organisation=organisation,
        position_kind=rng.choice(["work_trial", "work_trial", "wage_subsidy"]),
        municipality=organisation.municipality
        if organisation.municipality in municipalities
        else rng.choice(municipalities),
        submitted_on=on.replace(day=1),
    )
    return invitation, response


def _seed_guidance_change(manager: User, area: EmploymentArea) -> None:
    guidance = Question.objects.filter(
        version__survey__key="participant_end", key="guidance"
    ).first()
    services.service_change_record(
        actor=manager,
        area=area,
        title="Työpaikkaohjaajille perehdytysopas ja ohjaajatapaaminen jakson alkuun",
        description=(
            "Loppukyselyissä ohjauksen riittävyys sai heikoimmat arviot, ja avovastauksissa "
            "toistui lyhyt perehdytys. Jokainen jakso alkaa nyt ohjaajan ja valmentajan "
            "yhteisellä tapaamisella ja perehdytysoppaalla."
        ),
        changed_on=GUIDANCE_CHANGE_ON,
        question=guidance,
    )


DEMO_COACH = "coach@demo.osmari.fi"


def _seed_current(rng: random.Random, area: EmploymentArea, today: date) -> None:
    """Invitations of the running periods, and two answers that call for a follow-up."""
    services.invitations_schedule(today=today)
    for invitation in (
        Invitation.objects.filter(
            area=area,
            survey__key__in=["participant_start", "participant_middle"],
            answered_at__isnull=True,
            placement__isnull=False,
        )
        .select_related("placement")
        # The demo coach's own people first, so that their day has answers to follow up.
        .order_by(Case(When(placement__client__coach__email=DEMO_COACH, then=0), default=1), "pk")[
            :2
        ]
    ):
        token = services.invitation_deliver(invitation=invitation, channel="link")
        data = QueryDict(mutable=True)
        data.update({"q_wellbeing": "2", "q_guidance": "1", "q_continue": "not_sure"})
        services.response_submit(
            token=token,
            data=data,
            language=invitation.language,
            share_with_coach=True,
            today=today,
        )


def seed_bulk_feedback(
    rng: random.Random, area: EmploymentArea, today: date, per_client: float
) -> int:
    """National volume: answers to the participant's end survey over two years, without the
    services (bulk data for measuring speed)."""
    if Response.objects.filter(area=area).exists():
        return 0
    survey = Survey.objects.get(key="participant_end")
    version = survey.current_version()
    questions = list(version.questions.filter(kind__in=["scale5", "scale10", "single"]))
    organisations = list(area.organisations.order_by("pk").values_list("pk", "municipality_id"))
    if not organisations:
        return 0
    count = int(area.clients.count() * per_client)
    invitations, responses = [], []
    for n in range(count):
        organisation_id, municipality_id = rng.choice(organisations)
        on = today - timedelta(days=rng.randrange(0, 730))
        invitation = Invitation(
            area=area,
            survey=survey,
            version=version,
            organisation_id=organisation_id,
            due_key=f"bulk:{area.pk}:{n}",
            due_on=on,
            expires_on=on + timedelta(days=30),
            language="fi",
            token_hash=f"{area.pk:04d}{n:060d}",
        )
        invitations.append(invitation)
        responses.append(
            Response(
                version=version,
                area=area,
                survey=survey,
                organisation_id=organisation_id,
                position_kind=rng.choice(["work_trial", "wage_subsidy"]),
                municipality_id=municipality_id,
                submitted_on=on.replace(day=1),
            )
        )
    Invitation.objects.bulk_create(invitations, batch_size=5000)
    Response.objects.bulk_create(responses, batch_size=5000)
    answers = [
        response.answer(question, **_answer_value(rng, question, today))
        for response in responses
        for question in questions
    ]
    Answer.objects.bulk_create(answers, batch_size=10000)
    return len(answers)
