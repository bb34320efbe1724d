"""The manager's page of destruction lists: the records whose retention has ended, approved
before anything is destroyed (`manage.py apply_retention`)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.privacy import destruction, due, selectors


def _lists_page(request, status: int = 200) -> HttpResponse:
    lists = list(selectors.destruction_lists_for(request.user)[:50])
    for listing in lists:
        listing.rows = [(due.TYPE_LABELS.get(k, k), n) for k, n in listing.counts.items()]
    return render(request, "privacy/destruction_lists.html", {"lists": lists}, status=status)


@access.permission_required("privacy.retention")
def destruction_lists(request) -> HttpResponse:
    """The lists of records whose retention has ended, for the manager to approve."""
    return _lists_page(request)


@require_POST
@access.permission_required("privacy.retention")
def destruction_list_approve(request) -> HttpResponse:
    key = request.POST.get("list", "")
    if not key.isdigit():
        messages.error(request, _("Choose the list to approve."))
        return _lists_page(request, status=422)
    listing = selectors.destruction_list_get_for_user(user=request.user, pk=int(key))
    if listing.executed_at is not None:
        messages.error(request, _("This list has been carried out already."))
    else:
        destruction.approve(actor=request.user, listing=listing)
        messages.success(
            request,
            _("Approved. The records on the list are destroyed when retention is next applied."),
        )
    return redirect("privacy:destruction_lists")
