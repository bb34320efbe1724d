"""The participant's own pages. A participant has no staff account: who they are comes from
their own session (accounts.participant_session), and every read is of their own record."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from osmari.accounts.participant_session import participant_of, participant_session_end
from osmari.clients import eura
from osmari.core.audit import persons_read
from osmari.core.exports import attachment
from osmari.core.i18n import current_language
from osmari.core.params import plain_text
from osmari.participants import links, selectors, services
from osmari.participants.language_views import sign_in_language
from osmari.participants.models import MessageKind
from osmari.privacy.export import CONTENT_TYPES, export_file, person_export
from osmari.privacy.services import person_export_recorded


def _sign_in_help(request: HttpRequest) -> HttpResponse:
    return render(request, "participants/sign_in_help.html", status=403)


def participant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let only a signed-in participant through; anyone else (a staff user too: staff are not
    participants) gets a plain page on how to sign in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant = participant_of(request)
        if participant is None or request.user.is_authenticated:
            return _sign_in_help(request)
        request.participant = participant  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


def _own_client_or_help(request: HttpRequest):
    """The participant's client record; once it is gone (erased, moved to another area),
    None, and the session ends with it."""
    client = selectors.own_client(request.participant)  # type: ignore[attr-defined]
    if client is None:
        participant_session_end(request)
    return client


def own_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A participant's own page: signed in, and their client record still there (passed to
    the view), else the page on how to sign in."""

    @wraps(view)
    @participant_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = _own_client_or_help(request)
        if client is None:
            return _sign_in_help(request)
        return view(request, client, *args, **kwargs)

    return wrapped


@never_cache
@require_http_methods(["GET", "POST"])
@sign_in_language
def link(request: HttpRequest, token: str) -> HttpResponse:
    """A one-time sign-in link: opening it shows a button, and the button signs in."""
    try:
        if request.method == "POST":
            links.sign_in_link_use(request, token)
            return redirect("participants:start")
        links.sign_in_link_check(token)
    except links.LinkRefused as refused:
        status = 404 if refused.why == links.TAMPERED else 410
        response = render(request, "participants/link_refused.html", status=status)
    else:
        response = render(request, "participants/link.html")
    # The address is the key: the site's "same-origin" referrer policy sends it to no other
    # site. Not "no-referrer": browsers then send the button's POST with `Origin: null`,
    # which the CSRF check refuses.
    return response


@never_cache
@own_page
def start(request: HttpRequest, client) -> HttpResponse:
    participant = request.participant  # type: ignore[attr-defined]
    persons_read(actor=None, persons=[client], part="own", reason="participant's own view")
    periods = [
        {"period": period, "next_review": selectors.next_review(period)}
        for period in selectors.own_periods(client)
    ]
    return render(
        request,
        "participants/start.html",
        {
            "client": client,
            "appointments": selectors.own_appointments(client, timezone.now()),
            "periods": periods,
            "plans": selectors.own_plans(client),
            "invitations": selectors.own_open_invitations(client, timezone.localdate()),
            "eura_forms": selectors.own_eura_forms(client),
            # A link from an e-mail opens the reduced view: no decisions.
            "strong": participant.strong,
        },
    )


@require_POST
@participant_required
def sign_out(request: HttpRequest) -> HttpResponse:
    participant_session_end(request)
    return render(request, "participants/signed_out.html")


@never_cache
@own_page
def consents(request: HttpRequest, client) -> HttpResponse:
    """Each consent with the wording agreed to, in the participant's language, and when."""
    persons_read(actor=None, persons=[client], part="own", reason="participant's own consents")
    return render(
        request,
        "participants/consents.html",
        {
            "client": client,
            "consents": selectors.own_consents(client),
            "to_give": selectors.own_consents_to_give(client)
            if request.participant.strong  # type: ignore[attr-defined]
            else [],
            "strong": request.participant.strong,  # type: ignore[attr-defined]
        },
    )


@require_POST
@own_page
def consent_withdraw(request: HttpRequest, client, pk: int) -> HttpResponse:
    consent = selectors.own_consent(client, pk)
    if consent is None:
        raise Http404
    if consent.withdrawn_at is None:
        services.own_consent_withdraw(consent=consent)
        messages.success(request, _("Your consent is withdrawn. Your coach sees it now."))
    return redirect("participants:consents")


def _strong_only(request: HttpRequest) -> HttpResponse:
    """What a link's reduced view gets in place of decisions or the data file."""
    return render(request, "participants/strong_only.html", status=403)


@never_cache
@require_POST
@own_page
def consent_give(request: HttpRequest, client) -> HttpResponse:
    """The participant agrees to the wording they were shown: only when strongly signed in,
    as a consent lets others see their data and a link may have reached someone else.
    Withdrawing is open to both."""
    if not request.participant.strong:  # type: ignore[attr-defined]
        return _strong_only(request)
    shown = next(
        (
            text
            for text in selectors.own_consents_to_give(client)
            if str(text.pk) == request.POST.get("text")
        ),
        None,
    )
    if shown is None:
        # The wording changed, or the consent was given meanwhile: show the page as it is.
        messages.error(request, _("The text of this consent has changed. Read it again."))
        return redirect("participants:consents")
    try:
        services.own_consent_give(client=client, purpose=shown.purpose, shown=shown)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your consent is saved. Your coach sees it now."))
    return redirect("participants:consents")


@never_cache
@require_POST
@own_page
def step_done(request: HttpRequest, client, pk: int) -> HttpResponse:
    step = selectors.own_step(client, pk)
    if step is None:
        raise Http404
    services.own_step_done(client=client, step=step, today=timezone.localdate())
    messages.success(request, _("Well done! Your coach sees that the step is done."))
    return redirect(f"{reverse('participants:start')}#plan-title")


@never_cache
@require_http_methods(["GET", "POST"])
@own_page
def esf_forms(request: HttpRequest, client) -> HttpResponse:
    """The participant's EURA 2021 forms: which are still to fill in, where, and a way to
    tell the coach that one is done."""
    forms = selectors.own_eura_forms(client)
    if forms is None:
        raise Http404
    if request.method == "POST":
        form = request.POST.get("form", "")
        if form not in services.EURA_FORMS:
            raise Http404
        try:
            services.own_eura_form_done(client=client, form=form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you. Your coach now knows that you did it."))
        return redirect("participants:esf_forms")
    persons_read(actor=None, persons=[client], part="own", reason="participant's own forms")
    rows = [("start", forms.start_due, _("The start form"))]
    if forms.ended:
        rows.append(("end", forms.end_due, _("The end form")))
    return render(
        request,
        "participants/esf_forms.html",
        {"forms": forms, "form_rows": rows, "eura_address": eura.PARTICIPANT_ADDRESS},
    )


@never_cache
@own_page
def decisions(request: HttpRequest, client) -> HttpResponse:
    """The proposals recorded about the participant, each reason in plain words: only in a
    strong session, as a link may have reached someone else's inbox."""
    if not request.participant.strong:  # type: ignore[attr-defined]
        return _strong_only(request)
    persons_read(actor=None, persons=[client], part="own", reason="participant's own decisions")
    language = current_language()
    rows = []
    for decision in selectors.own_decisions(client):
        stored = decision.explained_in(language)
        rows.append(
            {
                "decision": decision,
                "work_trial": stored.get("work_trial", {}).get("reasons", []),
                "wage_subsidy": stored.get("wage_subsidy", {}).get("reasons", []),
            }
        )
    return render(request, "participants/decisions.html", {"rows": rows})


@never_cache
@own_page
def my_data(request: HttpRequest, client) -> HttpResponse:
    """Where the participant downloads everything held about them and asks for a fix."""
    return render(
        request,
        "participants/my_data.html",
        {"strong": request.participant.strong},  # type: ignore[attr-defined]
    )


@never_cache
@own_page
def my_data_download(request: HttpRequest, client, fmt: str) -> HttpResponse:
    """The same file a coach makes for the person's access request (GDPR art. 15), read and
    given out on the record as theirs."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    if not request.participant.strong:  # type: ignore[attr-defined]
        return _strong_only(request)
    content = export_file(person_export(client=client), fmt)
    person_export_recorded(actor=None, client=client, fmt=fmt, recipient=client.person_ref)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    attachment(response, f"osmari-{timezone.localdate():%Y-%m-%d}.{fmt}")
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@own_page
def write(request: HttpRequest, client) -> HttpResponse:
    """A note to the coach, or a request to correct one's data; both reach the coach's
    work list."""
    kind = request.POST.get("kind") or request.GET.get("kind") or MessageKind.NOTE
    if kind not in (MessageKind.NOTE, MessageKind.CORRECTION):
        kind = MessageKind.NOTE
    text = plain_text(request.POST.get("text", "")) if request.method == "POST" else ""
    error = ""
    if request.method == "POST":
        try:
            services.message_send(client=client, kind=kind, text=text)
        except ValidationError as problem:
            error = " ".join(problem.message_dict.get("text", problem.messages))
        else:
            messages.success(request, _("Your message is sent. Your coach will reply to you."))
            return redirect("participants:write")
    strong = request.participant.strong  # type: ignore[attr-defined]
    sent = list(selectors.own_messages(client))
    if sent and strong:
        # What they wrote may speak of health: shown only in a strong session, and read on
        # the record like every page of theirs that shows data.
        persons_read(actor=None, persons=[client], part="own", reason="participant's messages")
    return render(
        request,
        "participants/write.html",
        {
            "kind": kind,
            "text": text,
            "error": error,
            "limit": services.MESSAGE_MAX_LENGTH,
            "sent": sent,
            "strong": strong,
        },
        status=422 if error else 200,
    )
