"""The host organisation's own page: the people working at their place, their absences,
the host's part of the reviews and its view of the period. Phone-first, thin views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.core.audit import persons_read
from osmari.core.form_errors import add_service_error
from osmari.placements import host_services
from osmari.placements.host_forms import AbsenceForm, HostViewForm, ReviewPartForm
from osmari.placements.host_selectors import (
    host_placement_get_for_user,
    host_placement_list_for_user,
    host_positions_for_user,
    review_dates,
    shared_profile,
)
from osmari.placements.proposal_selectors import host_proposals_waiting


@access.permission_required("placement.host")
def host_list(request):
    """The current and coming participants at the user's organisations."""
    placements = list(host_placement_list_for_user(user=request.user, today=timezone.localdate()))
    persons_read(actor=request.user, persons=[p.client for p in placements], part="host_list")
    return render(
        request,
        "placements/host/placement_list.html",
        {
            "placements": placements,
            "positions": host_positions_for_user(user=request.user),
            "proposals_waiting": host_proposals_waiting(user=request.user),
        },
    )


def _review_stages(placement):
    return [(r.stage, r.get_stage_display()) for r in placement.reviews.all()]


def _latest_part(placement) -> dict:
    """The latest review with what the host wrote of it, to go on from."""
    latest = placement.reviews.order_by("-held_on", "-pk").first()
    return {"stage": latest.stage, "view": latest.instructor_view} if latest else {}


def _page(request, placement, status=200, **forms):
    """The period's page with its forms; a refused form comes back as typed."""
    context = {
        "placement": placement,
        "client": placement.client,
        "today": timezone.localdate(),
        "profile": shared_profile(placement),
        "review_dates": review_dates(placement),
        "absences": placement.absences.all(),
        "absence_form": AbsenceForm(initial={"first_on": timezone.localdate()}),
        "review_form": ReviewPartForm(
            stages=_review_stages(placement), initial=_latest_part(placement)
        ),
        "view_form": HostViewForm(initial={"view": placement.host_view}),
    }
    context.update(forms)
    persons_read(
        actor=request.user, persons=[placement.client], part="host_placement", obj=placement
    )
    return render(request, "placements/host/placement_detail.html", context, status=status)


@access.permission_required("placement.host")
def host_detail(request, pk):
    placement = host_placement_get_for_user(user=request.user, pk=pk, today=timezone.localdate())
    return _page(request, placement)


def _save(request, placement, form, form_name, write, done):
    """Run the host's write from its form; on a refusal the page comes back with the form
    as typed and the reason beside the field."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("placements:host_detail", pk=placement.pk)
    return _page(request, placement, status=422, **{form_name: form})


@require_POST
@access.permission_required("placement.host")
def host_absence_add(request, pk):
    placement = host_placement_get_for_user(user=request.user, pk=pk, today=timezone.localdate())
    return _save(
        request,
        placement,
        AbsenceForm(request.POST),
        "absence_form",
        lambda data: host_services.absence_record(
            actor=request.user, placement=placement, today=timezone.localdate(), **data
        ),
        _("The absence is recorded."),
    )


@require_POST
@access.permission_required("placement.host")
def host_review_part(request, pk):
    placement = host_placement_get_for_user(user=request.user, pk=pk, today=timezone.localdate())
    return _save(
        request,
        placement,
        ReviewPartForm(request.POST, stages=_review_stages(placement)),
        "review_form",
        lambda data: host_services.review_part_record(
            actor=request.user, placement=placement, **data
        ),
        _("Your part of the review is saved."),
    )


@require_POST
@access.permission_required("placement.host")
def host_view(request, pk):
    placement = host_placement_get_for_user(user=request.user, pk=pk, today=timezone.localdate())
    return _save(
        request,
        placement,
        HostViewForm(request.POST),
        "view_form",
        lambda data: host_services.host_view_record(
            actor=request.user, placement=placement, **data
        ),
        _("Your view of the period is saved."),
    )
