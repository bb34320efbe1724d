from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.core import request_context
from osmari.core.audit import download_recorded, persons_read
from osmari.core.exports import FORMATS, table_download
from osmari.core.i18n import localized
from osmari.core.params import plain_text, whole_number
from osmari.feedback import selectors, services
from osmari.feedback.forms import ServiceChangeForm
from osmari.feedback.models import (
    Audience,
    Channel,
    Invitation,
    Survey,
)

# Each language named in itself, so a reader finds their own.
NATIVE_NAMES = {"fi": "Suomi", "fi_plain": "Selkosuomi", "sv": "Svenska", "en": "English"}
# Interface language for each form language (plain Finnish uses the Finnish interface).
UI_LANGUAGE = {"fi": "fi", "fi_plain": "fi", "sv": "sv", "en": "en"}


def _form_language(request, invitation) -> str:
    asked = request.POST.get("lang") or request.GET.get("lang")
    if asked in UI_LANGUAGE and (
        asked != "fi_plain" or invitation.survey.audience == Audience.PARTICIPANT
    ):
        return asked
    return invitation.language


def _closed(request, reason: str, status: int, language: str = "", back: str = ""):
    """The page after answering or declining, or of a closed invitation; `back` leads to
    the page the form was opened from, if any."""
    with translation.override(UI_LANGUAGE.get(language, translation.get_language() or "fi")):
        return render(
            request, "feedback/closed.html", {"reason": reason, "back": back}, status=status
        )


def _questions(invitation, language: str, data=None, errors=None):
    rows = []
    for q in invitation.version.questions.all():
        name = f"q_{q.key}"
        if q.kind == "scale5":
            options = [(str(n), str(n)) for n in range(1, 6)]
        elif q.kind == "scale10":
            options = [(str(n), str(n)) for n in range(0, 11)]
        else:
            options = [(c["value"], q.choice_label(c["value"], language)) for c in q.choices]
        chosen = data.getlist(name) if data is not None else []
        rows.append(
            {
                "q": q,
                "name": name,
                "text": q.text_in(language),
                "options": options,
                "chosen": chosen,
                "value": data.get(name, "") if data is not None else "",
                "error": (errors or {}).get(name, ""),
            }
        )
    return rows


def _unknown_link(request):
    # Only unknown links are slowed down, counted per address as the proxy reports it:
    # a working link opens whatever else was tried from the same address (a shared
    # office or school network, or one's own mistyped attempts).
    address = request_context.current().ip_address
    if services.link_guessing_blocked(address):
        blocked = _closed(request, "blocked", 429)
        blocked["Retry-After"] = str(settings.FEEDBACK_TOKEN_WINDOW)
        return blocked
    services.link_miss_record(address)
    return _closed(request, "unknown", 404)


def _answer_page(request, invitation, language: str, data=None, errors=None, status=200):
    participant = invitation.survey.audience == Audience.PARTICIPANT
    notice = localized(invitation.version, "notice", fallbacks=("fi",), language=language)
    guidance = localized(invitation.version, "guidance", fallbacks=("fi",), language=language)
    title = localized(invitation.survey, "title", fallbacks=("fi",), language=language)
    with translation.override(UI_LANGUAGE[language]):
        return render(
            request,
            "feedback/answer.html",
            {
                "invitation": invitation,
                "title": title,
                "notice": notice,
                "guidance": guidance,
                "questions": _questions(invitation, language, data, errors),
                "errors": errors,
                "language": language,
                "plain": language == "fi_plain",
                "languages": [
                    (code, label)
                    for code, label in NATIVE_NAMES.items()
                    if code != "fi_plain" or participant
                ],
                "participant": participant,
                "share": (data or {}).get("share_with_coach", ""),
                "organisation": invitation.placement.organisation
                if invitation.placement
                else invitation.organisation,
            },
            status=status,
        )


def answer_respond(request, invitation, *, found_by: dict[str, Any], back: str = ""):
    """The form of an invitation and what follows from sending it, the same however the
    invitation was opened: `found_by` names it again to the services, by the link's token or,
    on the participant's own page, by its key; `back` leads to that page."""
    language = _form_language(request, invitation)
    today = timezone.localdate()
    try:
        services.check_open(invitation, today)
    except services.InvitationClosed as closed:
        return _closed(
            request, closed.reason, 200 if closed.reason == "answered" else 410, language, back
        )
    if request.method != "POST":
        return _answer_page(request, invitation, language)
    try:
        if "decline" in request.POST:
            services.invitation_decline(**found_by, today=today)
            return _closed(request, "declined_now", 200, language, back)
        services.response_submit(
            **found_by,
            data=request.POST,
            language=language,
            share_with_coach=request.POST.get("share_with_coach") == "yes",
            today=today,
        )
    except services.InvitationClosed as closed:
        # A double click or a resend: the first one was saved.
        return _closed(request, closed.reason, 200, language, back)
    except ValidationError as error:
        errors = {k: v[0] for k, v in error.message_dict.items()}
        return _answer_page(request, invitation, language, request.POST, errors, 422)
    return _closed(request, "thanks", 200, language, back)


@never_cache
def answer(request, token):
    """The answer form, opened with the link's token; no login."""
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return _unknown_link(request)
    return answer_respond(request, invitation, found_by={"token": token})


def _invitation_for_coach(request, pk) -> Invitation:
    return selectors.invitation_get_for_user(user=request.user, pk=pk)


def _back_from(invitation: Invitation) -> HttpResponse:
    """The period's page the coach delivers from; an organisation's invitation has none."""
    if invitation.placement is None:
        return redirect("accounts:home")
    return redirect(invitation.placement.get_absolute_url())


@require_POST
@access.permission_required("feedback.deliver")
def invitation_sheet(request, pk):
    """A printable sheet with the link and its QR code. Printing makes a new link."""
    import segno

    invitation = _invitation_for_coach(request, pk)
    try:
        token = services.invitation_deliver(
            invitation=invitation, channel=Channel.PRINT, actor=request.user
        )
    except services.InvitationClosed:
        messages.error(request, _("This invitation has been answered or declined."))
        return _back_from(invitation)
    url = services.answer_url(token)
    qr = segno.make(url, error="m").svg_inline(scale=6, title=_("QR code of the answer link"))
    language = "fi" if invitation.language == "fi_plain" else invitation.language
    with translation.override(language):
        return render(
            request,
            "feedback/sheet.html",
            {"invitation": invitation, "url": url, "qr": qr},
        )


@require_POST
@access.permission_required("feedback.deliver")
def invitation_link(request, pk):
    """A link the coach copies to the person (by text message, say). Replaces earlier links."""
    invitation = _invitation_for_coach(request, pk)
    try:
        token = services.invitation_deliver(
            invitation=invitation, channel=Channel.LINK, actor=request.user
        )
    except services.InvitationClosed:
        messages.error(request, _("This invitation has been answered or declined."))
        return _back_from(invitation)
    return render(
        request,
        "feedback/link.html",
        {"invitation": invitation, "url": services.answer_url(token)},
    )


@access.permission_required("feedback.follow_up")
def follow_ups(request):
    """Open follow-ups; one coach's clients with `?coach=<id>`, as the start page counts them."""
    tasks = selectors.follow_ups_for_user(user=request.user)
    coach = whole_number(request.GET.get("coach"))
    if coach is not None:
        tasks = tasks.filter(client__coach_id=coach)
    tasks = list(tasks)
    persons_read(actor=request.user, persons=[t.client for t in tasks], part="follow_ups")
    return render(request, "feedback/follow_ups.html", {"tasks": tasks, "coach": coach})


@require_POST
@access.permission_required("feedback.follow_up")
def follow_up_done(request, pk):
    task = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    services.follow_up_done(
        actor=request.user, task=task, note=plain_text(request.POST.get("note", "")).strip()[:500]
    )
    messages.success(request, _("Marked as done."))
    return redirect("feedback:follow_ups")


# ---------------------------------------------------------------- results


def _results_context(request):
    area = selectors.results_area_for_user(request.user)
    if area is None:
        raise Http404
    organisation = selectors.own_organisation(request.user)
    surveys = list(Survey.objects.all())
    if not surveys:
        raise Http404
    by_key = {s.key: s for s in surveys}
    survey = by_key.get(request.GET.get("survey", "")) or by_key.get("participant_end", surveys[0])
    dimension = request.GET.get("by", "organisation")
    if dimension not in selectors.DIMENSIONS:
        dimension = "organisation"
    today = timezone.localdate()
    years = list(range(today.year - 2, today.year + 1))
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if year not in years:
        year = today.year
    table = selectors.results_table(
        area=area, survey=survey, dimension=dimension, year=year, organisation=organisation
    )
    return {
        "area": area,
        "organisation": organisation,
        "surveys": surveys,
        "survey": survey,
        "dimension": dimension,
        "dimensions": list(selectors.DIMENSIONS.items()),
        "year": year,
        "years": years,
        "table": table,
    }


def _trend_context(request, context):
    questions = context["table"].questions
    key = request.GET.get("question") or (questions[0][0] if questions else "")
    if key not in {k for k, _t in questions}:
        key = questions[0][0] if questions else ""
    points = (
        selectors.trend(
            area=context["area"],
            survey=context["survey"],
            question_key=key,
            years=context["years"],
        )
        if key and context["organisation"] is None
        else []
    )
    return key, points


@access.permission_required("feedback.results")
def results(request):
    """Anonymised results with small groups hidden; free text only for coaches and managers."""
    context = _results_context(request)
    key, points = _trend_context(request, context)
    sees_text = context["organisation"] is None and access.may(
        request.user, "feedback.free_text", context["area"]
    )
    context.update(
        {
            "question_key": key,
            "points": points,
            "texts": selectors.free_texts(
                area=context["area"], survey=context["survey"], year=context["year"]
            )
            if sees_text
            else None,
            "query": request.GET.urlencode(),
        }
    )
    return render(request, "feedback/results.html", context)


@access.permission_required("feedback.results")
def results_chart(request):
    from osmari.feedback.charts import trend_svg

    context = _results_context(request)
    key, points = _trend_context(request, context)
    title = dict(context["table"].questions).get(key, "")
    svg = trend_svg(
        title=title,
        labels=[f"{p.quarter}/{p.year}" for p in points],
        values=[round(p.mean, 2) if p.mean is not None else None for p in points],
        label=_("Average answer"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@access.permission_required("feedback.results")
def results_export(request, fmt):
    """The same table as on the page, with the same groups hidden."""
    if fmt not in FORMATS:
        raise Http404
    context = _results_context(request)
    table = context["table"]
    header = [str(selectors.DIMENSIONS[table.dimension]), _("Answers")] + [
        text for _key, text in table.questions
    ]
    hidden = _("fewer than %(n)s") % {"n": table.minimum}

    def line(row):
        if row.hidden:
            return [row.label, hidden] + ["" for _q in table.questions]
        return [row.label, row.n] + [
            round(row.means[key], 2) if row.means.get(key) is not None else ""
            for key, _text in table.questions
        ]

    lines = [line(r) for r in table.rows] + [line(table.total)]
    download_recorded(
        actor=request.user,
        action="feedback.export",
        area=context["area"],
        changes={"survey": [None, table.survey.key], "by": [None, table.dimension]},
    )
    # Named by number, not by the survey's key: a download's name never carries stored text.
    name = f"feedback-{table.survey.pk}-{table.year}"
    return table_download(header, lines, name=name, fmt=fmt)


# ---------------------------------------------------------------- you said, we did


@access.permission_required("feedback.changes")
def changes(request):
    area = access.areas_where(request.user, "feedback.changes")[0]
    form = None
    if access.may(request.user, "feedback.change_record", area):
        form = ServiceChangeForm(request.POST or None, area=area)
        if request.method == "POST" and form.is_valid():
            services.service_change_record(actor=request.user, area=area, **form.cleaned_data)
            messages.success(request, _("The change is recorded."))
            return redirect("feedback:changes")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "feedback/changes.html",
        {
            "effects": selectors.change_effects(area=area, today=timezone.localdate()),
            "form": form,
            "minimum": area.min_group_size,
        },
        status=422 if form is not None and form.is_bound else 200,
    )
