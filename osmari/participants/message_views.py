"""The coach's side of what participants write from their own pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.core.audit import persons_read
from osmari.core.params import plain_text, whole_number
from osmari.participants import selectors, services


@access.permission_required("participants.messages")
def message_list(request: HttpRequest) -> HttpResponse:
    """Messages not yet dealt with; one coach's clients with `?coach=<id>`, as the start
    page counts them."""
    coach = whole_number(request.GET.get("coach"))
    one_client = whole_number(request.GET.get("client"))
    messages_waiting = selectors.messages_for_user(user=request.user, coach=coach)
    if one_client is not None:
        messages_waiting = messages_waiting.filter(client_id=one_client)
    rows = list(messages_waiting)
    persons_read(
        actor=request.user, persons=[row.client for row in rows], part="participant_messages"
    )
    return render(
        request,
        "participants/message_list.html",
        {"rows": rows, "coach": coach, "one_client": one_client},
    )


@require_POST
@access.permission_required("participants.messages")
def message_handled(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_get_for_user(user=request.user, pk=pk)
    services.message_handled(
        actor=request.user,
        message=message,
        note=plain_text(request.POST.get("note", "")),
    )
    messages.success(request, _("Marked as dealt with."))
    return redirect("participant_messages:list")
