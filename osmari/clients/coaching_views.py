"""Pages of client work: record an activity for a client, record a group session with its
attendance, the coach's activities by month, service hours by coach and month, and the
area's list of kinds."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients import coaching, service_hours
from osmari.clients import coaching_selectors as selectors
from osmari.clients.coaching_forms import ActivityForm, GroupSessionForm, KindForm
from osmari.clients.selectors import client_get_for_user
from osmari.core.audit import persons_read
from osmari.core.form_errors import add_service_error
from osmari.core.params import plain_text, whole_number


@access.permission_required("coaching.record")
def activity_add(request, pk):
    """Record individual work with one client, from the client's page."""
    client = client_get_for_user(user=request.user, pk=pk, permission="coaching.record")
    coaching.kinds_ensure(area=client.area)
    today = timezone.localdate()
    kinds = selectors.kinds_of_area(client.area, group=False)
    form = ActivityForm(request.POST or None, kinds=kinds, initial={"occurred_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            coaching.activity_record(
                actor=request.user, client=client, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect(f"{reverse('clients:detail', args=[client.pk])}#coaching")
    persons_read(actor=request.user, persons=[client], part="coaching")
    return render(
        request,
        "clients/coaching/activity_form.html",
        {"form": form, "client": client},
        status=422 if form.is_bound else 200,
    )


@access.permission_required("coaching.record")
def group_session(request):
    """Record a group session: its participants from the coach's caseload, each present or
    absent."""
    area = access.areas_where(request.user, "coaching.record")[0]
    coaching.kinds_ensure(area=area)
    today = timezone.localdate()
    candidates = list(selectors.group_candidates(user=request.user, area=area))
    form = GroupSessionForm(
        request.POST or None,
        kinds=selectors.kinds_of_area(area, group=True),
        candidates=candidates,
        initial={"occurred_on": today},
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("kind", "occurred_on", "minutes", "note")}
        try:
            coaching.group_session_record(
                actor=request.user, area=area, attendance=form.attendance(), today=today, **fields
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Group session recorded."))
            return redirect(f"{reverse('clients:activities')}?month={fields['occurred_on']:%Y-%m}")
    persons_read(actor=request.user, persons=candidates, part="list")
    return render(
        request,
        "clients/coaching/group_session_form.html",
        {"form": form, "area": area},
        status=422 if form.is_bound else 200,
    )


def _month(value: str, today: date) -> date:
    """`YYYY-MM` from the address, or this month when missing, not a month or beyond the
    years anyone records work in."""
    this_month = today.replace(day=1)
    year_text, _dash, month_text = value.partition("-")
    year, month = whole_number(year_text), whole_number(month_text)
    if year is None or month is None or not 2000 <= year <= today.year or not 1 <= month <= 12:
        return this_month
    return min(date(year, month, 1), this_month)


def _shift(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


@access.permission_required("coaching.view")
def activity_list(request):
    """The activities of one month: the coach's own, or a coach's of the area for a manager."""
    today = timezone.localdate()
    month = _month(plain_text(request.GET.get("month", "")), today)
    coaches = selectors.coaches_for_user(request.user)
    coach = whole_number(request.GET.get("coach", ""))
    if coach not in {c.pk for c in coaches}:
        coach = request.user.pk if any(c.pk == request.user.pk for c in coaches) else None
    activities = list(selectors.activities_for_user(user=request.user, month=month, coach=coach))
    persons_read(
        actor=request.user,
        persons=[p.client for a in activities for p in a.participants.all()],
        part="list",
    )
    minutes = sum(a.minutes for a in activities)
    return render(
        request,
        "clients/coaching/activity_list.html",
        {
            "activities": activities,
            "month": month,
            "previous": _shift(month, -1),
            "next": _shift(month, 1) if _shift(month, 1) <= today else None,
            "coaches": coaches,
            "coach": coach,
            "hours": service_hours.hours(minutes),
            "can_record": access.may(request.user, "coaching.record"),
            "can_edit_kinds": access.may(request.user, "coaching.kinds"),
        },
    )


@access.permission_required("coaching.view")
def hours_summary(request):
    """Service hours by coach and month of a year, for the coach and the area's manager."""
    today = timezone.localdate()
    year = whole_number(request.GET.get("year", "")) or today.year
    if not 2000 <= year <= today.year:
        year = today.year
    summary = selectors.hours_by_coach(user=request.user, year=year)
    return render(
        request,
        "clients/coaching/hours_summary.html",
        {
            "summary": summary,
            "year": year,
            "years": list(range(today.year, today.year - 4, -1)),
            "sees_area": access.may(request.user, "coaching.area"),
        },
    )


@access.permission_required("coaching.kinds")
def activity_kinds(request):
    """The area's list of kinds: add one, retire one, take a retired one back."""
    area = access.areas_where(request.user, "coaching.kinds")[0]
    coaching.kinds_ensure(area=area)
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kind = coaching.kind_add(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("“%(name)s” added to the list.") % {"name": kind})
            return redirect("clients:activity_kinds")
    return render(
        request,
        "clients/coaching/kind_list.html",
        {
            "area": area,
            "kinds": selectors.kinds_of_area(area, current_only=False),
            "form": form,
        },
        status=422 if form.is_bound else 200,
    )


@require_POST
@access.permission_required("coaching.kinds")
def activity_kind_retire(request):
    """Retire a kind of the area's list, or take a retired one back into use."""
    pk = whole_number(request.POST.get("kind", ""))
    if pk is None:
        messages.error(request, _("Pick a kind from the list."))
        return redirect("clients:activity_kinds")
    kind = selectors.kind_get_for_user(user=request.user, pk=pk)
    retired = request.POST.get("retired", "1") != "0"
    coaching.kind_retire(actor=request.user, kind=kind, today=timezone.localdate(), retired=retired)
    return redirect("clients:activity_kinds")
