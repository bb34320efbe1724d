"""The area's benefit catalogue, and the benefits an agreement promises from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.agreements.selectors import agreement_get_for_user
from osmari.core.form_errors import add_service_error
from osmari.core.params import whole_number
from osmari.reciprocity import selectors, services
from osmari.reciprocity.forms import BenefitForm
from osmari.reciprocity.models import Benefit


@access.permission_required("reciprocity.catalogue")
def catalogue(request):
    area = selectors.area_for(request.user, "reciprocity.catalogue")
    may_edit = access.may(request.user, "reciprocity.catalogue_edit", area)
    return render(
        request,
        "reciprocity/catalogue.html",
        {
            "benefits": selectors.catalogue(area, active_only=not may_edit),
            "may_edit": may_edit,
            "area": area,
        },
    )


@require_POST
@access.permission_required("reciprocity.catalogue_edit")
def catalogue_standard(request):
    area = access.areas_where(request.user, "reciprocity.catalogue_edit")[0]
    made = services.catalogue_standard_create(actor=request.user, area=area)
    messages.success(
        request, _("%(n)s benefits added from the standard catalogue.") % {"n": len(made)}
    )
    return redirect("reciprocity:catalogue")


@access.permission_required("reciprocity.catalogue_edit")
def benefit_edit(request, pk=None):
    area = access.areas_where(request.user, "reciprocity.catalogue_edit")[0]
    benefit = get_object_or_404(Benefit, pk=pk, area=area) if pk else None
    form = BenefitForm(request.POST or None, instance=benefit)
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_save(
                actor=request.user, area=area, benefit=benefit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The catalogue is saved."))
            return redirect("reciprocity:catalogue")
    return render(
        request,
        "reciprocity/benefit_form.html",
        {"form": form, "benefit": benefit},
        status=422 if form.is_bound else 200,
    )


@access.permission_required("reciprocity.agreed")
def agreed_benefits(request, pk):
    agreement = agreement_get_for_user(user=request.user, pk=pk, permission="reciprocity.agreed")
    area = agreement.organisation.area
    benefits = list(selectors.catalogue(area, active_only=True))
    current = {a.benefit_id: a.per_year for a in agreement.agreed_benefits.all()}
    errors = []
    if request.method == "POST":
        chosen = {}
        for benefit in benefits:
            times = whole_number(
                (request.POST.get(f"b{benefit.pk}") or "0").strip() or "0", maximum=52
            )
            if times is None:
                errors.append(
                    _("%(name)s: enter a whole number from 0 to 52.") % {"name": benefit.name}
                )
                continue
            chosen[benefit.pk] = times
        if not errors:
            try:
                services.agreed_benefits_set(
                    actor=request.user, agreement=agreement, per_year=chosen
                )
            except ValidationError as error:
                errors += error.messages
            else:
                messages.success(
                    request,
                    _(
                        "The benefits are agreed and written into the agreement's "
                        "reciprocity section."
                    ),
                )
                return redirect("agreements:detail", agreement.pk)
        current = dict(chosen) | {
            b.pk: request.POST.get(f"b{b.pk}", "") for b in benefits if b.pk not in chosen
        }
    rows = [(b, current.get(b.pk, 0)) for b in benefits]
    return render(
        request,
        "reciprocity/agreed_benefits.html",
        {"agreement": agreement, "rows": rows, "errors": errors},
        status=422 if errors else 200,
    )
