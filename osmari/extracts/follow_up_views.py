"""The follow-up list's "take the extract's answer": for a follow-up whose day the latest
register extract covers and that its import did not record (imported before the exit date
was, for one)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients import follow_ups
from osmari.clients.follow_up_views import back_to_list
from osmari.clients.selectors import client_get_for_user
from osmari.extracts.follow_ups import take_from_extract


@require_POST
@access.permission_required("client.edit")
def follow_up_take(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    enrolment = follow_ups.enrolment_of(client)
    if enrolment is None:
        messages.error(request, _("The person is not enrolled in the programme."))
        return back_to_list(request)
    try:
        take_from_extract(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back_to_list(request)
    messages.success(
        request, _("The six-month follow-up of %(name)s is recorded.") % {"name": client}
    )
    return back_to_list(request)
