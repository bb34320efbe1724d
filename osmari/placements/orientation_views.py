"""The orientation plan: the coach's and the host organisation's download, and the host's
acceptance. Thin views; the plan is made in `orientation`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.core.audit import download_recorded, persons_read
from osmari.core.form_errors import add_service_error
from osmari.core.pdf import pdf_download
from osmari.placements import orientation, services
from osmari.placements.host_selectors import host_placement_get_for_user
from osmari.placements.orientation_forms import PlanChangeForm
from osmari.placements.selectors import placement_get_for_user
from osmari.placements.views import _explained as explained


def _plan_pdf(request, placement):
    response = pdf_download(
        request,
        "placements/orientation_plan_pdf.html",
        {
            "placement": placement,
            "plan": orientation.orientation_plan(placement),
            "status": orientation.plan_status(placement),
            "printed_on": timezone.localdate(),
        },
        filename=f"perehdyttamissuunnitelma-{placement.pk}.pdf",
    )
    persons_read(
        actor=request.user, persons=[placement.client], part="orientation_plan", obj=placement
    )
    download_recorded(
        actor=request.user,
        action="placement.plan_download",
        obj=placement,
        area=placement.area,
    )
    return response


@access.permission_required("placement.view")
def plan_pdf(request, pk):
    """The coach's copy, from the period's page."""
    return _plan_pdf(request, placement_get_for_user(user=request.user, pk=pk))


@access.permission_required("placement.host")
def host_plan_pdf(request, pk):
    """The host organisation's copy, from its own page."""
    placement = host_placement_get_for_user(user=request.user, pk=pk, today=timezone.localdate())
    return _plan_pdf(request, placement)


@require_POST
@access.permission_required("placement.host")
def host_plan_accept(request, pk):
    placement = host_placement_get_for_user(user=request.user, pk=pk, today=timezone.localdate())
    try:
        orientation.plan_accept(
            actor=request.user, placement=placement, read_digest=request.POST.get("digest", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have accepted the orientation plan."))
    return redirect(f"{reverse('placements:host_detail', args=[placement.pk])}#plan")


@access.permission_required("placement.edit")
def plan_change(request, pk):
    """The coach changes the plan's working time, instructor or objective; the period is
    checked again, and a refusal lists the broken rules with the form as typed."""
    placement = placement_get_for_user(user=request.user, pk=pk, permission="placement.edit")
    form = PlanChangeForm(
        request.POST or None,
        instructors=placement.organisation.contacts.all(),
        initial={
            "days_per_week": placement.days_per_week,
            "hours_per_day": placement.hours_per_day,
            "instructor": placement.instructor_id,
            "objective": placement.objective,
        },
    )
    refused = []
    if request.method == "POST" and form.is_valid():
        try:
            orientation.plan_change(actor=request.user, placement=placement, **form.cleaned_data)
        except services.PlacementRefused as error:
            placement.refresh_from_db()
            refused = explained(error.reasons)
        except ValidationError as error:
            placement.refresh_from_db()
            add_service_error(form, error)
        else:
            messages.success(request, _("The orientation plan is changed."))
            return redirect(f"{placement.get_absolute_url()}#plan")
    persons_read(actor=request.user, persons=[placement.client], part="placement", obj=placement)
    return render(
        request,
        "placements/plan_form.html",
        {"placement": placement, "client": placement.client, "form": form, "refused": refused},
        status=422 if form.is_bound else 200,
    )
