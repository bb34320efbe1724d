"""The participant's own pages. A participant has no staff account: who they are comes from
their own session (accounts.participant_session), and every read is of their own record."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from osmari.accounts.participant_session import participant_of, participant_session_end
from osmari.core.audit import persons_read
from osmari.participants import links, selectors


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
    client = selectors.own_client(participant)
    if client is None:
        participant_session_end(request)
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
