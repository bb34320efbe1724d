"""The page of records that contradict themselves, per coach."""

from django.core.paginator import Paginator
from django.shortcuts import render

from osmari.accounts import access
from osmari.core.audit import persons_read
from osmari.core.params import whole_number
from osmari.placements import records_check


@access.permission_required("client.list")
def records_to_check(request):
    """Clients whose stage, ESF+ dates, status periods and periods contradict each other,
    each with the reasons in words: a coach's own by default, the area's for a manager, or
    one coach's with `?coach=<id>` (empty: everyone's the user may see)."""
    coaches = list(access.coaches_in(access.areas_where(request.user, "client.list")))
    if "coach" in request.GET:
        coach = whole_number(request.GET.get("coach"))
    elif access.may(request.user, "home.coach"):
        coach = request.user.pk
    else:
        coach = None
    if coach is not None and coach not in {c.pk for c in coaches}:
        coach = None
    clients = records_check.clients_to_check(user=request.user, coach=coach)
    page = Paginator(records_check.prefetched(clients), 25).get_page(request.GET.get("page"))
    persons_read(actor=request.user, persons=list(page.object_list), part="list")
    return render(
        request,
        "placements/records_check.html",
        {
            "page": page,
            "rows": records_check.explained_all(page.object_list),
            "coaches": coaches,
            "coach": coach,
            "query": f"coach={coach or ''}",
        },
    )
