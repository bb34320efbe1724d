from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.core.audit import download_recorded
from osmari.core.exports import FORMATS, file_download, table_download
from osmari.core.form_errors import add_service_error
from osmari.core.models import Municipality, OccupationGroup
from osmari.core.params import plain_text
from osmari.employers import charts, gaps, services
from osmari.employers.forms import (
    ActivityForm,
    ColleagueInviteForm,
    ContactForm,
    LetterOfIntentForm,
    OrganisationCreateForm,
    OrganisationForm,
    PositionForm,
    StaffReductionForm,
    StageForm,
)
from osmari.employers.models import PipelineStage
from osmari.employers.page_notices import notices_for
from osmari.employers.selectors import (
    ACTIVE_AGREEMENT_STATUSES,
    contacts_due_for_user,
    gap_counts_for_user,
    organisation_get_for_user,
    organisation_list_for_user,
    organisation_people,
    pipeline_candidates_for_user,
)

# What a stored letter is served as, by the extension the service gave it.
SCAN_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}

SECTIONS = {
    "pipeline": "employers/_pipeline.html",
    "contacts": "employers/_contacts.html",
    "positions": "employers/_positions.html",
    "reductions": "employers/_reductions.html",
}


def _detail_context(request, organisation, **forms):
    sees_pipeline = access.may(request.user, "pipeline.view", organisation)
    context = {
        "organisation": organisation,
        "can_edit": access.may(request.user, "organisation.edit", organisation),
        "sees_pipeline": sees_pipeline,
        "contacts": organisation.contacts.all(),
        "agreements": organisation.agreements.all(),
        "has_active_agreement": organisation.agreements.filter(
            status__in=ACTIVE_AGREEMENT_STATUSES
        ).exists(),
        "positions": organisation.positions.select_related(
            "occupation", "municipality", "instructor"
        ).prefetch_related("demands", "adjustments"),
        "stage_form": StageForm(initial={"to_stage": organisation.stage}),
        "activity_form": ActivityForm(
            initial={"occurred_on": timezone.localdate(), "kind": "call"}
        ),
        "contact_form": ContactForm(),
    }
    if access.may(request.user, "organisation.reductions", organisation):
        context["sees_reductions"] = True
        context["reductions"] = organisation.staff_reductions.select_related(
            "position", "occupation", "recorded_by"
        )
        context["reduction_form"] = StaffReductionForm(organisation=organisation)
        context["notices"] = notices_for(request.user, organisation)
    if sees_pipeline:
        context["history"] = organisation.pipeline_history.select_related("changed_by")[:20]
        context["activities"] = organisation.activities.select_related("owner")[:20]
        context["letters"] = organisation.letters_of_intent.all()
        context["letter_form"] = LetterOfIntentForm()
    context.update(forms)
    return context


def _section(request, organisation, section, status=200, **forms):
    if request.htmx:
        return render(
            request,
            SECTIONS[section],
            _detail_context(request, organisation, **forms),
            status=status,
        )
    if status == 200:
        return redirect(f"{reverse('employers:detail', args=[organisation.pk])}#{section}")
    context = _detail_context(request, organisation, **forms)
    return render(request, "employers/organisation_detail.html", context, status=status)


@access.permission_required("organisation.list")
def organisation_list(request):
    """The area's host organisations, searchable and by pipeline stage."""
    stage = request.GET.get("stage", "")
    if stage not in PipelineStage.values:
        stage = ""
    organisations = organisation_list_for_user(
        user=request.user, search=plain_text(request.GET.get("q", "")).strip(), stage=stage
    )
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "q": request.GET.get("q", ""),
        "stage": stage,
        "stages": PipelineStage.choices,
        "query": query.urlencode(),
        "sees_trials": access.may(request.user, "trials.patterns"),
    }
    template = (
        "employers/_organisation_rows.html" if request.htmx else "employers/organisation_list.html"
    )
    return render(request, template, context)


@access.permission_required("pipeline.view")
def contacts_due(request):
    """Organisations whose next contact is due, the most overdue first."""
    today = timezone.localdate()
    page = Paginator(contacts_due_for_user(user=request.user, today=today), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "employers/contacts_due.html", {"page": page, "today": today})


@access.permission_required("organisation.create")
def organisation_create(request):
    area = access.areas_where(request.user, "organisation.create")[0]
    form = OrganisationCreateForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        business_id = data.pop("business_id")
        try:
            organisation = services.organisation_create(
                actor=request.user, area=area, business_id=business_id, owner=request.user, **data
            )
        except services.OrganisationExistsError as error:
            url = reverse("employers:detail", args=[error.existing.pk])
            form.add_error(
                "business_id",
                _("This organisation is already registered: %(name)s (%(url)s).")
                % {"name": error.existing, "url": url},
            )
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("employers:detail", pk=organisation.pk)
    status = 422 if form.is_bound else 200
    return render(
        request, "employers/organisation_form.html", {"form": form, "creating": True}, status=status
    )


@access.permission_required("organisation.view")
def organisation_detail(request, pk):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    return render(
        request, "employers/organisation_detail.html", _detail_context(request, organisation)
    )


@access.permission_required("organisation.edit")
def organisation_edit(request, pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="organisation.edit"
    )
    form = OrganisationForm(request.POST or None, instance=organisation, area=organisation.area)
    if request.method == "POST" and form.is_valid():
        organisation.refresh_from_db()
        services.organisation_update(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
        messages.success(request, _("Organisation saved."))
        return redirect("employers:detail", pk=organisation.pk)
    status = 422 if form.is_bound else 200
    context = {"form": form, "organisation": organisation}
    return render(request, "employers/organisation_form.html", context, status=status)


@require_POST
@access.permission_required("pipeline.edit")
def stage_change(request, pk):
    organisation = organisation_get_for_user(user=request.user, pk=pk, permission="pipeline.edit")
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_stage_change(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return _section(request, organisation, "pipeline", status=422, stage_form=form)
    return _section(request, organisation, "pipeline")


@require_POST
@access.permission_required("pipeline.edit")
def activity_add(request, pk):
    organisation = organisation_get_for_user(user=request.user, pk=pk, permission="pipeline.edit")
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_add(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return _section(request, organisation, "pipeline", status=422, activity_form=form)
    return _section(request, organisation, "pipeline")


@require_POST
@access.permission_required("pipeline.edit")
def letter_add(request, pk):
    """Record a signed letter of intent, with its document if one is given."""
    organisation = organisation_get_for_user(user=request.user, pk=pk, permission="pipeline.edit")
    form = LetterOfIntentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.letter_of_intent_record(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return _section(request, organisation, "pipeline", status=422, letter_form=form)
    messages.success(request, _("Letter of intent saved."))
    return _section(request, organisation, "pipeline")


@access.permission_required("pipeline.view")
def letter_document(request, pk, letter_pk):
    """A letter's document, only to those who follow the pipeline; the download is audited."""
    organisation = organisation_get_for_user(user=request.user, pk=pk, permission="pipeline.view")
    letter = organisation.letters_of_intent.filter(pk=letter_pk).first()
    # Served under a name of our own: the uploaded file's name is the uploader's text.
    extension = Path(letter.document.name or "").suffix.lower() if letter else ""
    if letter is None or not letter.document or extension not in SCAN_TYPES:
        raise Http404
    download_recorded(
        actor=request.user,
        action="organisation.letter_of_intent_download",
        obj=organisation,
        area=organisation.area,
    )
    return file_download(
        letter.document.open("rb"),
        filename=f"aiesopimus-{organisation.pk}-{letter.pk}{extension}",
        content_type=SCAN_TYPES[extension],
    )


@require_POST
@access.permission_required("organisation.edit")
def contact_add(request, pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="organisation.edit"
    )
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _section(request, organisation, "contacts", status=422, contact_form=form)
    services.contact_add(actor=request.user, organisation=organisation, **form.cleaned_data)
    return _section(request, organisation, "contacts")


@require_POST
@access.permission_required("organisation.edit")
def contact_remove(request, pk, contact_pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="organisation.edit"
    )
    contact = get_object_or_404(organisation.contacts, pk=contact_pk)
    services.contact_remove(actor=request.user, contact=contact)
    return _section(request, organisation, "contacts")


@require_POST
@access.permission_required("organisation.reductions")
def reduction_add(request, pk):
    """Record a layoff or dismissal at the organisation, as the coach learned of it."""
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="organisation.reductions"
    )
    form = StaffReductionForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            services.staff_reduction_add(
                actor=request.user, organisation=organisation, **form.service_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return _section(request, organisation, "reductions", status=422, reduction_form=form)
    return _section(request, organisation, "reductions")


@access.permission_required("organisation.edit")
def position_edit(request, pk, position_pk=None):
    """Create or change a place; the form says what the law allows for a work trial."""
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="organisation.edit"
    )
    position = get_object_or_404(organisation.positions, pk=position_pk) if position_pk else None
    form = PositionForm(request.POST or None, instance=position, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        if position is not None:
            position.refresh_from_db()
        try:
            services.position_save(
                actor=request.user,
                organisation=organisation,
                position=position,
                today=timezone.localdate(),
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Position saved."))
            return redirect(f"{reverse('employers:detail', args=[organisation.pk])}#positions")
    status = 422 if form.is_bound else 200
    context = {"form": form, "organisation": organisation, "position": position}
    return render(request, "employers/position_form.html", context, status=status)


@require_POST
@access.permission_required("organisation.edit")
def position_pause(request, pk, position_pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="organisation.edit"
    )
    position = get_object_or_404(organisation.positions, pk=position_pk)
    services.position_pause(actor=request.user, position=position, paused=not position.is_paused)
    return _section(request, organisation, "positions")


def _gap_context(request):
    instrument = request.GET.get("instrument", "")
    if instrument not in ("", "work_trial", "wage_subsidy"):
        instrument = ""
    today = timezone.localdate()
    demand, supply = gap_counts_for_user(user=request.user, today=today, instrument=instrument)
    rows = gaps.gap_rows(demand, supply)
    majors = {g.code: g for g in OccupationGroup.objects.filter(level=1)}
    places = {
        m.code: m for m in Municipality.objects.filter(code__in={r.municipality for r in rows})
    }
    candidates = pipeline_candidates_for_user(user=request.user)
    return {
        "instrument": instrument,
        "rows": [
            (
                row,
                majors.get(row.isco_major),
                places.get(row.municipality),
                candidates.get(row.municipality, []) if row.missing else [],
            )
            for row in rows
        ],
        "totals": [(majors.get(code), d, s) for code, (d, s) in gaps.totals_by_group(rows).items()],
    }


@access.permission_required("pipeline.view")
def gap_view(request):
    """Where places are missing: client demand against open capacity, with who could fill it."""
    return render(request, "employers/gaps.html", _gap_context(request))


@access.permission_required("pipeline.view")
def gap_chart(request):
    context = _gap_context(request)
    svg = charts.demand_supply_svg(
        title=_("Demand and supply by occupation group"),
        labels=[str(group) if group else "?" for group, _d, _s in context["totals"]],
        demand=[d for _g, d, _s in context["totals"]],
        supply=[s for _g, _d, s in context["totals"]],
        demand_label=_("Clients who want the work"),
        supply_label=_("Open places"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    # An image cannot run scripts; its own inline styles are all it needs.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@access.permission_required("pipeline.view")
def gap_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    context = _gap_context(request)
    header = [
        _("ISCO group"),
        _("Occupation group"),
        _("Municipality code"),
        _("Municipality"),
        _("Demand"),
        _("Supply"),
        _("Missing places"),
    ]
    table = [
        [
            row.isco_major,
            str(group or ""),
            row.municipality,
            str(place or ""),
            row.demand,
            row.supply,
            row.missing,
        ]
        for row, group, place, _candidates in context["rows"]
    ]
    download_recorded(
        actor=request.user, action="gaps.export", area=access.primary_area(request.user)
    )
    return table_download(header, table, name="osmari-gaps", fmt=fmt)


@access.permission_required("organisation.people")
def colleagues(request, pk):
    """An organisation's contact sees who acts for the organisation and invites colleagues."""
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="organisation.people"
    )
    form = ColleagueInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            colleague = services.organisation_colleague_invite(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s can now act for %(organisation)s.")
                % {"name": colleague, "organisation": organisation.name},
            )
            return redirect("employers:colleagues", organisation.pk)
    context = {
        "organisation": organisation,
        "people": organisation_people(organisation),
        "form": form,
    }
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "employers/colleagues.html", context, status=status)
