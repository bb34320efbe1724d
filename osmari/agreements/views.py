from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.agreements import services
from osmari.agreements.forms import (
    AgreementCreateForm,
    AmendForm,
    MeetingForm,
    PositionsForm,
    SignatureForm,
    TransitionForm,
)
from osmari.agreements.models import Signature
from osmari.agreements.selectors import agreement_get_for_user, version_with_sections
from osmari.agreements.template_selectors import template_for_new_agreement
from osmari.core.audit import download_recorded
from osmari.core.exports import file_download
from osmari.core.form_errors import add_service_error
from osmari.core.pdf import pdf_download
from osmari.employers.selectors import organisation_get_for_user

# What a stored scan is served as, by the extension the service gave it.
SCAN_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def _starting_texts(organisation) -> dict[str, str]:
    """What the record already says, so nobody types it twice."""
    tasks = "\n".join(f"{p.title}: {p.tasks}" for p in organisation.positions.all())
    instructors = ", ".join(
        c.name for c in organisation.contacts.filter(role="workplace_instructor")
    )
    return {
        "parties": f"{organisation.area} – {organisation.name} ({organisation.business_id})",
        "tasks": tasks,
        "guidance_and_supervision": instructors,
    }


@access.permission_required("agreement.edit")
def agreement_create(request, organisation_pk):
    """Start an agreement from the template, section by section with its guidance."""
    organisation = organisation_get_for_user(
        user=request.user, pk=organisation_pk, permission="pipeline.edit"
    )
    template = template_for_new_agreement(organisation)
    assert template is not None  # the reference data hold a published template
    form = AgreementCreateForm(
        request.POST or None,
        sections=template.sections.all(),
        initial_texts=_starting_texts(organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                actor=request.user,
                organisation=organisation,
                template=template,
                valid_from=form.cleaned_data["valid_from"],
                valid_until=form.cleaned_data["valid_until"],
                review_every_months=form.cleaned_data["review_every_months"],
                texts=form.texts(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Agreement saved as a draft."))
            return redirect("agreements:detail", pk=agreement.pk)
    status = 422 if form.is_bound else 200
    context = {"form": form, "organisation": organisation, "template": template}
    return render(request, "agreements/agreement_form.html", context, status=status)


def _detail_context(request, agreement, **forms):
    versions = list(agreement.versions.prefetch_related("signatures"))
    return {
        "agreement": agreement,
        "organisation": agreement.organisation,
        "latest": versions[0],
        "sections": version_with_sections(versions[0]),
        "versions": versions,
        "history": agreement.history.select_related("changed_by")[:20],
        "can_edit": access.may(request.user, "agreement.edit", agreement.organisation),
        "transition_form": forms.get("transition_form")
        or TransitionForm(initial={"to_status": agreement.status}),
        "meetings": agreement.meetings.select_related("recorded_by"),
        "meeting_form": forms.get("meeting_form")
        or MeetingForm(initial={"held_on": timezone.localdate()}),
        "signature_form": forms.get("signature_form")
        or SignatureForm(initial={"signed_on": timezone.localdate()}),
        "offered": agreement.positions.order_by("title", "pk"),
        "positions_form": forms.get("positions_form")
        or PositionsForm(
            organisation=agreement.organisation,
            initial={"positions": list(agreement.positions.all())},
        ),
    }


@access.permission_required("agreement.view")
def agreement_detail(request, pk):
    agreement = agreement_get_for_user(user=request.user, pk=pk)
    return render(request, "agreements/agreement_detail.html", _detail_context(request, agreement))


@require_POST
@access.permission_required("agreement.edit")
def agreement_transition(request, pk):
    agreement = agreement_get_for_user(user=request.user, pk=pk, permission="agreement.edit")
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_transition(
                actor=request.user,
                agreement=agreement,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        context = _detail_context(request, agreement, transition_form=form)
        return render(request, "agreements/agreement_detail.html", context, status=422)
    return redirect("agreements:detail", pk=agreement.pk)


@require_POST
@access.permission_required("agreement.edit")
def agreement_positions(request, pk):
    agreement = agreement_get_for_user(user=request.user, pk=pk, permission="agreement.edit")
    form = PositionsForm(request.POST, organisation=agreement.organisation)
    if form.is_valid():
        try:
            services.agreement_positions_set(
                actor=request.user, agreement=agreement, positions=form.cleaned_data["positions"]
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        context = _detail_context(request, agreement, positions_form=form)
        return render(request, "agreements/agreement_detail.html", context, status=422)
    messages.success(request, _("The places offered under the agreement were saved."))
    return redirect("agreements:detail", pk=agreement.pk)


@require_POST
@access.permission_required("agreement.edit")
def signature_add(request, pk):
    agreement = agreement_get_for_user(user=request.user, pk=pk, permission="agreement.edit")
    form = SignatureForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.signature_record(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        context = _detail_context(request, agreement, signature_form=form)
        return render(request, "agreements/agreement_detail.html", context, status=422)
    return redirect("agreements:detail", pk=agreement.pk)


@access.permission_required("agreement.edit")
def agreement_amend(request, pk):
    agreement = agreement_get_for_user(user=request.user, pk=pk, permission="agreement.edit")
    latest = services.latest_version(agreement)
    form = AmendForm(
        request.POST or None,
        sections=agreement.template.sections.all(),
        initial_texts=dict(latest.texts.values_list("section_key", "text")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_amend(
                actor=request.user,
                agreement=agreement,
                texts=form.texts(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("A new version was saved."))
            return redirect("agreements:detail", pk=agreement.pk)
    status = 422 if form.is_bound else 200
    context = {"form": form, "agreement": agreement, "organisation": agreement.organisation}
    return render(request, "agreements/agreement_amend.html", context, status=status)


@access.permission_required("agreement.view")
def agreement_pdf(request, pk, number):
    """The version as a PDF that a person would sign."""
    agreement = agreement_get_for_user(user=request.user, pk=pk)
    version = get_object_or_404(agreement.versions, number=number)
    response = pdf_download(
        request,
        "agreements/agreement_pdf.html",
        {
            "agreement": agreement,
            "version": version,
            "sections": version_with_sections(version),
            "signatures": version.signatures.all(),
        },
        filename=f"yhteistyosopimus-{agreement.pk}-v{number}.pdf",
    )
    download_recorded(
        actor=request.user,
        action="agreement.download",
        obj=agreement,
        area=agreement.organisation.area,
        changes={"version": [None, str(number)]},
    )
    return response


@require_POST
@access.permission_required("agreement.edit")
def meeting_add(request, pk):
    agreement = agreement_get_for_user(user=request.user, pk=pk, permission="agreement.edit")
    form = MeetingForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, agreement, meeting_form=form)
        return render(request, "agreements/agreement_detail.html", context, status=422)
    services.meeting_record(actor=request.user, agreement=agreement, **form.cleaned_data)
    return redirect(f"{reverse('agreements:detail', args=[agreement.pk])}#meetings")


@access.permission_required("agreement.view")
def signature_scan(request, pk, signature_pk):
    """A signed scan, only to those who may see the agreement; the download is audited."""
    agreement = agreement_get_for_user(user=request.user, pk=pk)
    signature = get_object_or_404(Signature, pk=signature_pk, version__agreement=agreement)
    # Served under a name of our own: the uploaded file's name is the uploader's text.
    extension = Path(signature.scan.name or "").suffix.lower()
    if not signature.scan or extension not in SCAN_TYPES:
        raise Http404
    download_recorded(
        actor=request.user,
        action="agreement.scan_download",
        obj=agreement,
        area=agreement.organisation.area,
    )
    return file_download(
        signature.scan.open("rb"),
        filename=f"allekirjoitus-{agreement.pk}-{signature.pk}{extension}",
        content_type=SCAN_TYPES[extension],
    )
