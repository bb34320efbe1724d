"""The lists behind the client record's lines of the start page's work (`clients.work`)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from osmari.accounts import access
from osmari.clients import follow_ups
from osmari.clients.follow_up_views import FollowUpCallForm
from osmari.clients.work import FOLLOW_UP_MONTHS, coach_chosen, follow_ups_due_for_user
from osmari.core.audit import persons_read


@access.permission_required("client.list")
def follow_ups_due(request):
    """Participants whose six-month follow-up is due and not recorded; one coach's clients
    with `?coach=<id>`."""
    coach = coach_chosen(request.GET.get("coach"))
    enrolments = follow_ups_due_for_user(user=request.user, today=timezone.localdate(), coach=coach)
    page = Paginator(enrolments, 50).get_page(request.GET.get("page"))
    persons_read(actor=request.user, persons=[e.client for e in page.object_list], part="list")
    # Each row says what the register extract can tell of it; the coach records the rest.
    answers = follow_ups.extract_answers(page.object_list)
    rows = [
        {
            "enrolment": e,
            "extract": answers.get(e.pk),
            "can_edit": access.may(request.user, "client.edit", e.client),
        }
        for e in page.object_list
    ]
    return render(
        request,
        "clients/follow_ups_due.html",
        {
            "page": page,
            "rows": rows,
            "form": FollowUpCallForm(),
            "months": FOLLOW_UP_MONTHS,
            "query": f"coach={coach}" if coach is not None else "",
        },
    )
