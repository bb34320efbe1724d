"""Feedback records for tests: invitations, answered responses and the follow-ups they raise,
written straight to the tables (the services that make them are tested on their own)."""

from __future__ import annotations

from datetime import date, timedelta

from osmari.core.tests.builders import TODAY
from osmari.feedback.models import FollowUpTask, Invitation, Response, Survey
from osmari.feedback.tokens import new_token


def make_invitation(
    area, survey_key: str = "participant_end", *, due_on: date = TODAY, **fields
) -> Invitation:
    """An invitation to the survey's current version, due on `due_on`, its link working for
    30 days; pass `placement` or `organisation` for whom it is about."""
    survey = Survey.objects.get(key=survey_key)
    values = {
        "due_key": new_token()[0],
        "expires_on": due_on + timedelta(days=30),
        "language": "fi",
        "token_hash": new_token()[1],
    }
    values.update(fields)
    return Invitation.objects.create(
        area=area, survey=survey, version=survey.current_version(), due_on=due_on, **values
    )


def make_response(
    area,
    organisation,
    *,
    survey_key: str = "participant_end",
    on: date = TODAY,
    answers: dict[str, int | str] | None = None,
    version=None,
    **fields,
) -> Response:
    """A response about a work trial at the organisation, submitted on `on`; `answers` by
    question key, a number for a scale and a text for a free-text question. To the
    survey's version in use unless `version` says another."""
    survey = Survey.objects.get(key=survey_key)
    version = version or survey.current_version()
    values = {
        "position_kind": "work_trial",
        "municipality": organisation.municipality if organisation else None,
        "language": "fi",
    }
    values.update(fields)
    response = Response.objects.create(
        version=version,
        area=area,
        survey=survey,
        organisation=organisation,
        submitted_on=on,
        **values,
    )
    for key, value in (answers or {}).items():
        kind = "number" if isinstance(value, int) else "text"
        response.answer(version.questions.get(key=key), **{kind: value}).save()
    return response


def make_follow_up(placement, reason: str = "low_wellbeing") -> FollowUpTask:
    """An open follow-up of the period's participant, from an answer they shared with their
    coach."""
    area, client = placement.area, placement.client
    invitation = make_invitation(area, "participant_middle", placement=placement)
    response = make_response(
        area,
        placement.organisation,
        survey_key="participant_middle",
        invitation=invitation,
        client=client,
        share_with_coach=True,
    )
    return FollowUpTask.objects.create(
        area=area, client=client, placement=placement, response=response, reason=reason
    )
