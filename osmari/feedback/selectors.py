"""Anonymised feedback results: counts and averages by group, with small groups hidden.

Every table goes through `suppression.suppress` with the area's minimum group size, total
included, so neither a single table nor the total minus its shown rows reveals a group under
the minimum. Periods are fixed calendar quarters and years (never free dates), so two views
cannot be cut to differ by a handful of answers. Exports use the same tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, F, QuerySet, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from osmari.accounts import access
from osmari.core.i18n import current_language
from osmari.core.models import EmploymentArea, Municipality
from osmari.employers.models import Organisation
from osmari.feedback.models import (
    Answer,
    FollowUpTask,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ServiceChange,
    Survey,
)
from osmari.feedback.suppression import suppress

DIMENSIONS = {
    "organisation": _("Organisation"),
    "position_kind": _("Kind of period"),
    "municipality": _("Municipality"),
    "quarter": _("Quarter"),
}
KIND_LABELS = {"work_trial": _("Work trial"), "wage_subsidy": _("Wage-subsidised work")}


@dataclass
class Row:
    key: object
    label: str
    n: int
    # By question key, in the order of the table's questions: a row's cells are its values.
    means: dict[str, float | None] = field(default_factory=dict)
    hidden: bool = False


@dataclass
class Table:
    survey: Survey
    dimension: str
    year: int
    minimum: int
    questions: list[tuple[str, str]]  # (key, text) of the scale questions
    rows: list[Row]
    total: Row
    hidden_rows: int = 0


def scale_questions(survey: Survey) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for q in Question.objects.filter(
        version__survey=survey, kind__in=[QuestionKind.SCALE_5, QuestionKind.SCALE_10]
    ).order_by("version__number", "order"):
        seen.setdefault(q.key, q.text_in(current_language()))
    return list(seen.items())


def _group_expression(dimension: str):
    if dimension == "quarter":
        return {"g": ExtractQuarter("submitted_on")}
    return {"g": F(_field(dimension))}


def _labels(dimension: str, keys) -> dict:
    keys = [k for k in keys if k is not None and k != "others"]
    if dimension == "organisation":
        return {o.pk: o.name for o in Organisation.objects.filter(pk__in=keys)}
    if dimension == "municipality":
        return {m.pk: str(m) for m in Municipality.objects.filter(pk__in=keys)}
    if dimension == "position_kind":
        return {k: str(KIND_LABELS.get(k, k)) for k in keys}
    return {k: f"Q{k}" for k in keys}


def _responses(area: EmploymentArea, survey: Survey, year: int) -> QuerySet[Response]:
    return Response.objects.filter(area=area, survey=survey, submitted_on__year=year)


def _answers(area: EmploymentArea, survey: Survey, **submitted) -> QuerySet[Answer]:
    """The answers to the area's responses to the survey submitted when `submitted` says
    (`year=2026`, `range=(first, last)`), by the response's facts each answer carries: read
    from the area's own part of one index, never through each response in turn."""
    when = {f"submitted_on__{lookup}": value for lookup, value in submitted.items()}
    return Answer.objects.filter(area=area, survey=survey, **when)


def results_table(
    *, area: EmploymentArea, survey: Survey, dimension: str, year: int, organisation=None
) -> Table:
    """The survey's answers in the area and year, grouped. With `organisation`, the table
    has two groups, that organisation and all others, and shows only the first."""
    responses = _responses(area, survey, year)
    questions = scale_questions(survey)
    if organisation is not None:
        dimension = "organisation"
    group = _group_expression(dimension)
    grouped: Iterable[Mapping[str, Any]] = (
        responses.order_by().values(**group).annotate(n=Count("*"))
    )
    counts = {r["g"]: r["n"] for r in grouped}
    if organisation is not None:
        own = counts.get(organisation.pk, 0)
        counts = {organisation.pk: own, "others": sum(counts.values()) - own}
    means, totals = _means(_answers(area, survey, year=year), questions, dimension)
    result = suppress(counts, area.min_group_size)
    labels = _labels(dimension, counts.keys())
    rows = []
    for key, n in sorted(counts.items(), key=lambda kv: str(labels.get(kv[0], kv[0]))):
        if key == "others":
            continue
        hidden = not result.shows(key)
        rows.append(
            Row(
                key=key,
                label=labels.get(key, "–"),
                n=n,
                means={q: (None if hidden else means.get((key, q))) for q, _t in questions},
                hidden=hidden,
            )
        )
    total_n = sum(counts.values())
    total_hidden = result.total_hidden or (organisation is not None)
    total = Row(
        key=None,
        label=str(_("All")),
        n=total_n,
        means={q: (None if total_hidden else totals.get(q)) for q, _t in questions},
        hidden=total_hidden,
    )
    return Table(
        survey=survey,
        dimension=dimension,
        year=year,
        minimum=area.min_group_size,
        questions=questions,
        rows=rows,
        total=total,
        hidden_rows=sum(1 for r in rows if r.hidden),
    )


def _means(
    answers: QuerySet[Answer], questions, dimension: str
) -> tuple[dict[tuple, float], dict[str, float]]:
    """Each scale question's mean answer per group (group, question) and over all groups,
    from one grouped read: a question's mean over all groups is its groups' sum over their
    count, so the answers are not read a second time for it."""
    answers = answers.filter(question__key__in=[k for k, _t in questions])
    grouped: Iterable[Mapping[str, Any]] = (
        answers.order_by()
        .values("question__key", **_group_expression(dimension))
        .annotate(total=Sum("number"), n=Count("number"))
    )
    means: dict[tuple, float] = {}
    sums: dict[str, list[int]] = {}
    for r in grouped:
        if r["n"]:
            means[(r["g"], r["question__key"])] = r["total"] / r["n"]
            of_question = sums.setdefault(r["question__key"], [0, 0])
            of_question[0] += r["total"]
            of_question[1] += r["n"]
    return means, {key: total / n for key, (total, n) in sums.items()}


def _field(dimension: str) -> str:
    return {"organisation": "organisation_id", "municipality": "municipality_id"}.get(
        dimension, dimension
    )


@dataclass
class TrendPoint:
    year: int
    quarter: int
    n: int
    mean: float | None
    hidden: bool


def trend(*, area: EmploymentArea, survey: Survey, question_key: str, years: list[int]):
    """The average answer to one question per quarter; each year's quarters are one table
    (its total shown elsewhere), so hidden quarters take a complementary one with them."""
    points: list[TrendPoint] = []
    # The years as one range of days, which the database finds by date, not by working out
    # the year of each of the area's answers.
    days = (date(min(years), 1, 1), date(max(years), 12, 31))
    base = Response.objects.filter(area=area, survey=survey, submitted_on__range=days)
    counts = {
        (r["y"], r["q"]): r["n"]
        for r in base.order_by()
        .values(y=ExtractYear("submitted_on"), q=ExtractQuarter("submitted_on"))
        .annotate(n=Count("*"))
    }
    means = {
        (r["y"], r["q"]): r["m"]
        for r in _answers(area, survey, range=days)
        .filter(question__key=question_key)
        .order_by()
        .values(y=ExtractYear("submitted_on"), q=ExtractQuarter("submitted_on"))
        .annotate(m=Avg("number"))
    }
    for year in years:
        cells = {q: counts.get((year, q), 0) for q in range(1, 5)}
        result = suppress(cells, area.min_group_size)
        for q in range(1, 5):
            hidden = not result.shows(q)
            points.append(
                TrendPoint(
                    year,
                    q,
                    cells[q],
                    None if hidden or not cells[q] else means.get((year, q)),
                    hidden,
                )
            )
    return points


@dataclass
class QuarterTexts:
    label: str
    texts: list[str]
    hidden: bool


def free_texts(*, area: EmploymentArea, survey: Survey, year: int) -> list[QuarterTexts]:
    """The year's free-text answers by quarter, newest quarter first: for coaches and the
    manager only (the view checks). A text is read in words, so a quarter with fewer answers
    to the survey than the area's minimum shows none of its texts; no date is shown and each
    quarter's texts come in alphabetical order, so none can be matched to when it was sent."""
    responses = _responses(area, survey, year)
    counts = {
        r["q"]: r["n"]
        for r in responses.order_by()
        .values(q=ExtractQuarter("submitted_on"))
        .annotate(n=Count("*"))
    }
    texts: dict[int, list[str]] = {}
    for quarter, text in (
        _answers(area, survey, year=year)
        .filter(
            question__kind__in=[QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT],
        )
        .exclude(text="")
        .annotate(q=ExtractQuarter("submitted_on"))
        .values_list("q", "text")
    ):
        texts.setdefault(quarter, []).append(text)
    groups = []
    for quarter in sorted(texts, reverse=True):
        hidden = counts.get(quarter, 0) < area.min_group_size
        groups.append(
            QuarterTexts(
                label=str(_("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}),
                texts=[] if hidden else sorted(texts[quarter], key=lambda t: (t.casefold(), t)),
                hidden=hidden,
            )
        )
    return groups


def results_area_for_user(user) -> EmploymentArea | None:
    areas = access.areas_where(user, "feedback.results")
    if areas:
        return areas[0]
    contacts = access.own_organisation_memberships(user)
    return contacts[0].area if contacts else None


def own_organisation(user):
    """The organisation an organisation contact sees its own results of (None for staff)."""
    if access.areas_where(user, "feedback.results"):
        return None
    organisations = access.own_organisations(user)
    return organisations[0] if organisations else None


def change_effects(*, area: EmploymentArea, today: date) -> list[dict]:
    """Each change made from feedback, with the average answer to the question behind it in
    the half year before and after (hidden when either side is a small group)."""
    rows = []
    for change in ServiceChange.objects.filter(area=area).select_related(
        "question", "question__version__survey", "recorded_by"
    ):
        effect: dict[str, Any] = {"change": change, "before": None, "after": None}
        if change.question is not None:
            half_year = timedelta(days=182)
            survey = change.question.version.survey
            for side, span in (
                ("before", (change.changed_on - half_year, change.changed_on - timedelta(days=1))),
                ("after", (change.changed_on, min(today, change.changed_on + half_year))),
            ):
                answers = _answers(area, survey, range=span)
                found = answers.filter(question__key=change.question.key).aggregate(
                    n=Count("pk"), m=Avg("number")
                )
                if found["n"] >= area.min_group_size:
                    effect[side] = {"n": found["n"], "mean": found["m"]}
                else:
                    effect[side] = {"n": None, "mean": None}
        rows.append(effect)
    return rows


# ---------------------------------------------------------------- invitations and follow-ups


def invitation_get_for_user(*, user, pk, permission: str = "feedback.deliver"):
    """An invitation about a person (or an organisation) the user may act for, or 404."""
    invitation = (
        Invitation.objects.select_related("placement__client", "survey", "organisation")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise Http404
    subject = invitation.placement.client if invitation.placement else invitation.organisation
    if not access.may(user, permission, subject):
        raise Http404
    return invitation


def follow_ups_for_user(*, user):
    """Open follow-ups of the people the user may follow up (own caseload where so set)."""
    return (
        FollowUpTask.objects.filter(
            access.client_scope(user, "feedback.follow_up", prefix="client__")
        )
        .filter(done_at__isnull=True)
        .select_related("client", "placement", "placement__organisation")
    )


def follow_up_get_for_user(*, user, pk):
    task = follow_ups_for_user(user=user).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task
