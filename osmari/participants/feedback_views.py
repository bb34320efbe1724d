"""The participant answers their feedback surveys on their own page, as through the link
they were sent: the same form, the same rules of anonymity, and the link keeps working."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from osmari.feedback.views import answer_respond
from osmari.participants import selectors
from osmari.participants.views import own_page


@never_cache
@require_http_methods(["GET", "POST"])
@own_page
def feedback_answer(request: HttpRequest, client, pk: int) -> HttpResponse:
    # No read of the person is logged: an answer not shared with the coach must leave
    # nothing that pairs it with them, and the link's form logs none either.
    invitation = selectors.own_invitation(client, pk, timezone.localdate())
    if invitation is None:
        raise Http404
    return answer_respond(
        request,
        invitation,
        found_by={"invitation_pk": invitation.pk},
        back=reverse("participants:start"),
    )
