"""The programme's work plan: packages, milestones and their status with evidence."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.core.form_errors import add_service_error
from osmari.reporting import selectors, workplan_selectors, workplan_services
from osmari.reporting.views import _tabs
from osmari.reporting.workplan_forms import MilestoneForm, MilestoneStatusForm, PackageForm


@access.permission_required("reporting.view")
def workplan_page(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    today = timezone.localdate()
    packages = workplan_selectors.work_plan(programme, today)
    costs = None
    if access.may(request.user, "reporting.budget", programme):
        rows, _planned, _decision = workplan_selectors.package_costs(programme)
        costs = {row.package.pk: row.line for row in rows if row.package}
    return render(
        request,
        "reporting/workplan.html",
        {
            "programme": programme,
            "packages": [
                (plan, costs.get(plan.package.pk) if costs else None) for plan in packages
            ],
            "show_costs": costs is not None,
            "overdue": sum(plan.overdue for plan in packages),
            "today": today,
            **_tabs(request, programme, "workplan"),
        },
    )


@access.permission_required("reporting.manage")
def package_edit(request, pk, package_pk=None):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.manage"
    )
    package = (
        workplan_selectors.package_get_for_user(
            user=request.user, pk=package_pk, permission="reporting.manage"
        )
        if package_pk
        else None
    )
    if package and package.programme_id != programme.pk:
        raise Http404
    form = PackageForm(request.POST or None, instance=package)
    if request.method == "POST" and form.is_valid():
        try:
            workplan_services.package_save(
                actor=request.user, programme=programme, package=package, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Work package saved."))
            return redirect("reporting:workplan", pk=programme.pk)
    return render(
        request,
        "reporting/workplan_form.html",
        {
            "form": form,
            "programme": programme,
            "title": _("Change the work package") if package else _("New work package"),
            "back": programme,
        },
        status=422 if form.is_bound else 200,
    )


@access.permission_required("reporting.manage")
def milestone_edit(request, package_pk=None, milestone_pk=None):
    milestone = (
        workplan_selectors.milestone_get_for_user(
            user=request.user, pk=milestone_pk, permission="reporting.manage"
        )
        if milestone_pk
        else None
    )
    package = (
        milestone.package
        if milestone
        else workplan_selectors.package_get_for_user(
            user=request.user, pk=package_pk, permission="reporting.manage"
        )
    )
    programme = package.programme
    form = MilestoneForm(request.POST or None, instance=milestone, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = workplan_services.milestone_save(
                actor=request.user, package=package, milestone=milestone, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("reporting:milestone", pk=saved.pk)
    return render(
        request,
        "reporting/workplan_form.html",
        {
            "form": form,
            "programme": programme,
            "package": package,
            "title": _("Change the milestone") if milestone else _("New milestone"),
        },
        status=422 if form.is_bound else 200,
    )


@access.permission_required("reporting.view")
def milestone_detail(request, pk):
    milestone = workplan_selectors.milestone_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    programme = milestone.package.programme
    manage = access.may(request.user, "reporting.manage", programme)
    form = MilestoneStatusForm(request.POST or None) if manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                workplan_services.milestone_status(
                    actor=request.user, milestone=milestone, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Status saved."))
                return redirect("reporting:milestone", pk=milestone.pk)
    today = timezone.localdate()
    return render(
        request,
        "reporting/milestone.html",
        {
            "milestone": milestone,
            "row": workplan_selectors.milestone_rows(milestone, today),
            "updates": list(milestone.updates.all()),
            "programme": programme,
            "form": form,
            "manage": manage,
        },
        status=422 if form is not None and form.is_bound else 200,
    )
