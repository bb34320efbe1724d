"""The participant's own pages. A participant has no staff account: who they are comes from
their own session (accounts.participant_session), and every read is of their own record."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from osmari.accounts.participant_session import participant_of, participant_session_end
from osmari.core.audit import persons_read
from osmari.participants import links, selectors, services


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


@never_cache
@require_http_methods(["GET", "POST"])
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
@participant_required
def start(request: HttpRequest) -> HttpResponse:
    participant = request.participant  # type: ignore[attr-defined]
    client = _own_client_or_help(request)
    if client is None:
        return _sign_in_help(request)
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
            "periods": periods,
            "plans": selectors.own_plans(client),
            # A link from an e-mail opens the reduced view: no decisions.
            "strong": participant.strong,
        },
    )


@require_POST
@participant_required
def sign_out(request: HttpRequest) -> HttpResponse:
    participant_session_end(request)
    return render(request, "participants/signed_out.html")


def _own_client_or_help(request: HttpRequest):
    """The participant's client record; once it is gone (erased, moved to another area),
    None, and the session ends with it."""
    client = selectors.own_client(request.participant)  # type: ignore[attr-defined]
    if client is None:
        participant_session_end(request)
    return client


@never_cache
@participant_required
def consents(request: HttpRequest) -> HttpResponse:
    """Each consent with the wording agreed to, in the participant's language, and when."""
    client = _own_client_or_help(request)
    if client is None:
        return _sign_in_help(request)
    persons_read(actor=None, persons=[client], part="own", reason="participant's own consents")
    return render(
        request,
        "participants/consents.html",
        {"client": client, "consents": selectors.own_consents(client)},
    )


@require_POST
@participant_required
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    client = _own_client_or_help(request)
    if client is None:
        return _sign_in_help(request)
    consent = selectors.own_consent(client, pk)
    if consent is None:
        raise Http404
    if consent.withdrawn_at is None:
        services.own_consent_withdraw(consent=consent)
        messages.success(request, _("Your consent is withdrawn. Your coach sees it now."))
    return redirect("participants:consents")
