from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.core.audit import persons_read
from osmari.core.form_errors import add_service_error
from osmari.core.i18n import current_language
from osmari.screening import distance, labels, services
from osmari.screening.benefit import indicate
from osmari.screening.explanations import explain
from osmari.screening.forms import (
    AssessmentForm,
    DecisionForm,
    DecisionReferenceForm,
    DistanceForm,
    WorklistFilterForm,
)
from osmari.screening.models import DOMAINS
from osmari.screening.selectors import (
    assessment_history,
    decision_get_for_user,
    decisions_for_client,
    spells_basis,
    worklist_for_user,
    worklist_reasons,
)
from osmari.screening.urgency import WEIGHTS


@access.permission_required("screening.worklist")
def worklist(request):
    """The area's clients ranked by reasons a coach can read."""
    areas = access.areas_where(request.user, "screening.worklist")
    coaches = access.coaches_in(areas)
    form = WorklistFilterForm(request.GET or None, areas=areas, coaches=coaches)
    clients = worklist_for_user(
        user=request.user, today=timezone.localdate(), filters=form.to_filter()
    )
    page = Paginator(clients, 25).get_page(request.GET.get("page"))
    rows = [
        (client, [labels.WORKLIST_REASONS[code] for code in worklist_reasons(client)])
        for client in page.object_list
    ]
    weights = [(labels.WORKLIST_REASONS[code], weight) for code, weight in WEIGHTS.items()]
    query = request.GET.copy()
    query.pop("page", None)
    persons_read(actor=request.user, persons=page.object_list, part="worklist")
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "weights": weights,
        "query": query.urlencode(),
    }
    template = "screening/_worklist_rows.html" if request.htmx else "screening/worklist.html"
    return render(request, template, context)


# Reasons that rest on special-category facts: shown only to those who may see them.
SENSITIVE_REASONS = frozenset({"ws_reduced_work_ability", "ws_group_integration_plan"})


def _explained(instrument, lang):
    return [(reason, explain(reason, lang)) for reason in instrument.reasons]


@access.permission_required("client.view")
def eligibility(request, pk):
    """Eligibility with every reason and its legal basis, the indication, and the decisions."""
    client = client_get_for_user(user=request.user, pk=pk)
    persons_read(actor=request.user, persons=[client], part="eligibility")
    sees_sensitive = access.may(request.user, "client.view_sensitive", client)
    today = timezone.localdate()
    result = services.eligibility_for_client(
        client=client, on=today, include_sensitive=sees_sensitive
    )
    history = assessment_history(client=client)
    # The table lists the latest ten; the distance travelled reads them all.
    assessments = history[::-1][:10]
    latest = assessments[0] if assessments else None
    scores = latest.scores() if latest else None
    if scores is not None and not sees_sensitive:
        # The work-ability score is health data: without the right to see it, it is not used.
        scores.pop("work_ability")
    indication = indicate(
        long_term_unemployed=result.unemployment.long_term_unemployed,
        months_unemployed_in_last_16=result.unemployment.months_in_last_16,
        scores=scores,
    )
    lang = current_language()
    can_decide = access.may(request.user, "screening.decide", client)
    domains = [(stem, label) for stem, label, special in DOMAINS if sees_sensitive or not special]
    context = {
        "client": client,
        "result": result,
        "work_trial_reasons": _explained(result.work_trial, lang),
        "wage_subsidy_reasons": _explained(result.wage_subsidy, lang),
        "indication": indication,
        "indication_label": labels.INDICATION_LEVELS[indication.level],
        "indication_reasons": [
            (labels.INDICATION_REASONS[code], weight) for code, weight in indication.reasons
        ],
        "assessments": assessments,
        "domains": domains,
        **_distance(request, history, domains),
        "decisions": decisions_for_client(client=client),
        "decision_form": DecisionForm() if can_decide else None,
        "sees_sensitive": sees_sensitive,
        "spells_basis": spells_basis(client),
    }
    return render(request, "screening/eligibility.html", context)


ARROWS = {"better": "↑", "same": "→", "worse": "↓"}
WORDS = {
    "better": gettext_lazy("better"),
    "same": gettext_lazy("no change"),
    "worse": gettext_lazy("worse"),
}


def _distance(request, history, domains) -> dict:
    """The change in each shown domain between two assessments: the first and the latest,
    or the two the coach chose (in the address, so a comparison can be returned to)."""
    if len(history) < 2:
        return {"distance_rows": None}
    chosen = "from" in request.GET or "to" in request.GET
    form = DistanceForm(request.GET if chosen else None, assessments=history)
    first, last = history[0], history[-1]
    if form.is_bound and form.is_valid():
        by_pk = {a.pk: a for a in history}
        first, last = by_pk[form.cleaned_data["from"]], by_pk[form.cleaned_data["to"]]
        if (last.assessed_on, last.pk) < (first.assessed_on, first.pk):
            first, last = last, first
    if not form.is_bound or not form.is_valid():
        # The form shows what is compared; on a wrong choice, with its message beside it.
        form.initial = {"from": first.pk, "to": last.pk}
    changes = distance.between(_assessment(first), _assessment(last), [s for s, _l in domains])
    labels_by_stem = dict(domains)
    rows = [
        {
            "label": labels_by_stem[c.domain],
            "before": c.before,
            "after": c.after,
            "change": c.change,
            "direction": c.direction,
            "arrow": ARROWS[c.direction],
            "word": WORDS[c.direction],
        }
        for c in changes
    ]
    return {
        "distance_form": form,
        "distance_rows": rows,
        "distance_first": first,
        "distance_last": last,
        "distance_default": first == history[0] and last == history[-1],
    }


def _assessment(assessment) -> distance.Assessment:
    return distance.Assessment(assessment.pk, assessment.assessed_on, assessment.scores())


@access.permission_required("screening.assess")
def assessment_add(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="screening.assess")
    sees_sensitive = access.may(request.user, "client.view_sensitive", client)
    form = AssessmentForm(
        request.POST or None,
        include_sensitive=sees_sensitive,
        initial={"assessed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        services.assessment_add(actor=request.user, client=client, **data)
        messages.success(request, _("Needs assessment saved."))
        return redirect("screening:eligibility", pk=client.pk)
    status = 422 if form.is_bound else 200
    persons_read(actor=request.user, persons=[client], part="assessment")
    return render(
        request, "screening/assessment_form.html", {"form": form, "client": client}, status=status
    )


@access.permission_required("screening.decide")
def decision_add(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="screening.decide")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = services.decision_record(
            actor=request.user,
            client=client,
            on=timezone.localdate(),
            include_sensitive=access.may(request.user, "client.view_sensitive", client),
            **form.cleaned_data,
        )
        messages.success(request, _("Decision recorded."))
        return redirect("screening:decision_explanation", pk=decision.pk)
    status = 422 if form.is_bound else 200
    persons_read(actor=request.user, persons=[client], part="decision")
    return render(
        request, "screening/decision_form.html", {"form": form, "client": client}, status=status
    )


def _explanation(request, decision, client, reference_form=None, status=200):
    persons_read(actor=request.user, persons=[client], part="decision", obj=decision)
    stored = decision.explained_in(current_language())
    wage_subsidy = stored.get("wage_subsidy", {})
    if not access.may(request.user, "client.view_sensitive", client):
        # Reduced work ability and an integration plan are health and background facts.
        wage_subsidy = {
            **wage_subsidy,
            "reasons": [
                r for r in wage_subsidy.get("reasons", []) if r.get("code") not in SENSITIVE_REASONS
            ],
        }
    if reference_form is None and access.may(request.user, "screening.decide", client):
        reference_form = DecisionReferenceForm(
            initial={
                "official_reference": decision.official_reference,
                "official_on": decision.official_on,
            }
        )
    context = {
        "decision": decision,
        "client": client,
        "work_trial": stored.get("work_trial", {}),
        "wage_subsidy": wage_subsidy,
        "estimate": decision.engine_result.get("estimate", False),
        "reference_form": reference_form,
    }
    return render(request, "screening/decision_explanation.html", context, status=status)


@access.permission_required("client.view")
def decision_explanation(request, pk):
    """The proposal in plain language for the client, printable."""
    decision = decision_get_for_user(user=request.user, pk=pk)
    client = client_get_for_user(user=request.user, pk=decision.client_id)
    return _explanation(request, decision, client)


@require_POST
@access.permission_required("screening.decide")
def decision_reference(request, pk):
    """Record the reference of the statutory decision made in the national system."""
    decision = decision_get_for_user(user=request.user, pk=pk)
    client = client_get_for_user(user=request.user, pk=decision.client_id)
    if not access.may(request.user, "screening.decide", client):
        raise Http404
    form = DecisionReferenceForm(request.POST)
    if form.is_valid():
        try:
            services.decision_reference_set(
                actor=request.user, decision=decision, **form.reference_values()
            )
        except ValidationError as error:
            decision.refresh_from_db()
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("screening:decision_explanation", pk=decision.pk)
    return _explanation(request, decision, client, reference_form=form, status=422)
