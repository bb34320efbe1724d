from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.core.audit import persons_read
from osmari.core.form_errors import add_service_error
from osmari.core.i18n import current_language
from osmari.core.params import whole_number
from osmari.employers.selectors import position_lacks_active_agreement
from osmari.placements import explanations, host_services, rules, services
from osmari.placements.forms import (
    ExtendForm,
    OutcomeForm,
    PlacementForm,
    PlacementReferenceForm,
    ReviewForm,
    TransitionForm,
)
from osmari.placements.host_forms import AbsenceReportedForm
from osmari.placements.host_selectors import absence_get_for_user
from osmari.placements.models import (
    PERIOD_LIFE,
    REFERENCE_EXPECTED,
    PlacementKind,
    PlacementStatus,
    Review,
)
from osmari.placements.picker_views import picker_context
from osmari.placements.selectors import (
    ENDING,
    STARTING,
    placement_get_for_user,
    placement_list_for_user,
    positions_for_placing,
    reviews_due,
)


def _explained(reasons):
    lang = current_language()
    return [
        {"text": explanations.explain(r, lang), "basis": r.legal_basis, "met": r.met}
        for r in reasons
    ]


def _initial_from_suggestion(request, positions) -> dict:
    """A suggestion opens the form with its place, kind and score filled in."""
    initial: dict[str, Any] = {"days_per_week": 5, "hours_per_day": 6}
    position = positions.filter(pk=whole_number(request.GET.get("position"))).first()
    if position is not None:
        initial["position"] = position.pk
        initial["days_per_week"] = position.days_per_week
        initial["hours_per_day"] = position.hours_per_day
        initial["kind"] = (
            PlacementKind.WAGE_SUBSIDY
            if position.kind == PlacementKind.WAGE_SUBSIDY
            else PlacementKind.WORK_TRIAL
        )
    if request.GET.get("kind") in PlacementKind.values:
        initial["kind"] = request.GET["kind"]
    if request.GET.get("score"):
        initial["match_score"] = request.GET["score"]
    today = timezone.localdate()
    initial.setdefault("start_on", today)
    return initial


@access.permission_required("placement.edit")
def placement_create(request, client_pk):
    """Plan a period. The rules are checked whole; a refusal lists every rule it breaks."""
    client = client_get_for_user(user=request.user, pk=client_pk, permission="placement.edit")
    positions = positions_for_placing(client=client)
    form = PlacementForm(
        request.POST or None,
        positions=positions,
        initial=_initial_from_suggestion(request, positions),
    )
    refused = []
    needs_confirmation = False
    if request.method == "POST" and form.is_valid():
        position = form.cleaned_data["position"]
        score = form.cleaned_data.get("match_score")
        try:
            placement = services.placement_create(
                actor=request.user,
                client=client,
                position=position,
                fields=form.period_fields(),
                confirm_without_agreement=request.POST.get("confirm_without_agreement") == "1",
                match_score=score,
                **form.reference_values(),
            )
        except services.PlacementRefused as error:
            # The list of broken rules is the message; nothing else to correct on the form.
            refused = _explained(error.reasons)
        except services.AgreementConfirmationNeeded as error:
            needs_confirmation = True
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The period is planned."))
            return redirect("placements:detail", pk=placement.pk)
    position = form.cleaned_data.get("position") if form.is_bound and form.is_valid() else None
    context = {
        "client": client,
        "form": form,
        "refused": refused,
        "needs_confirmation": needs_confirmation,
        "lacks_agreement": position is not None and position_lacks_active_agreement(position),
        **picker_context(request, positions, form["position"].value()),
    }
    persons_read(actor=request.user, persons=[client], part="placement")
    return render(
        request, "placements/placement_form.html", context, status=422 if form.is_bound else 200
    )


def _reported_form(absence, data=None):
    return AbsenceReportedForm(data, auto_id=f"absence{absence.pk}_%s")


def _detail_context(request, placement, **forms):
    today = timezone.localdate()
    allowed = PERIOD_LIFE.allowed_from(placement.status)
    can_edit = access.may(request.user, "placement.edit", placement.client)
    context = {
        "placement": placement,
        "client": placement.client,
        "today": today,
        "can_edit": can_edit,
        # The subsidy track and percentage, and an interruption for health, tell of the
        # person's work ability.
        "sees_sensitive": access.may(request.user, "client.view_sensitive", placement.client),
        "history": placement.history.select_related("changed_by"),
        # Feedback invitations and answers, through the reverse relation (feedback sits
        # below placements in the app order).
        "invitations": placement.invitations.select_related("survey", "response")
        .prefetch_related("response__answers__question")
        .order_by("due_on", "pk"),
        "follow_ups": placement.follow_ups.filter(done_at__isnull=True),
        "reviews": placement.reviews.select_related("recorded_by"),
        # Recorded by the host; those that may affect benefits are the coach's to report,
        # each with its own form for the notice's reference.
        "absences": [
            (absence, _reported_form(absence) if can_edit and absence.to_report else None)
            for absence in placement.absences.select_related("recorded_by")
        ],
        "reviews_due": reviews_due(placement, today),
        # Every stage not yet recorded, once the period has started.
        "reviews_open": placement.status not in (PlacementStatus.PLANNED, PlacementStatus.CANCELLED)
        and placement.reviews.count() < len(Review.Stage),
        "transition_form": TransitionForm(
            allowed=allowed,
            initial={
                "on": today,
                # Given when the period was planned: the start form shows it to confirm.
                "official_reference": placement.official_reference
                if placement.status == PlacementStatus.PLANNED
                else "",
                "official_on": placement.official_on
                if placement.status == PlacementStatus.PLANNED
                else None,
            },
        )
        if allowed and can_edit
        else None,
        "reference_form": PlacementReferenceForm(
            initial={
                "official_reference": placement.official_reference,
                "official_on": placement.official_on,
            }
        )
        if can_edit and placement.status != PlacementStatus.CANCELLED
        else None,
        # Past planning the agreement or decision exists in the national system; a period
        # without its reference is not linked to its official record.
        "reference_missing": placement.status in REFERENCE_EXPECTED
        and not placement.official_reference,
        "extend_form": ExtendForm() if placement.is_open and can_edit else None,
        "outcome_form": OutcomeForm(initial={"outcome": placement.outcome or None})
        if placement.status in (PlacementStatus.ENDED, PlacementStatus.INTERRUPTED) and can_edit
        else None,
        "months": round(rules.months(placement.start_on, placement.last_day) + rules.SLACK, 1),
    }
    context.update(forms)
    return context


@access.permission_required("placement.view")
def placement_detail(request, pk):
    placement = placement_get_for_user(user=request.user, pk=pk)
    persons_read(actor=request.user, persons=[placement.client], part="placement", obj=placement)
    return render(request, "placements/placement_detail.html", _detail_context(request, placement))


def _detail_with_error(request, placement, refused=(), **forms):
    context = _detail_context(request, placement, **forms)
    context["refused"] = refused
    persons_read(actor=request.user, persons=[placement.client], part="placement", obj=placement)
    return render(request, "placements/placement_detail.html", context, status=422)


def _change(request, placement, form, form_name, change, done_message):
    """Run a change of the period from its form; a refusal lists the broken rules on the
    page, and nothing already saved is touched."""
    if form.is_valid():
        try:
            change(
                actor=request.user,
                placement=placement,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except services.PlacementRefused as error:
            placement.refresh_from_db()
            return _detail_with_error(
                request, placement, _explained(error.reasons), **{form_name: form}
            )
        except ValidationError as error:
            placement.refresh_from_db()
            add_service_error(form, error)
        else:
            messages.success(request, done_message)
            return redirect("placements:detail", pk=placement.pk)
    return _detail_with_error(request, placement, **{form_name: form})


@require_POST
@access.permission_required("placement.edit")
def placement_transition(request, pk):
    placement = placement_get_for_user(user=request.user, pk=pk, permission="placement.edit")
    form = TransitionForm(request.POST, allowed=PERIOD_LIFE.allowed_from(placement.status))
    return _change(
        request, placement, form, "transition_form", services.placement_transition, _("Saved.")
    )


@require_POST
@access.permission_required("placement.edit")
def placement_extend(request, pk):
    placement = placement_get_for_user(user=request.user, pk=pk, permission="placement.edit")
    return _change(
        request,
        placement,
        ExtendForm(request.POST),
        "extend_form",
        services.placement_extend,
        _("The period is extended."),
    )


@require_POST
@access.permission_required("placement.edit")
def placement_reference(request, pk):
    """Link the period to its agreement or decision in the national system."""
    placement = placement_get_for_user(user=request.user, pk=pk, permission="placement.edit")
    form = PlacementReferenceForm(request.POST)
    if form.is_valid():
        try:
            services.placement_reference_set(
                actor=request.user, placement=placement, **form.reference_values()
            )
        except ValidationError as error:
            placement.refresh_from_db()
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("placements:detail", pk=placement.pk)
    return _detail_with_error(request, placement, reference_form=form)


@require_POST
@access.permission_required("placement.edit")
def placement_outcome(request, pk):
    placement = placement_get_for_user(user=request.user, pk=pk, permission="placement.edit")
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_record(
                actor=request.user,
                placement=placement,
                outcome=form.cleaned_data["outcome"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("placements:detail", pk=placement.pk)
    return _detail_with_error(request, placement, outcome_form=form)


@require_POST
@access.permission_required("placement.edit")
def absence_reported(request, pk):
    """The coach has reported the host's record of an absence in the national system."""
    absence = absence_get_for_user(user=request.user, pk=pk)
    form = _reported_form(absence, request.POST)
    if form.is_valid():
        try:
            host_services.absence_reported(
                actor=request.user, absence=absence, **form.reference_values()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{absence.placement.get_absolute_url()}#absences")
    placement = placement_get_for_user(
        user=request.user, pk=absence.placement_id, permission="placement.edit"
    )
    context = _detail_context(request, placement)
    # The refused form comes back beside its absence, as typed.
    context["absences"] = [
        (a, form if a.pk == absence.pk else other) for a, other in context["absences"]
    ]
    persons_read(actor=request.user, persons=[placement.client], part="placement", obj=placement)
    return render(request, "placements/placement_detail.html", context, status=422)


@access.permission_required("placement.edit")
def review_add(request, pk):
    placement = placement_get_for_user(user=request.user, pk=pk, permission="placement.edit")
    due = reviews_due(placement, timezone.localdate())
    form = ReviewForm(
        request.POST or None,
        initial={"stage": due[0] if due else "start", "held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(
                actor=request.user,
                placement=placement,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect(f"{placement.get_absolute_url()}#reviews")
    persons_read(actor=request.user, persons=[placement.client], part="review", obj=placement)
    return render(
        request,
        "placements/review_form.html",
        {"placement": placement, "client": placement.client, "form": form},
        status=422 if form.is_bound else 200,
    )


@access.permission_required("placement.view")
def placement_list(request):
    status = request.GET.get("status", "")
    if status not in PlacementStatus.values:
        status = ""
    reference_missing = request.GET.get("reference") == "missing"
    soon = request.GET.get("soon", "")
    absences_to_report = request.GET.get("absences") == "to_report"
    reviews = request.GET.get("reviews") == "due"
    areas = access.areas_where(request.user, "placement.view")
    coaches = list(access.coaches_in(areas))
    if "coach" in request.GET:
        coach = whole_number(request.GET.get("coach"))
    elif (reference_missing or soon or absences_to_report or reviews) and access.may(
        request.user, "home.coach"
    ):
        # A coach's list of links still to make starts from their own clients' periods.
        coach = request.user.pk
    else:
        coach = None
    if coach is not None and coach not in {c.pk for c in coaches}:
        coach = None
    placements = placement_list_for_user(
        user=request.user,
        status=status,
        reference_missing=reference_missing,
        coach=coach,
        soon=soon,
        absences_to_report=absences_to_report,
        reviews=reviews,
    )
    page = Paginator(placements, 25).get_page(request.GET.get("page"))
    persons_read(actor=request.user, persons=[p.client for p in page.object_list], part="list")
    query = request.GET.copy()
    query.pop("page", None)
    query["coach"] = coach or ""
    return render(
        request,
        "placements/placement_list.html",
        {
            "page": page,
            "status": status,
            "statuses": PlacementStatus.choices,
            "reference_missing": reference_missing,
            "soon": soon if soon in (STARTING, ENDING) else "",
            "absences_to_report": absences_to_report,
            "reviews_due": reviews,
            "coaches": coaches,
            "coach": coach,
            "query": query.urlencode(),
        },
    )
