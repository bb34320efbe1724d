"""The coach's part of the six-month follow-up: the result of a call, recorded from the
follow-up list in one short form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients import follow_ups
from osmari.clients.choices import FollowUpSource, TriState
from osmari.clients.selectors import client_get_for_user


class FollowUpCallForm(forms.Form):
    employed_after_6_months = forms.ChoiceField(
        label=gettext_lazy("Working or self-employed now?"), choices=TriState.choices
    )
    improved_after_6_months = forms.ChoiceField(
        label=gettext_lazy("Situation better than on leaving?"), choices=TriState.choices
    )


def back_to_list(request):
    query = request.POST.get("next_query", "")
    url = redirect("clients:follow_ups_due").url
    return redirect(f"{url}?{query}" if query.startswith("coach=") else url)


@require_POST
@access.permission_required("client.edit")
def follow_up_call(request, pk):
    """Record what the person said on the phone; the row leaves the list."""
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = FollowUpCallForm(request.POST)
    enrolment = follow_ups.enrolment_of(client)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or unknown for both questions."))
        return back_to_list(request)
    if enrolment is None:
        messages.error(request, _("The person is not enrolled in the programme."))
        return back_to_list(request)
    try:
        follow_ups.result_record(
            actor=request.user,
            enrolment=enrolment,
            employed=form.cleaned_data["employed_after_6_months"],
            improved=form.cleaned_data["improved_after_6_months"],
            source=FollowUpSource.CALL,
            on=timezone.localdate(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back_to_list(request)
    messages.success(
        request, _("The six-month follow-up of %(name)s is recorded.") % {"name": client}
    )
    return back_to_list(request)
