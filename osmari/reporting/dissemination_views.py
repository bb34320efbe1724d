"""Dissemination: what the programme communicated to whom, counted by kind and audience."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.core.audit import download_recorded
from osmari.core.exports import file_download
from osmari.core.form_errors import add_service_error
from osmari.reporting import competence_services, selectors
from osmari.reporting.competence_forms import DisseminationForm
from osmari.reporting.competence_models import Dissemination
from osmari.reporting.competence_selectors import dissemination_for_period
from osmari.reporting.forms import PeriodForm

# What a stored material is served as, by the extension the service gave it.
MATERIAL_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}


@access.permission_required("reporting.view")
def dissemination_page(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    manage = access.may(request.user, "reporting.manage", programme)
    start, end = programme.starts_on, min(timezone.localdate(), programme.ends_on)
    period = PeriodForm(request.GET if "start" in request.GET else None)
    if period.is_bound and period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    elif not period.is_bound:
        period = PeriodForm(initial={"start": start, "end": end})
    form = DisseminationForm()
    status = 200
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        form, status = DisseminationForm(request.POST, request.FILES), 422
        if form.is_valid():
            try:
                competence_services.dissemination_add(
                    actor=request.user, programme=programme, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Dissemination saved."))
                return redirect("reporting:dissemination", pk=programme.pk)
    return render(
        request,
        "reporting/dissemination.html",
        {
            "programme": programme,
            "summary": dissemination_for_period(programme, start, end),
            "period": period,
            "form": form,
            "manage": manage,
            "tab": "dissemination",
            "tab_manage": manage,
            "tab_budget": access.may(request.user, "reporting.budget", programme),
            "tab_report": access.may(request.user, "reporting.report", programme),
        },
        status=status,
    )


@access.permission_required("reporting.view")
def dissemination_material(request, pk, item):
    """A stored material, to those who may see the programme; the download is recorded."""
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    record = get_object_or_404(Dissemination, pk=item, programme=programme)
    extension = Path(record.material_file.name or "").suffix.lower()
    if not record.material_file or extension not in MATERIAL_TYPES:
        raise Http404
    download_recorded(
        actor=request.user,
        action="programme.dissemination_material",
        obj=programme,
        area=programme.area,
        changes={"dissemination": record.title},
    )
    return file_download(
        record.material_file.open("rb"),
        filename=f"materiaali-{record.pk}{extension}",
        content_type=MATERIAL_TYPES[extension],
    )
