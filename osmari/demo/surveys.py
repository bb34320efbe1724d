"""The demo's participant end survey in a second version, in pilot with two partners: the
guidance question asks about the first week (after the change made from feedback), a
question on safety is added, and the pilot organisations have answered it."""

from __future__ import annotations

import random
from datetime import date, timedelta

from osmari.accounts.models import User
from osmari.core.models import EmploymentArea
from osmari.feedback import version_services
from osmari.feedback.models import (
    Answer,
    Response,
    ServiceChange,
    Survey,
    SurveyVersion,
    VersionStatus,
)

SURVEY = "participant_end"


def seed_survey_pilot(
    rng: random.Random, area: EmploymentArea, manager: User, today: date
) -> SurveyVersion | None:
    survey = Survey.objects.filter(key=SURVEY).first()
    if survey is None or survey.versions.filter(status=VersionStatus.PILOT).exists():
        return None
    organisations = list(area.organisations.filter(stage="active_partner").order_by("pk"))
    if not organisations:
        return None
    version = version_services.version_draft(actor=manager, area=area, survey=survey)
    guidance = version.questions.get(key="guidance")
    version_services.question_edit(
        actor=manager,
        question=guidance,
        text_fi="Saitko ensimmäisellä viikolla riittävästi ohjausta työpaikalla?",
        text_sv="Fick du tillräckligt med handledning på arbetsplatsen under den första veckan?",
        text_en="Did you get enough guidance at the workplace in the first week?",
        text_fi_plain="Autettiinko sinua työpaikalla tarpeeksi ensimmäisellä viikolla?",
    )
    version_services.question_add(
        actor=manager,
        version=version,
        key="safety",
        kind="scale5",
        text_fi="Tunsitko olosi työpaikalla turvalliseksi?",
        text_sv="Kände du dig trygg på arbetsplatsen?",
        text_en="Did you feel safe at the workplace?",
        text_fi_plain="Oliko sinun turvallista olla työpaikalla?",
    )
    version_services.version_edit(
        actor=manager,
        version=version,
        change_summary=(
            "Ohjausta koskeva kysymys kysyy nyt ensimmäisestä viikosta, ja uusi kysymys "
            "kysyy työpaikan turvallisuudesta."
        ),
        change_reason=(
            "Jakson alkuun lisättiin ohjaajatapaaminen: kysymyksen pitää kertoa, auttoiko se. "
            "Avovastauksissa toistui epävarmuus työturvallisuudesta."
        ),
        prompted_by_change=ServiceChange.objects.filter(area=area).order_by("pk").first(),
        prompted_by_question=survey.current_version().questions.filter(key="guidance").first(),
        prompted_by_theme="perehdytys ja työturvallisuus",
        guidance_fi="Ajattele koko jaksoa. Voit jättää kysymyksen väliin.",
        guidance_sv="Tänk på hela perioden. Du kan hoppa över en fråga.",
        guidance_en="Think of the whole period. You may skip a question.",
        guidance_fi_plain="Mieti koko jaksoa. Voit jättää kysymyksen vastaamatta.",
    )
    chosen = rng.sample(organisations, k=min(2, len(organisations)))
    starts = today - timedelta(days=60)
    version_services.version_pilot(
        actor=manager,
        version=version,
        organisations=chosen,
        starts=starts,
        ends=today + timedelta(days=60),
        today=starts,
    )
    _pilot_answers(rng, area, version, chosen, starts, today)
    return version


def _pilot_answers(rng, area, version, organisations, starts: date, today: date) -> None:
    """Enough answers to the pilot version for its results to show beside the version in
    use."""
    questions = [q for q in version.questions.all() if q.is_scale]
    months = sorted({starts.replace(day=1), today.replace(day=1)})
    responses = [
        Response(
            version=version,
            area=area,
            survey=version.survey,
            organisation=organisation,
            position_kind="work_trial",
            municipality=organisation.municipality,
            submitted_on=rng.choice(months),
        )
        for organisation in organisations
        for _n in range(area.min_group_size + 2)
    ]
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        [
            response.answer(
                question,
                number=rng.randint(3, 5) if question.kind == "scale5" else rng.randint(6, 10),
            )
            for response in responses
            for question in questions
        ]
    )
