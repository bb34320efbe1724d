"""Local subsidy schemes: their budgets, the decisions that commit money, and payments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.core.form_errors import add_service_error
from osmari.core.params import plain_text
from osmari.reciprocity import selectors, services
from osmari.reciprocity.forms import CommitmentForm, PaymentForm, SchemeForm
from osmari.reciprocity.models import SubsidyCommitment, SubsidyScheme


@access.permission_required("reciprocity.subsidies")
def subsidies(request):
    area = access.areas_where(request.user, "reciprocity.subsidies")[0]
    return render(
        request,
        "reciprocity/subsidies.html",
        {
            "budgets": selectors.scheme_budgets(area),
            "may_decide": access.may(request.user, "reciprocity.subsidy_decide", area),
        },
    )


@access.permission_required("reciprocity.subsidy_decide")
def scheme_create(request):
    area = access.areas_where(request.user, "reciprocity.subsidy_decide")[0]
    form = SchemeForm(
        request.POST or None, initial={"year": timezone.localdate().year, "max_months": 12}
    )
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The scheme is saved."))
            return redirect("reciprocity:scheme", scheme.pk)
    return render(
        request,
        "reciprocity/scheme_form.html",
        {"form": form},
        status=422 if form.is_bound else 200,
    )


def _scheme_for_user(user, pk, permission="reciprocity.subsidies") -> SubsidyScheme:
    scheme = SubsidyScheme.objects.select_related("area").filter(pk=pk).first()
    if scheme is None or not access.may(user, permission, scheme.area):
        raise Http404
    return scheme


@access.permission_required("reciprocity.subsidies")
def scheme_detail(request, pk):
    scheme = _scheme_for_user(request.user, pk)
    may_decide = access.may(request.user, "reciprocity.subsidy_decide", scheme.area)
    form, preview, aid, status = None, None, None, 200
    if may_decide:
        form = CommitmentForm(
            request.POST or None,
            scheme=scheme,
            placements=selectors.subsidised_periods_for_user(user=request.user, scheme=scheme),
            initial={"decided_on": timezone.localdate()},
        )
        if request.method == "POST":
            status = 422
            if form.is_valid():
                data = form.cleaned_data
                try:
                    if "preview" in request.POST:
                        preview = services.commitment_preview(
                            scheme, data["months"], data.get("monthly_pay")
                        )
                        aid = services.aid_preview(
                            data["organisation"],
                            data["decided_on"],
                            preview.total,
                            economic_activity=data["economic_activity"],
                            other_aid_declared=data.get("other_aid_declared"),
                        )
                        status = 200
                    else:
                        services.commitment_make(actor=request.user, scheme=scheme, **data)
                        messages.success(
                            request, _("The decision is recorded and the money committed.")
                        )
                        return redirect("reciprocity:scheme", scheme.pk)
                except ValidationError as error:
                    add_service_error(form, error)
    elif request.method == "POST":
        raise Http404
    budget = selectors.scheme_budget(scheme)
    return render(
        request,
        "reciprocity/scheme_detail.html",
        {
            "scheme": scheme,
            "budget": budget,
            "commitments": selectors.commitments(scheme),
            "form": form,
            "preview": preview,
            "aid": aid,
            "left_after": budget.remaining - preview.total if preview else None,
            "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
            "may_decide": may_decide,
        },
        status=status,
    )


def _commitment_for_manager(user, pk) -> SubsidyCommitment:
    commitment = SubsidyCommitment.objects.select_related("scheme__area").filter(pk=pk).first()
    if commitment is None or not access.may(
        user, "reciprocity.subsidy_decide", commitment.scheme.area
    ):
        raise Http404
    return commitment


@require_POST
@access.permission_required("reciprocity.subsidy_decide")
def payment_add(request, pk):
    commitment = _commitment_for_manager(request.user, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        problems = [str(m) for errors in form.errors.values() for m in errors]
        messages.error(
            request, _("The payment was not recorded: %(why)s") % {"why": " ".join(problems)}
        )
    else:
        messages.success(request, _("The payment is recorded."))
    return redirect("reciprocity:scheme", commitment.scheme_id)


@require_POST
@access.permission_required("reciprocity.subsidy_decide")
def commitment_cancel(request, pk):
    commitment = _commitment_for_manager(request.user, pk)
    try:
        services.commitment_cancel(
            actor=request.user,
            commitment=commitment,
            on=timezone.localdate(),
            reason=plain_text(request.POST.get("reason", "")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The decision is cancelled and its money is back in the budget.")
        )
    return redirect("reciprocity:scheme", commitment.scheme_id)
