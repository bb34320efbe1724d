"""The addresses of a participant's strong electronic identification (osmari.participants.ftn):
off, they answer 404."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from osmari.participants import ftn
from osmari.participants.language_views import sign_in_language

logger = logging.getLogger(__name__)


def _enabled() -> None:
    if not ftn.ftn_enabled():
        raise Http404


@never_cache
@require_GET
def ftn_start(request: HttpRequest) -> HttpResponse:
    """Send the participant to the identity broker."""
    _enabled()
    redirect_uri = request.build_absolute_uri(reverse("participants:ftn_callback"))
    try:
        return redirect(ftn.authorization_url(request, redirect_uri))
    except ftn.Refused as error:
        logger.warning("Strong identification could not start: %s", error)
        return render(request, "participants/ftn_failed.html", status=502)


@never_cache
@require_GET
@sign_in_language
def ftn_callback(request: HttpRequest) -> HttpResponse:
    """The broker's answer: sign the participant in, or say plainly why not."""
    _enabled()
    try:
        code = ftn.identity_code_from_answer(request, request.GET.dict())
        ftn.participant_sign_in(request, code)
    except ftn.Refused as error:
        logger.warning("Strong identification refused: %s", error)
        return render(request, "participants/ftn_failed.html", status=400)
    except ftn.NoClient:
        return render(request, "participants/ftn_no_record.html", status=403)
    return redirect("participants:start")


@require_GET
def ftn_jwks(request: HttpRequest) -> HttpResponse:
    """Osmari's public keys, for the broker to check the request objects and client assertions
    and to encrypt the ID tokens."""
    _enabled()
    response = JsonResponse(ftn.public_jwks())
    response["Cache-Control"] = "public, max-age=3600"
    return response
