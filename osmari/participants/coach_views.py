"""A coach's part in the participant's own view, on the client's page: e-mail the person a
one-time sign-in link, or make every link sent so far stop working. Staff pages, kept apart
from the participant's own addresses under /me/."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients.models import Client
from osmari.clients.selectors import client_get_for_user
from osmari.participants import links

# The client page's card these actions belong to.
CARD = "participant-access"


def _back(client: Client) -> HttpResponse:
    return redirect(f"{reverse('clients:detail', args=[client.pk])}#{CARD}")


@require_POST
@access.permission_required("client.edit")
def link_send(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    try:
        links.sign_in_link_email(actor=request.user, client=client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(client)
    # The link itself is never shown to the coach: only the person can use it.
    minutes = links.link_lifetime_seconds() // 60
    messages.success(
        request,
        ngettext(
            "A sign-in link is on its way to %(email)s. It works once, for %(minutes)s minute.",
            "A sign-in link is on its way to %(email)s. It works once, for %(minutes)s minutes.",
            minutes,
        )
        % {"email": client.email, "minutes": minutes},
    )
    return _back(client)


@require_POST
@access.permission_required("client.edit")
def links_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    links.sign_in_links_revoke(actor=request.user, client=client)
    messages.success(request, _("The sign-in links sent to the person so far no longer work."))
    return _back(client)
