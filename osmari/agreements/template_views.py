"""The agreement template's versions, edited in the application by the programme's manager."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.agreements import template_selectors as selectors
from osmari.agreements import template_services as services
from osmari.agreements.models import TemplateStatus
from osmari.agreements.template_forms import ChangeForm, PilotForm, SectionForm
from osmari.core.form_errors import add_service_error
from osmari.core.params import whole_number

PERMISSION = "agreement.template"


def _template(request, pk):
    template = selectors.template_get(pk, request.user)
    if template is None:
        raise Http404
    return template


def _own_template(request, pk):
    """A version the user changes: only one of their own area's (the shared one is read)."""
    template = _template(request, pk)
    if template.area_id is None or not access.may(request.user, PERMISSION, template.area):
        raise Http404
    return template


def _section(template, key):
    section = template.sections.filter(key=key).first()
    if section is None:
        raise Http404
    return section


@access.permission_required(PERMISSION)
def template_list(request):
    templates = list(selectors.templates_listed(request.user))
    return render(
        request,
        "agreements/template_list.html",
        {
            "templates": templates,
            "in_progress": next(
                (t for t in templates if t.status in (TemplateStatus.DRAFT, TemplateStatus.PILOT)),
                None,
            ),
            "published": next((t for t in templates if t.status == TemplateStatus.PUBLISHED), None),
        },
    )


def _detail_context(request, template, **forms):
    change = getattr(template, "change", None)
    previous = template.based_on
    return {
        "template": template,
        "sections": template.sections.order_by("order", "pk"),
        "change": change,
        # Another area's review is named only to those who may see that agreement.
        "meeting_visible": bool(
            change
            and change.prompted_by_meeting
            and access.may(
                request.user, "agreement.view", change.prompted_by_meeting.agreement.organisation
            )
        ),
        "is_draft": template.status == TemplateStatus.DRAFT,
        "in_progress": template.status in (TemplateStatus.DRAFT, TemplateStatus.PILOT),
        "rows": selectors.diff_rows(selectors.template_diff(previous, template))
        if previous
        else None,
        "previous": previous,
        "agreements_made": selectors.agreements_made_with(template, request.user),
        "pilot_organisations": selectors.pilot_organisations_for(template, request.user),
        "change_form": forms.get("change_form")
        or ChangeForm(
            meetings=selectors.meetings_for(request.user),
            initial={
                "what_changed": change.what_changed if change else "",
                "why": change.why if change else "",
                "prompted_by_meeting": change.prompted_by_meeting_id if change else None,
                "prompted_by_feedback": change.prompted_by_feedback if change else "",
            },
        ),
        "pilot_form": forms.get("pilot_form")
        or PilotForm(
            choices=selectors.pilot_choices_for(request.user),
            initial={"organisations": list(template.pilot_organisations.all())},
        ),
        "publish_errors": forms.get("publish_errors", []),
    }


@access.permission_required(PERMISSION)
def template_detail(request, pk):
    template = _template(request, pk)
    return render(request, "agreements/template_detail.html", _detail_context(request, template))


@require_POST
@access.permission_required(PERMISSION)
def template_draft(request, pk):
    base = _template(request, pk)
    try:
        template = services.template_draft(
            actor=request.user, base=base, area=access.areas_where(request.user, PERMISSION)[0]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("agreements:templates")
    messages.success(
        request,
        _("Version %(version)s was drafted from version %(base)s.")
        % {"version": template.version, "base": base.version},
    )
    return redirect("agreements:template_detail", pk=template.pk)


@access.permission_required(PERMISSION)
def template_section(request, pk, key=None):
    """Edit a draft's section, or add one when no key is given."""
    template = _own_template(request, pk)
    section = _section(template, key) if key else None
    if template.status != TemplateStatus.DRAFT:
        # A piloted or published version is what agreements were made with: it stays as it is.
        context = {"template": template, "section": section, "locked": True}
        status = 422 if request.method == "POST" else 200
        return render(request, "agreements/template_section.html", context, status=status)
    initial = {}
    if section is not None:
        initial = {name: getattr(section, name) for name in services.SECTION_TEXTS}
        initial["position"] = (
            list(template.sections.order_by("order", "pk").values_list("pk", flat=True)).index(
                section.pk
            )
            + 1
        )
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_section_save(
                actor=request.user,
                template=template,
                section=section,
                texts=form.texts(),
                position=form.cleaned_data["position"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The section was saved."))
            return redirect(f"{template_url(template)}#sections")
    status = 422 if form.is_bound else 200
    context = {"form": form, "template": template, "section": section}
    return render(request, "agreements/template_section.html", context, status=status)


def template_url(template) -> str:
    return reverse("agreements:template_detail", args=[template.pk])


@require_POST
@access.permission_required(PERMISSION)
def template_section_remove(request, pk, key):
    template = _own_template(request, pk)
    section = _section(template, key)
    try:
        services.template_section_remove(actor=request.user, template=template, section=section)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The section was removed from the draft."))
    return redirect(f"{template_url(template)}#sections")


@require_POST
@access.permission_required(PERMISSION)
def template_change(request, pk):
    template = _own_template(request, pk)
    form = ChangeForm(request.POST, meetings=selectors.meetings_for(request.user))
    if form.is_valid():
        try:
            services.template_change_save(
                actor=request.user, template=template, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        context = _detail_context(request, template, change_form=form)
        return render(request, "agreements/template_detail.html", context, status=422)
    messages.success(request, _("The change record was saved."))
    return redirect(f"{template_url(template)}#change")


@require_POST
@access.permission_required(PERMISSION)
def template_pilot(request, pk):
    template = _own_template(request, pk)
    form = PilotForm(request.POST, choices=selectors.pilot_choices_for(request.user))
    if form.is_valid():
        try:
            services.template_pilot(
                actor=request.user,
                template=template,
                organisations=form.cleaned_data["organisations"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        context = _detail_context(request, template, pilot_form=form)
        return render(request, "agreements/template_detail.html", context, status=422)
    messages.success(request, _("The pilot organisations' new agreements now use this version."))
    return redirect("agreements:template_detail", pk=template.pk)


@require_POST
@access.permission_required(PERMISSION)
def template_publish(request, pk):
    template = _own_template(request, pk)
    try:
        services.template_publish(actor=request.user, template=template, today=timezone.localdate())
    except ValidationError as error:
        context = _detail_context(request, template, publish_errors=error.messages)
        return render(request, "agreements/template_detail.html", context, status=422)
    messages.success(
        request,
        _("Version %(version)s is published: every new agreement uses it.")
        % {"version": template.version},
    )
    return redirect("agreements:template_detail", pk=template.pk)


@require_POST
@access.permission_required(PERMISSION)
def template_discard(request, pk):
    template = _own_template(request, pk)
    try:
        services.template_discard(actor=request.user, template=template)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("agreements:template_detail", pk=template.pk)
    messages.success(request, _("The draft was discarded."))
    return redirect("agreements:templates")


@access.permission_required(PERMISSION)
def template_compare(request):
    """Two versions side by side, section by section."""
    templates = list(selectors.templates_listed(request.user))
    by_version = {t.version: t for t in templates}
    problems = []
    chosen = []
    for name in ("a", "b"):
        raw = request.GET.get(name, "")
        number = whole_number(raw) if raw else None
        if raw and (number is None or number not in by_version):
            problems.append(_("There is no template version “%(value)s”.") % {"value": raw[:20]})
        chosen.append(by_version.get(number) if number is not None else None)
    before, after = chosen
    if after is None and templates:
        after = templates[0]
    if before is None and after is not None:
        before = after.based_on or next((t for t in templates if t.version < after.version), None)
    rows = selectors.diff_rows(selectors.template_diff(before, after)) if before and after else None
    context = {
        "templates": templates,
        "before": before,
        "after": after,
        "rows": rows,
        "problems": problems,
    }
    return render(
        request, "agreements/template_compare.html", context, status=400 if problems else 200
    )
