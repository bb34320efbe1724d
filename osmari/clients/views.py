from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients import consents, importing, services
from osmari.clients import jobs as client_jobs
from osmari.clients.choices import ConsentPurpose
from osmari.clients.forms import (
    ClientCreateForm,
    ClientForm,
    ClientListForm,
    ConsentForm,
    ConsentTextForm,
    EnrolmentForm,
    ImportForm,
    JournalForm,
    PlanReferenceForm,
    PlanStepForm,
    SensitiveForm,
    SpellForm,
    StageForm,
)
from osmari.clients.record_checks import contradictions_of
from osmari.clients.selectors import (
    LIST_COLUMNS,
    client_get_for_user,
    client_list_for_user,
    enrolment_of,
    eura_pending_for_user,
    import_runs_of,
    plan_step_of,
    sensitive_data_of,
    spell_of,
)
from osmari.clients.spells import Spell, unemployment_facts
from osmari.clients.work import coach_chosen
from osmari.core import request_context
from osmari.core.audit import persons_read
from osmari.core.exports import FORMATS, table_download
from osmari.core.form_errors import add_service_error
from osmari.core.models import Municipality
from osmari.core.params import plain_text
from osmari.core.pipeline import InvalidTransition
from osmari.core.selectors import esco_find

# Sections of the client page that htmx replaces after a POST; each is one partial.
SECTIONS = {
    "spells": "clients/_spells.html",
    "consents": "clients/_consents.html",
    "journal": "clients/_journal.html",
    "plans": "clients/_plans.html",
    "stage": "clients/_stage.html",
    "interests": "clients/_interests.html",
}


def _coaches(area):
    return access.coaches_in([area])


def _detail_context(request, client, **forms):
    today = timezone.localdate()
    sees_sensitive = access.may(request.user, "client.view_sensitive", client)
    spells = list(client.spells.all())
    context = {
        "client": client,
        "today": today,
        "unemployment": unemployment_facts(
            [Spell(s.status, s.start_on, s.end_on) for s in spells], today
        ),
        "can_edit": access.may(request.user, "client.edit", client),
        "can_export": access.may(request.user, "client.export_person", client),
        "sees_sensitive": sees_sensitive,
        "spells": spells,
        # The organisation a sharing consent names is kept on the organisation's side.
        "consents": client.consents.select_related("text", "given_by", "recipient__organisation"),
        "journal": client.journal.select_related("author")[:20],
        "plans": client.plans.prefetch_related("steps"),
        "stage_history": client.stage_history.select_related("changed_by")[:10],
        "contradictions": contradictions_of(client),
        "enrolment": enrolment_of(client),
        # Work-ability restrictions are health data: only for those who may see it.
        "restrictions": client.restrictions.all() if sees_sensitive else [],
        # Through the reverse relation: placements sit below clients in the app order.
        "placements": client.placements.select_related("organisation", "position"),
        "proposals": client.proposals.select_related(
            "position", "organisation", "proposed_by", "answered_by"
        ),
        "planned_positions": set(
            client.placements.filter(status__in=("planned", "active")).values_list(
                "position_id", flat=True
            )
        ),
        "languages": client.languages.all(),
        "occupations": client.occupations.select_related("isco_group"),
        "skills": client.skills.all(),
        "spell_form": SpellForm(),
        "consent_form": ConsentForm(),
        "journal_form": JournalForm(initial={"occurred_on": today, "kind": "meeting"}),
        "plan_step_form": PlanStepForm(),
        "plan_reference_form": _plan_reference_form(client),
        "stage_form": StageForm(initial={"to_stage": client.stage}),
    }
    context.update(forms)
    return context


def _section_response(request, client, section, status=200, **forms):
    """The changed section for htmx, the whole page otherwise (a redirect after success)."""
    if request.htmx:
        return render(
            request, SECTIONS[section], _detail_context(request, client, **forms), status=status
        )
    if status == 200:
        return redirect(f"{reverse('clients:detail', args=[client.pk])}#{section}")
    return render(
        request,
        "clients/client_detail.html",
        _detail_context(request, client, **forms),
        status=status,
    )


@access.permission_required("client.list")
def client_list(request):
    """Find clients: search, filter and sort the clients the user may see; the filters stay
    in the address, so a list can be bookmarked and shared with a colleague."""
    areas = access.areas_where(request.user, "client.list")
    form = ClientListForm(
        request.GET or None,
        areas=areas,
        coaches=access.coaches_in(areas),
        municipalities=Municipality.objects.filter(employment_areas__in=areas)
        .distinct()
        .order_by("name_fi"),
    )
    filters = form.to_filter()
    clients = client_list_for_user(user=request.user, filters=filters)
    page = Paginator(clients, 25).get_page(request.GET.get("page"))
    persons_read(actor=request.user, persons=page.object_list, part="list")
    query = request.GET.copy()
    query.pop("page", None)
    columns = list(LIST_COLUMNS.values())
    shown = {column.name: dict(column.choices()) for column in columns}
    context = {
        "page": page,
        "form": form,
        "query": query.urlencode(),
        "column_labels": [column.label for column in columns],
        "rows": [
            (
                client,
                [(c.label, shown[c.name].get(getattr(client, c.name, ""), "—")) for c in columns],
            )
            for client in page.object_list
        ],
    }
    template = "clients/_client_rows.html" if request.htmx else "clients/client_list.html"
    return render(request, template, context)


@access.permission_required("client.edit")
def client_create(request):
    area = access.areas_where(request.user, "client.edit")[0]
    form = ClientCreateForm(request.POST or None, coaches=_coaches(area))
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(
                actor=request.user,
                area=area,
                personal_identity_code=form.cleaned_data["personal_identity_code"],
                **form.service_fields(),
            )
        except services.ClientExistsError as error:
            existing = error.existing
            if access.may(request.user, "client.view", existing):
                persons_read(actor=request.user, persons=[existing], part="lookup")
                url = reverse("clients:detail", args=[existing.pk])
                form.add_error(
                    "personal_identity_code",
                    _("This person is already a client: %(name)s (%(url)s).")
                    % {"name": existing, "url": url},
                )
            else:
                # Whether the person is a client elsewhere in the area is not this user's to know.
                form.add_error(
                    "personal_identity_code",
                    _("A client cannot be created with this personal identity code."),
                )
        else:
            messages.success(request, _("Client saved."))
            return redirect("clients:detail", pk=client.pk)
    status = 422 if form.is_bound else 200
    return render(
        request, "clients/client_form.html", {"form": form, "creating": True}, status=status
    )


@access.permission_required("client.view")
def client_detail(request, pk):
    """The client record; every view of it is audited."""
    client = client_get_for_user(user=request.user, pk=pk)
    persons_read(actor=request.user, persons=[client])
    return render(request, "clients/client_detail.html", _detail_context(request, client))


@access.permission_required("client.edit")
def client_edit(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = ClientForm(request.POST or None, instance=client, coaches=_coaches(client.area))
    if request.method == "POST" and form.is_valid():
        # The form holds the values; the service writes them and audits what changed.
        client.refresh_from_db()
        services.client_update(
            actor=request.user,
            client=client,
            rectified_at_request=form.rectification_requested(),
            **form.service_fields(),
        )
        messages.success(request, _("Client saved."))
        return redirect("clients:detail", pk=client.pk)
    status = 422 if form.is_bound else 200
    persons_read(actor=request.user, persons=[client], part="edit")
    return render(
        request, "clients/client_form.html", {"form": form, "client": client}, status=status
    )


def _sensitive_initial(data) -> dict:
    if data is None:
        return {}
    as_choice = {True: "true", False: "false"}
    return {
        "reduced_work_ability": as_choice.get(data.reduced_work_ability, ""),
        "reduced_work_ability_notes": data.reduced_work_ability_notes,
        "integration_plan": as_choice.get(data.integration_plan, ""),
    }


@access.permission_required("client.view_sensitive")
def client_sensitive(request, pk):
    """Special-category data: shown on request only, to those who need it, each view audited."""
    client = client_get_for_user(user=request.user, pk=pk, permission="client.view_sensitive")
    data = sensitive_data_of(client)
    status = 200
    if request.method == "POST":
        form = SensitiveForm(request.POST)
        if form.is_valid():
            data = services.sensitive_update(actor=request.user, client=client, **form.cleaned_data)
            if not request.htmx:
                messages.success(request, _("Saved."))
                return redirect(f"{reverse('clients:detail', args=[client.pk])}#sensitive")
            form = SensitiveForm(initial=_sensitive_initial(data))
        else:
            status = 422
    else:
        persons_read(actor=request.user, persons=[client], part="sensitive")
        form = SensitiveForm(initial=_sensitive_initial(data))
    context = {"client": client, "sensitive": data, "sensitive_form": form, "shown": True}
    template = "clients/_sensitive.html" if request.htmx else "clients/client_sensitive.html"
    return render(request, template, context, status=status)


@require_POST
@access.permission_required("client.edit")
def spell_add(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = SpellForm(request.POST)
    if form.is_valid():
        try:
            services.spell_add(
                actor=request.user, client=client, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _section_response(request, client, "spells", status=422, spell_form=form)
    return _section_response(request, client, "spells")


@require_POST
@access.permission_required("client.edit")
def spell_delete(request, pk, spell_pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    spell = spell_of(client, spell_pk)
    services.spell_delete(actor=request.user, spell=spell, today=timezone.localdate())
    return _section_response(request, client, "spells")


@require_POST
@access.permission_required("client.edit")
def consent_give(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _section_response(request, client, "consents", status=422, consent_form=form)
    consents.consent_give(actor=request.user, client=client, purpose=form.cleaned_data["purpose"])
    return _section_response(request, client, "consents")


@require_POST
@access.permission_required("client.edit")
def consent_withdraw(request, pk, consent_pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    consent = get_object_or_404(client.consents, pk=consent_pk)
    consents.consent_withdraw(actor=request.user, consent=consent)
    return _section_response(request, client, "consents")


@access.permission_required("consent.publish")
def consent_wordings(request):
    """The area's consent wordings, each version with how many consents were given on it."""
    area = access.areas_where(request.user, "consent.publish")[0]
    return render(
        request,
        "clients/consent_wordings.html",
        {"area": area, "purposes": consents.wordings_of_area(area)},
    )


@access.permission_required("consent.publish")
def consent_wording_new(request, purpose):
    """Draft the area's new wording beside the current one, and publish it."""
    if purpose not in ConsentPurpose.values:
        raise Http404
    area = access.areas_where(request.user, "consent.publish")[0]
    current = consents.current_text(area, purpose)
    initial = (
        {"text_fi": current.text_fi, "text_sv": current.text_sv, "text_en": current.text_en}
        if current
        else {}
    )
    form = ConsentTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            text = consents.consent_text_publish(
                actor=request.user,
                area=area,
                purpose=purpose,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s is published. Consents given from now on are given "
                    "on it; earlier consents keep the wording they were given on."
                )
                % {"version": text.version},
            )
            return redirect("clients:consent_wordings")
    return render(
        request,
        "clients/consent_wording_form.html",
        {
            "area": area,
            "form": form,
            "current": current,
            "purpose_label": ConsentPurpose(purpose).label,
        },
        status=422 if form.is_bound else 200,
    )


@require_POST
@access.permission_required("client.edit")
def journal_add(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = JournalForm(request.POST)
    if not form.is_valid():
        return _section_response(request, client, "journal", status=422, journal_form=form)
    services.journal_add(actor=request.user, client=client, **form.cleaned_data)
    return _section_response(request, client, "journal")


@require_POST
@access.permission_required("client.edit")
def plan_step_add(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = PlanStepForm(request.POST)
    if not form.is_valid():
        return _section_response(request, client, "plans", status=422, plan_step_form=form)
    services.plan_step_add(actor=request.user, client=client, **form.cleaned_data)
    return _section_response(request, client, "plans")


def _plan_reference_form(client) -> PlanReferenceForm:
    plan = next((p for p in client.plans.all() if p.kind == "employment"), None)
    return PlanReferenceForm(
        initial={
            "official_reference": plan.official_reference if plan else "",
            "official_on": plan.official_on if plan else None,
        }
    )


@require_POST
@access.permission_required("client.edit")
def plan_reference(request, pk):
    """Link the employment plan to the statutory one in the national system."""
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = PlanReferenceForm(request.POST)
    if form.is_valid():
        try:
            services.plan_reference_set(
                actor=request.user, client=client, **form.reference_values()
            )
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return _section_response(request, client, "plans", status=422, plan_reference_form=form)
    return _section_response(request, client, "plans")


@require_POST
@access.permission_required("client.edit")
def plan_step_done(request, pk, step_pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    step = plan_step_of(client, step_pk)
    services.plan_step_done(actor=request.user, step=step, done_on=timezone.localdate())
    return _section_response(request, client, "plans")


@require_POST
@access.permission_required("client.edit")
def stage_change(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.client_stage_change(actor=request.user, client=client, **form.cleaned_data)
        except InvalidTransition as error:
            form.add_error("to_stage", error)
    if form.errors:
        return _section_response(request, client, "stage", status=422, stage_form=form)
    return _section_response(request, client, "stage")


@require_POST
@access.permission_required("client.edit")
def interest_add(request, pk):
    """Add an occupation of interest or a skill, picked from the ESCO list by its label."""
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    kind = "occupation" if request.POST.get("kind") == "occupation" else "skill"
    item = esco_find(kind=kind, label=plain_text(request.POST.get("label", "")))
    if item is None:
        error = _("Pick a label from the list.")
        return _section_response(request, client, "interests", status=422, interest_error=error)
    services.client_interest_add(actor=request.user, client=client, kind=kind, item=item)
    return _section_response(request, client, "interests")


@require_POST
@access.permission_required("client.edit")
def interest_remove(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    kind = "occupation" if request.POST.get("kind") == "occupation" else "skill"
    services.client_interest_remove(
        actor=request.user, client=client, kind=kind, item_id=request.POST.get("id")
    )
    return _section_response(request, client, "interests")


@access.permission_required("client.edit")
def enrolment_edit(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    enrolment = enrolment_of(client)
    form = EnrolmentForm(request.POST or None, instance=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_save(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Enrolment saved."))
            return redirect("clients:detail", pk=client.pk)
    status = 422 if form.is_bound else 200
    persons_read(actor=request.user, persons=[client], part="enrolment")
    return render(
        request, "clients/enrolment_form.html", {"form": form, "client": client}, status=status
    )


@access.permission_required("client.list")
def eura_pending(request):
    """Participants who still must enter their start or end data in EURA 2021; one coach's
    clients with `?coach=<id>`, as the start page's count of them links here."""
    coach = coach_chosen(request.GET.get("coach"))
    enrolments = eura_pending_for_user(user=request.user, coach=coach)
    page = Paginator(enrolments, 50).get_page(request.GET.get("page"))
    persons_read(actor=request.user, persons=[e.client for e in page.object_list], part="list")
    query = f"coach={coach}" if coach is not None else ""
    return render(request, "clients/eura_pending.html", {"page": page, "query": query})


@access.permission_required("client.import")
def client_import(request):
    """The file is read here, so that an unreadable one is told at once; its rows are
    imported by a background job, whose page follows."""
    area = access.areas_where(request.user, "client.import")[0]
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importing.read_rows(upload)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            run = client_jobs.start_import(
                actor=request.user, area=area, upload=upload, rows_total=len(rows)
            )
            return redirect("clients:import_run", pk=run.pk)
    status = 422 if form.is_bound and form.errors else 200
    recent = import_runs_of(request.user)[:5]
    return render(
        request,
        "clients/client_import.html",
        {"form": form, "area": area, "recent": recent},
        status=status,
    )


@access.permission_required("client.import")
def import_run(request, pk):
    """One import's progress while its job runs, and its row report once done. Only its
    importer sees it: the report lists identity codes."""
    run = get_object_or_404(import_runs_of(request.user), pk=pk)
    # The refused rows name people by identity code: kept out of every cache.
    request_context.mark("personal_data")
    template = (
        "clients/_import_run_status.html" if request.htmx else "clients/client_import_run.html"
    )
    return render(request, template, {"run": run})


@access.permission_required("client.import")
def import_template(request, fmt):
    """The import file's columns with one example row, as CSV or XLSX."""
    if fmt not in FORMATS:
        raise Http404
    return table_download(
        importing.COLUMNS, [importing.EXAMPLE], name="osmari-clients-template", fmt=fmt
    )
