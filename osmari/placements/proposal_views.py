"""Proposals of people to host organisations' places: the coach proposes from the suggested
places and follows the answer on the client's page; the host answers on its own page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.core.audit import persons_read
from osmari.core.form_errors import add_service_error
from osmari.core.params import whole_number
from osmari.placements import proposal_services
from osmari.placements.host_selectors import shared_profile
from osmari.placements.proposal_forms import ProposalAnswerForm, ProposalForm
from osmari.placements.proposal_selectors import (
    host_proposal_get_for_user,
    host_proposal_list_for_user,
    proposal_get_for_user,
)
from osmari.placements.proposal_services import KINDS_OF_PLACE
from osmari.placements.selectors import positions_for_placing


def _client_proposals(client) -> str:
    return f"{reverse('clients:detail', args=[client.pk])}#proposals"


def _initial(request, positions) -> dict:
    """A suggestion opens the form with its place and the kind of period it offers."""
    position = positions.filter(pk=whole_number(request.GET.get("position"))).first()
    if position is None:
        return {}
    kinds = sorted(KINDS_OF_PLACE.get(position.kind, ()))
    return {"position": position.pk, "kind": kinds[0] if len(kinds) == 1 else None}


@access.permission_required("placement.edit")
def proposal_create(request, client_pk):
    """Propose the person to a host's place, with a note the host reads."""
    client = client_get_for_user(user=request.user, pk=client_pk, permission="placement.edit")
    positions = positions_for_placing(client=client)
    form = ProposalForm(
        request.POST or None, positions=positions, initial=_initial(request, positions)
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal_services.proposal_create(
                actor=request.user, client=client, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The proposal is sent to the host organisation."))
            return redirect(_client_proposals(client))
    persons_read(actor=request.user, persons=[client], part="proposal")
    return render(
        request,
        "placements/proposal_form.html",
        {"client": client, "form": form},
        status=422 if form.is_bound else 200,
    )


@require_POST
@access.permission_required("placement.edit")
def proposal_withdraw(request, pk):
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    try:
        proposal_services.proposal_withdraw(actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is withdrawn."))
    return redirect(_client_proposals(proposal.client))


@access.permission_required("placement.host")
def host_proposal_list(request):
    """The proposals to the user's organisations' places, those waiting for an answer first."""
    proposals = list(host_proposal_list_for_user(user=request.user, today=timezone.localdate()))
    proposals.sort(key=lambda p: not p.is_open)
    persons_read(actor=request.user, persons=[p.client for p in proposals], part="host_proposals")
    return render(request, "placements/host/proposal_list.html", {"proposals": proposals})


def _host_page(request, proposal, form=None, status=200):
    persons_read(actor=request.user, persons=[proposal.client], part="host_proposal", obj=proposal)
    context = {
        "proposal": proposal,
        "client": proposal.client,
        # The proposal carries the person's consent to share with this organisation.
        "profile": shared_profile(proposal),
        "form": form or ProposalAnswerForm(),
    }
    return render(request, "placements/host/proposal_detail.html", context, status=status)


@access.permission_required("placement.host")
def host_proposal(request, pk):
    proposal = host_proposal_get_for_user(user=request.user, pk=pk, today=timezone.localdate())
    return _host_page(request, proposal)


@require_POST
@access.permission_required("placement.host")
def host_proposal_answer(request, pk):
    proposal = host_proposal_get_for_user(user=request.user, pk=pk, today=timezone.localdate())
    form = ProposalAnswerForm(request.POST)
    if form.is_valid():
        try:
            proposal_services.proposal_answer(
                actor=request.user, proposal=proposal, **form.answer_values()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your answer is sent to the coach."))
            return redirect("placements:host_proposals")
    return _host_page(request, proposal, form, status=422)
