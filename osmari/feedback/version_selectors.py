"""Reads of a survey's versions: which one an invitation gets, the versions a user sees,
two versions compared (wording and results), and the changes made in a period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.core.i18n import current_language
from osmari.core.models import EmploymentArea
from osmari.feedback.models import (
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyVersion,
    VersionStatus,
)
from osmari.feedback.versioning import Difference, Pilot, difference, version_for

FIELD_LABELS = {
    "text_fi": _("Finnish"),
    "text_sv": _("Swedish"),
    "text_en": _("English"),
    "text_fi_plain": _("Plain Finnish"),
    "kind": _("Kind of question"),
    "required": _("Required"),
    "choices": _("Options"),
    "notice_fi": _("Notice in Finnish"),
    "notice_sv": _("Notice in Swedish"),
    "notice_en": _("Notice in English"),
    "notice_fi_plain": _("Notice in plain Finnish"),
    "guidance_fi": _("Guidance in Finnish"),
    "guidance_sv": _("Guidance in Swedish"),
    "guidance_en": _("Guidance in English"),
    "guidance_fi_plain": _("Guidance in plain Finnish"),
}


def invitation_versions() -> Callable[[Survey, int | None, date, int], SurveyVersion]:
    """The version to invite with, by survey, organisation, due day and area: a pilot's
    where one covers the organisation then, else the version the area uses. Read once per
    scheduling run."""
    published: dict[tuple[int, int], SurveyVersion] = {}
    piloted: dict[int, SurveyVersion] = {}
    pilots: dict[int, list[Pilot]] = defaultdict(list)
    for version in SurveyVersion.objects.filter(status=VersionStatus.PILOT).prefetch_related(
        "pilots"
    ):
        piloted[version.pk] = version
        pilots[version.survey_id].append(
            Pilot(
                version.pk,
                frozenset(p.organisation_id for p in version.pilots.all()),
                version.pilot_from,
                version.pilot_until,
            )
        )

    def choose(survey: Survey, organisation: int | None, on: date, area: int) -> SurveyVersion:
        if (survey.pk, area) not in published:
            published[survey.pk, area] = survey.current_version(area)
        current = published[survey.pk, area]
        chosen = version_for(current.pk, pilots[survey.pk], organisation, on)
        return piloted.get(chosen, current)

    return choose


def edit_area(user) -> EmploymentArea | None:
    """The area whose drafts the user works on (the manager's), else None."""
    areas = access.areas_where(user, "feedback.change_record")
    return areas[0] if areas else None


def view_area(user) -> EmploymentArea:
    areas = access.areas_where(user, "feedback.changes")
    if not areas:
        raise Http404
    return areas[0]


def _visible(area: EmploymentArea) -> Q:
    # An area's versions are its own work: the other areas use the shared one or theirs.
    return Q(area__isnull=True) | Q(area=area)


def surveys_with_versions(*, area: EmploymentArea) -> list[dict[str, Any]]:
    """Every survey with the versions the area sees, newest first, each with how many
    answers the area has to it."""
    answered = dict(
        Response.objects.filter(area=area)
        .order_by()
        .values_list("version")
        .annotate(n=Count("pk"))
        .values_list("version", "n")
    )
    rows = []
    versions = (
        SurveyVersion.objects.filter(_visible(area))
        .select_related("survey")
        .order_by("survey__audience", "survey__key", "-number")
    )
    by_survey: dict[int, list[SurveyVersion]] = defaultdict(list)
    for version in versions:
        version.answers_here = answered.get(version.pk, 0)
        by_survey[version.survey_id].append(version)
    for survey in Survey.objects.all():
        listed = by_survey.get(survey.pk, [])
        rows.append(
            {
                "survey": survey,
                "versions": listed,
                "open": next(
                    (v for v in listed if v.status in (VersionStatus.DRAFT, VersionStatus.PILOT)),
                    None,
                ),
            }
        )
    return rows


def version_get(*, area: EmploymentArea, key: str, number: int) -> SurveyVersion:
    version = (
        SurveyVersion.objects.filter(_visible(area), survey__key=key, number=number)
        .select_related("survey", "area", "prompted_by_change", "prompted_by_question")
        .first()
    )
    if version is None:
        raise Http404
    return version


def question_get(*, version: SurveyVersion, key: str) -> Question:
    question = version.questions.filter(key=key).first()
    if question is None:
        raise Http404
    return question


# ---------------------------------------------------------------- comparing two versions


def _question_data(version: SurveyVersion) -> list[dict[str, object]]:
    return [
        {
            "key": q.key,
            "order": q.order,
            "text_fi": q.text_fi,
            "text_sv": q.text_sv,
            "text_en": q.text_en,
            "text_fi_plain": q.text_fi_plain,
            "kind": q.kind,
            "required": q.required,
            "choices": q.choices,
        }
        for q in version.questions.all()
    ]


def _version_data(version: SurveyVersion) -> dict[str, object]:
    return {
        name: getattr(version, name)
        for name in FIELD_LABELS
        if name.startswith(("notice", "guidance"))
    }


@dataclass
class Side:
    n: int | None  # None: hidden, a group smaller than the area's minimum
    mean: float | None


@dataclass
class QuestionResult:
    key: str
    text: str
    before: Side | None  # None: the version has no such question
    after: Side | None


@dataclass
class Comparison:
    before: SurveyVersion
    after: SurveyVersion
    difference: Difference
    added: list[Question]
    removed: list[Question]
    changed: list[dict[str, Any]]
    texts: list[dict[str, Any]]
    responses_before: int | None
    responses_after: int | None
    results: list[QuestionResult]
    minimum: int


def _shown(n: int, minimum: int) -> int | None:
    return n if n == 0 or n >= minimum else None


def _results(area: EmploymentArea, version: SurveyVersion) -> dict[str, Side]:
    found = (
        Answer.objects.filter(response__area=area, response__version=version, number__isnull=False)
        .order_by()
        .values("question__key")
        .annotate(n=Count("pk"), m=Avg("number"))
    )
    sides = {}
    for row in found:
        n = _shown(row["n"], area.min_group_size)
        sides[row["question__key"]] = Side(n, row["m"] if n else None)
    return sides


def compare(*, area: EmploymentArea, before: SurveyVersion, after: SurveyVersion) -> Comparison:
    """What changed from one version to the other, and the area's answers to each: per scale
    question, the number of answers and their average, hidden below the area's minimum
    group size (both sides are counted on their own, with no total beside them)."""
    diff = difference(
        _version_data(before), _version_data(after), _question_data(before), _question_data(after)
    )
    old = {q.key: q for q in before.questions.all()}
    new = {q.key: q for q in after.questions.all()}
    language = current_language()
    changed = [
        {
            "question": new[c.key],
            "moved": c.moved,
            "fields": [
                {"label": FIELD_LABELS.get(f.name, f.name), "before": f.before, "after": f.after}
                for f in c.changes
            ],
        }
        for c in diff.changed
    ]
    texts = [
        {"label": FIELD_LABELS.get(f.name, f.name), "before": f.before, "after": f.after}
        for f in diff.texts
    ]
    results_before, results_after = _results(area, before), _results(area, after)
    results = []
    scales = (QuestionKind.SCALE_5, QuestionKind.SCALE_10)
    keys = [k for k, q in old.items() if q.kind in scales]
    keys += [k for k, q in new.items() if q.kind in scales and k not in keys]
    empty = Side(0, None)
    for key in keys:
        question = new.get(key) or old[key]
        results.append(
            QuestionResult(
                key=key,
                text=question.text_in(language),
                before=results_before.get(key, empty) if key in old else None,
                after=results_after.get(key, empty) if key in new else None,
            )
        )
    counts = dict(
        Response.objects.filter(area=area, version__in=[before, after])
        .order_by()
        .values_list("version")
        .annotate(n=Count("pk"))
        .values_list("version", "n")
    )
    return Comparison(
        before=before,
        after=after,
        difference=diff,
        added=[new[k] for k in diff.added],
        removed=[old[k] for k in diff.removed],
        changed=changed,
        texts=texts,
        responses_before=_shown(counts.get(before.pk, 0), area.min_group_size),
        responses_after=_shown(counts.get(after.pk, 0), area.min_group_size),
        results=results,
        minimum=area.min_group_size,
    )


# ---------------------------------------------------------------- for the progress report


@dataclass
class VersionChange:
    survey: str
    number: int
    status: str
    piloted_on: date | None
    published_on: date | None
    what: str
    why: str
    prompted_by: str
    added: int
    removed: int
    changed: int


def _prompted_by(version: SurveyVersion) -> str:
    parts = []
    if version.prompted_by_change is not None:
        parts.append(
            str(
                _("Change made from feedback: %(title)s")
                % {"title": version.prompted_by_change.title}
            )
        )
    if version.prompted_by_question is not None:
        question = version.prompted_by_question
        parts.append(
            str(_("Answers to: %(question)s") % {"question": question.text_in(current_language())})
        )
    if version.prompted_by_theme:
        parts.append(
            str(_("Theme in the answers: %(theme)s") % {"theme": version.prompted_by_theme})
        )
    return "; ".join(parts)


def survey_version_changes(programme, start: date, end: date) -> list[VersionChange]:
    """The survey versions of the programme's area piloted or published between `start` and
    `end` (inclusive): what changed, why, what prompted it, and how many questions were
    added, removed and changed from the version before."""
    versions = (
        SurveyVersion.objects.filter(area=programme.area_id)
        .filter(Q(piloted_on__range=(start, end)) | Q(published_on__range=(start, end)))
        .select_related("survey", "prompted_by_change", "prompted_by_question")
        .order_by("published_on", "piloted_on", "survey__key", "number")
    )
    changes = []
    for version in versions:
        previous = (
            SurveyVersion.objects.filter(survey=version.survey, number__lt=version.number)
            .order_by("-number")
            .first()
        )
        diff = (
            difference(
                _version_data(previous),
                _version_data(version),
                _question_data(previous),
                _question_data(version),
            )
            if previous
            else Difference()
        )
        changes.append(
            VersionChange(
                survey=str(version.survey),
                number=version.number,
                status=str(version.get_status_display()),
                piloted_on=version.piloted_on,
                published_on=version.published_on,
                what=version.change_summary,
                why=version.change_reason,
                prompted_by=_prompted_by(version),
                added=len(diff.added),
                removed=len(diff.removed),
                changed=len(diff.changed),
            )
        )
    return changes
