"""Writes of a survey's versions: a draft is made from the version in use and edited in the
application, piloted with some organisations, then published, which retires the one in
use before it. Answers and invitations keep the version they were made with."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea
from osmari.employers.models import Organisation
from osmari.feedback.models import (
    Question,
    QuestionKind,
    Survey,
    SurveyPilot,
    SurveyVersion,
    VersionStatus,
)
from osmari.feedback.versioning import VERSION_FIELDS

OPEN = (VersionStatus.DRAFT, VersionStatus.PILOT)
EDITABLE_VERSION_FIELDS = (
    *VERSION_FIELDS,
    "change_summary",
    "change_reason",
    "prompted_by_change",
    "prompted_by_question",
    "prompted_by_theme",
)
EDITABLE_QUESTION_FIELDS = ("text_fi", "text_sv", "text_en", "text_fi_plain", "required")
# A question added in the application: its answers are a number or a text; the questions
# with options are the ready-made ones, whose options are kept when they are reworded.
NEW_QUESTION_KINDS = (
    QuestionKind.SCALE_5,
    QuestionKind.SCALE_10,
    QuestionKind.SHORT_TEXT,
    QuestionKind.LONG_TEXT,
)


def _locked(version: SurveyVersion) -> SurveyVersion:
    return SurveyVersion.objects.select_for_update().select_related("survey").get(pk=version.pk)


def _draft_only(version: SurveyVersion) -> None:
    if version.status != VersionStatus.DRAFT or version.in_use:
        raise ValidationError(
            _("Only a draft can change; this version is already in use or has been.")
        )


def _audit(actor: User, action: str, version: SurveyVersion, **changes: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=version,
        area=version.area,
        changes={
            "survey": [None, version.survey.key],
            "version": [None, version.number],
            **changes,
        },
    )


@transaction.atomic
def version_draft(*, actor: User, area: EmploymentArea, survey: Survey) -> SurveyVersion:
    """A new draft, a copy of the wording in use. One version of a survey is worked on at
    a time, so two drafts never compete to replace the same one."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.versions.filter(status__in=OPEN, area=area).exists():
        raise ValidationError(
            _("This survey already has a version in draft or pilot: finish it first.")
        )
    current = survey.current_version(area)
    last = survey.versions.order_by("-number").first()
    version = SurveyVersion.objects.create(
        survey=survey,
        number=last.number + 1 if last else 1,
        area=area,
        status=VersionStatus.DRAFT,
        **{
            name: getattr(current, name)
            for name in EDITABLE_VERSION_FIELDS
            if name.startswith(("notice_", "guidance_"))
        },
    )
    for question in current.questions.all():
        question.pk = None
        question.version = version
        question.save()
    _audit(actor, "feedback.survey_draft", version)
    return version


@transaction.atomic
def version_edit(*, actor: User, version: SurveyVersion, **fields: Any) -> SurveyVersion:
    """The draft's notice, guidance and change record."""
    version = _locked(version)
    _draft_only(version)
    changed = [name for name in EDITABLE_VERSION_FIELDS if name in fields]
    for name in changed:
        setattr(version, name, fields[name])
    version.save(update_fields=changed)
    _audit(actor, "feedback.survey_edit", version, fields=[None, sorted(changed)])
    return version


@transaction.atomic
def question_edit(*, actor: User, question: Question, **fields: Any) -> Question:
    version = _locked(question.version)
    _draft_only(version)
    changed = [name for name in EDITABLE_QUESTION_FIELDS if name in fields]
    for name in changed:
        setattr(question, name, fields[name])
    question.save(update_fields=changed)
    _audit(actor, "feedback.survey_edit", version, question=[None, question.key])
    return question


@transaction.atomic
def question_add(*, actor: User, version: SurveyVersion, key: str, kind: str, **texts: Any):
    version = _locked(version)
    _draft_only(version)
    if kind not in NEW_QUESTION_KINDS:
        raise ValidationError({"kind": _("Choose a scale or a text question.")})
    if version.questions.filter(key=key).exists():
        raise ValidationError({"key": _("This version already has a question with this key.")})
    last = version.questions.order_by("-order").first()
    question = Question.objects.create(
        version=version,
        order=(last.order if last else 0) + 1,
        key=key,
        kind=kind,
        **{name: texts[name] for name in EDITABLE_QUESTION_FIELDS if name in texts},
    )
    _audit(actor, "feedback.survey_edit", version, added=[None, key])
    return question


@transaction.atomic
def question_remove(*, actor: User, question: Question) -> None:
    version = _locked(question.version)
    _draft_only(version)
    key = question.key
    question.delete()
    _audit(actor, "feedback.survey_edit", version, removed=[key, None])


def _change_recorded(version: SurveyVersion) -> None:
    if not (version.change_summary.strip() and version.change_reason.strip()):
        raise ValidationError(
            _("Say what changed and why before the version is piloted or published.")
        )
    if not version.questions.exists():
        raise ValidationError(_("A version needs at least one question."))


@transaction.atomic
def version_pilot(
    *,
    actor: User,
    version: SurveyVersion,
    organisations: Iterable[Organisation],
    starts: date | None,
    ends: date | None,
    today: date,
) -> SurveyVersion:
    """Invitations due between `starts` and `ends` for these organisations' periods (and
    the organisations' own surveys) use the draft from now on; everyone else's the version
    in use."""
    version = _locked(version)
    _draft_only(version)
    _change_recorded(version)
    chosen = [o for o in organisations if o.area_id == version.area_id]
    if not chosen:
        raise ValidationError({"organisations": _("Choose at least one organisation.")})
    if starts and ends and ends < starts:
        raise ValidationError({"ends": _("The pilot cannot end before it starts.")})
    SurveyPilot.objects.bulk_create([SurveyPilot(version=version, organisation=o) for o in chosen])
    version.status = VersionStatus.PILOT
    version.pilot_from, version.pilot_until, version.piloted_on = starts, ends, today
    version.save(update_fields=["status", "pilot_from", "pilot_until", "piloted_on"])
    _audit(actor, "feedback.survey_pilot", version, organisations=[None, len(chosen)])
    return version


@transaction.atomic
def version_publish(*, actor: User, version: SurveyVersion, today: date) -> SurveyVersion:
    """New invitations of the area use this version; the area's own version before it is
    retired, while the other areas keep the one they use."""
    version = _locked(version)
    if version.status not in OPEN:
        raise ValidationError(_("Only a draft or a version in pilot can be published."))
    _change_recorded(version)
    retired = list(
        SurveyVersion.objects.select_for_update().filter(
            survey=version.survey, area=version.area_id, status=VersionStatus.PUBLISHED
        )
    )
    for old in retired:
        old.status, old.retired_on = VersionStatus.RETIRED, today
        old.save(update_fields=["status", "retired_on"])
    version.status, version.published_on = VersionStatus.PUBLISHED, today
    version.save(update_fields=["status", "published_on"])
    _audit(actor, "feedback.survey_version", version, retired=[None, [v.number for v in retired]])
    return version
