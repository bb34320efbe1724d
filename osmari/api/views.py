"""The pages where API tokens are issued and revoked: an area's administrator for the area's
systems and reporting, an organisation's contact for their organisation's system. The key is
shown once, in the answer to the POST that made it; only its digest is kept."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from osmari.api import selectors, tokens
from osmari.api.forms import TokenIssueForm
from osmari.core.form_errors import add_service_error
from osmari.core.params import whole_number

DOCS_URL = "/api/v1/docs"


def issuer_required(view):
    """Log in first; then 403 unless the user issues tokens somewhere (two permissions of
    access.py, one for each role, so `permission_required` alone does not say it)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.issues_tokens(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@issuer_required
def token_list(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": selectors.token_list_for_user(user=request.user),
        "docs_url": DOCS_URL,
    }
    return render(request, "api/token_list.html", context)


def _chosen_area(request: HttpRequest):
    """The area for a system or reporting token: the one asked for, else the working one."""
    areas = selectors.token_areas_for_user(user=request.user)
    wanted = whole_number(request.GET.get("area") or request.POST.get("area"))
    return next((area for area in areas if area.pk == wanted), areas[0] if areas else None), areas


@never_cache
@issuer_required
def token_issue(request: HttpRequest) -> HttpResponse:
    area, areas = _chosen_area(request)
    form = TokenIssueForm(
        request.POST if request.method == "POST" else None,
        kinds=selectors.kinds_for_user(user=request.user),
        organisations=selectors.token_organisations_for_user(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data["organisation"]
        try:
            issued = tokens.issue_token(
                actor=request.user,
                area=organisation.area if organisation else area,
                kind=data["kind"],
                name=data["name"],
                organisation=organisation,
                write=data["write"],
                days=data["days"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # The key goes only into this answer: not into a message, the session or a
            # redirect, and `never_cache` keeps it out of the browser's and proxies' caches.
            return render(request, "api/token_issued.html", {"issued": issued})
    status = 422 if form.is_bound and not form.is_valid() else 200
    context = {"form": form, "area": area, "areas": areas, "docs_url": DOCS_URL}
    return render(request, "api/token_issue.html", context, status=status)


@issuer_required
def token_revoke_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get_for_user(user=request.user, pk=pk)
    status = selectors.status_of(token)
    return render(request, "api/token_revoke.html", {"token": token, "status": status})


@require_POST
@issuer_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get_for_user(user=request.user, pk=pk)
    tokens.revoke_token(actor=request.user, token=token)
    messages.success(
        request,
        _("“%(name)s” was revoked: calls made with its key are refused from now on.")
        % {"name": token.name},
    )
    return redirect("api_tokens:list")
