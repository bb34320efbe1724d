"""Pages that correct a client's journal entry, keeping its history, and change a plan's
steps and summary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.clients import services
from osmari.clients.models import Plan
from osmari.clients.records_forms import JournalCorrectionForm, PlanStepEditForm, PlanSummaryForm
from osmari.clients.records_selectors import corrections_of, journal_entry_of, plan_step_of
from osmari.clients.selectors import client_get_for_user
from osmari.core.audit import persons_read
from osmari.core.form_errors import add_service_error


@access.permission_required("client.view")
def journal_entry(request, pk, entry_pk):
    """A journal entry with every earlier text; who may edit the client corrects it here."""
    client = client_get_for_user(user=request.user, pk=pk)
    entry = journal_entry_of(client, entry_pk)
    can_edit = access.may(request.user, "client.edit", client)
    if request.method == "POST" and not can_edit:
        raise Http404
    corrections = corrections_of(entry)
    form = JournalCorrectionForm(
        request.POST or None,
        initial={"text": entry.text, "corrections_seen": len(corrections)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_correct(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The entry was corrected; its earlier text is kept."))
            return redirect("clients:journal_entry", pk=client.pk, entry_pk=entry.pk)
    persons_read(actor=request.user, persons=[client], part="journal_entry", obj=entry)
    return render(
        request,
        "clients/journal_entry.html",
        {
            "client": client,
            "entry": entry,
            "corrections": corrections,
            "form": form if can_edit else None,
        },
        status=422 if form.is_bound else 200,
    )


@access.permission_required("client.edit")
def plan_step_edit(request, pk, step_pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    step = plan_step_of(client, step_pk)
    today = timezone.localdate()
    form = PlanStepEditForm(
        request.POST or None,
        today=today,
        initial={
            "text": step.text,
            "owner": step.owner,
            "due_on": step.due_on,
            "done_on": step.done_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_step_edit(actor=request.user, step=step, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Plan step saved."))
            return redirect(f"{reverse('clients:detail', args=[client.pk])}#plans")
    persons_read(actor=request.user, persons=[client], part="plan_step")
    return render(
        request,
        "clients/plan_step_form.html",
        {"client": client, "step": step, "form": form},
        status=422 if form.is_bound else 200,
    )


@access.permission_required("client.edit")
def plan_summary(request, pk, kind):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    if kind not in Plan.Kind.values:
        raise Http404
    plan = next((p for p in client.plans.all() if p.kind == kind), None)
    form = PlanSummaryForm(request.POST or None, initial={"summary": plan.summary if plan else ""})
    if request.method == "POST" and form.is_valid():
        services.plan_summary_set(
            actor=request.user, client=client, kind=kind, summary=form.cleaned_data["summary"]
        )
        messages.success(request, _("Plan saved."))
        return redirect(f"{reverse('clients:detail', args=[client.pk])}#plans")
    persons_read(actor=request.user, persons=[client], part="plan")
    return render(
        request,
        "clients/plan_summary_form.html",
        {"client": client, "kind_label": Plan.Kind(kind).label, "form": form},
        status=422 if form.is_bound else 200,
    )
