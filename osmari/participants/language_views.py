"""The language of a participant's pages: chosen on them, and remembered for the next time."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from osmari.accounts.participant_session import participant_of
from osmari.participants import selectors, services


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """The language cookie, as Django's `set_language` sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def sign_in_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """On a sign-in page: once the participant is signed in, their pages open in the language
    of their client record (`services.participant_sign_in` names it), whatever this browser
    showed before."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        language = getattr(request, "participant_language", None)
        if language:
            language_cookie_set(response, language)
        return response

    return wrapped


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The language switcher of the participant's pages: Django's `set_language`, and for a
    signed-in participant the choice is kept on their record, so that their next sign-in,
    and the mails they are sent, speak it too. Anyone else only gets the cookie."""
    response = set_language(request)
    chosen = request.POST.get("language", "")
    participant = participant_of(request)
    if (
        chosen in dict(settings.LANGUAGES)
        and participant is not None
        and not request.user.is_authenticated
    ):
        client = selectors.own_client(participant)
        if client is not None:
            services.own_language_choose(client=client, language=chosen)
    return response
