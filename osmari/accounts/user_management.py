"""The area administrator's pages for the area's users, and the invitation a person opens.

Each page asks `access` for the accounts it may show; every change goes through a service
that audits it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access, invitations, second_factor, services, sso
from osmari.accounts.forms import DeactivateForm, RoleAddForm, UserFilterForm, UserInviteForm
from osmari.accounts.models import Role
from osmari.accounts.selectors import (
    area_user_list,
    managed_user,
    open_invitation_of,
    roles_in_managed_areas,
)
from osmari.core.form_errors import add_service_error
from osmari.core.params import whole_number


def _chosen_area(request, permission: str):
    """The area the page is about: the one asked for, if the user holds the permission there."""
    areas = access.areas_where(request.user, permission)
    if not areas:
        raise PermissionDenied
    wanted = whole_number(request.GET.get("area") or request.POST.get("area"))
    return next((area for area in areas if area.pk == wanted), areas[0]), areas


@access.permission_required("users.manage")
def user_list(request):
    area, areas = _chosen_area(request, "users.manage")
    form = UserFilterForm(request.GET or None)
    rows = area_user_list(
        user=request.user, permission="users.manage", area=area, filters=form.to_filter()
    )
    context = {"area": area, "areas": areas, "form": form, "rows": rows}
    return render(request, "accounts/user_list.html", context)


@access.permission_required("users.manage")
def user_invite(request):
    area, areas = _chosen_area(request, "users.manage")
    form = UserInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account, link = services.user_invite(
                actor=request.user,
                area=area,
                email=data["email"],
                full_name=data["full_name"],
                language=data["language"],
                roles=[Role(role) for role in data["roles"]],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if link:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s. The link works once, for seven days.")
                    % {"email": account.email},
                )
            else:
                messages.success(
                    request,
                    _("%(name)s already had an account: the roles were added.") % {"name": account},
                )
            return redirect("accounts:user_detail", account.pk)
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "accounts/user_invite.html",
        {"form": form, "area": area, "areas": areas},
        status=status,
    )


def _detail_context(request, account, **forms):
    return {
        "account": account,
        "roles": roles_in_managed_areas(user=request.user, account=account),
        "areas": access.areas_where(request.user, "users.manage"),
        "whole_account": access.manages_whole_account(request.user, account),
        "open_invitation": open_invitation_of(account),
        "has_second_factor": second_factor.has_second_factor(account),
        "role_form": forms.get("role_form") or RoleAddForm(),
        "deactivate_form": forms.get("deactivate_form") or DeactivateForm(),
    }


@access.permission_required("users.manage")
def user_detail(request, pk):
    account = managed_user(user=request.user, pk=pk)
    return render(request, "accounts/user_detail.html", _detail_context(request, account))


@require_POST
@access.permission_required("users.manage")
def user_role_add(request, pk):
    account = managed_user(user=request.user, pk=pk)
    area, _areas = _chosen_area(request, "users.manage")
    form = RoleAddForm(request.POST)
    if form.is_valid():
        services.membership_grant(
            actor=request.user,
            user=account,
            role=Role(form.cleaned_data["role"]),
            area=area,
            expires_on=form.cleaned_data["expires_on"],
        )
        messages.success(request, _("Role added."))
        return redirect("accounts:user_detail", account.pk)
    context = _detail_context(request, account, role_form=form)
    return render(request, "accounts/user_detail.html", context, status=422)


@require_POST
@access.permission_required("users.manage")
def user_role_remove(request, pk, membership_pk):
    account = managed_user(user=request.user, pk=pk)
    membership = next(
        (
            m
            for m in roles_in_managed_areas(user=request.user, account=account)
            if m.pk == whole_number(membership_pk)
        ),
        None,
    )
    if membership is None:
        raise Http404
    services.membership_revoke(actor=request.user, membership=membership)
    messages.success(request, _("Role removed."))
    return redirect("accounts:user_detail", account.pk)


@require_POST
@access.permission_required("users.manage")
def user_deactivate(request, pk):
    account = managed_user(user=request.user, pk=pk)
    if not access.manages_whole_account(request.user, account):
        raise PermissionDenied
    form = DeactivateForm(request.POST)
    if form.is_valid():
        services.user_deactivate(
            actor=request.user, user=account, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The account was deactivated. Its sessions end now."))
        return redirect("accounts:user_detail", account.pk)
    context = _detail_context(request, account, deactivate_form=form)
    return render(request, "accounts/user_detail.html", context, status=422)


@require_POST
@access.permission_required("users.manage")
def user_reactivate(request, pk):
    account = managed_user(user=request.user, pk=pk)
    if not access.manages_whole_account(request.user, account):
        raise PermissionDenied
    services.user_reactivate(actor=request.user, user=account)
    messages.success(request, _("The account was reactivated."))
    return redirect("accounts:user_detail", account.pk)


@require_POST
@access.permission_required("users.manage")
def user_second_factor_reset(request, pk):
    """A lost phone: the person sets up a new authenticator at their next login."""
    account = managed_user(user=request.user, pk=pk)
    if not access.manages_whole_account(request.user, account):
        raise PermissionDenied
    second_factor.second_factor_reset(actor=request.user, user=account)
    messages.success(
        request,
        _(
            "The second factor was removed and the sessions ended. At the next login the "
            "person sets up a new one."
        ),
    )
    return redirect("accounts:user_detail", account.pk)


@require_POST
@access.permission_required("users.manage")
def user_invitation_resend(request, pk):
    account = managed_user(user=request.user, pk=pk)
    if not account.is_active or account.has_usable_password():
        messages.info(request, _("This account is already in use: no invitation is needed."))
        return redirect("accounts:user_detail", account.pk)
    area, _areas = _chosen_area(request, "users.manage")
    invitations.invitation_send(actor=request.user, user=account, area=area)
    messages.success(request, _("A new invitation was sent; the earlier link no longer works."))
    return redirect("accounts:user_detail", account.pk)


@access.permission_required("users.review")
def access_review(request):
    """Each account's roles in the area and when they were last confirmed: the administrator
    confirms each, removes what is no longer needed and deactivates leavers."""
    area, areas = _chosen_area(request, "users.review")
    rows = area_user_list(user=request.user, permission="users.review", area=area)
    context = {
        "area": area,
        "areas": areas,
        "rows": [row for row in rows if row.account.is_active],
        "due": sum(1 for row in rows if row.review_due),
        "can_confirm": access.may(request.user, "users.manage", area),
    }
    return render(request, "accounts/access_review.html", context)


@require_POST
@access.permission_required("users.manage")
def access_review_confirm(request, pk):
    account = managed_user(user=request.user, pk=pk)
    area, _areas = _chosen_area(request, "users.manage")
    if not any(
        m.area_id == area.pk for m in roles_in_managed_areas(user=request.user, account=account)
    ):
        raise Http404
    services.access_review_confirm(actor=request.user, user=account, area=area)
    messages.success(request, _("Roles of %(name)s confirmed.") % {"name": account})
    return redirect(f"{reverse('accounts:access_review')}?area={area.pk}")


def invitation(request, token):
    """The link in the invitation: choose a password (or sign in with the area's provider)."""
    found = invitations.invitation_find(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SetPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = invitations.invitation_accept_with_password(
                invitation=found, password=form.cleaned_data["new_password1"]
            )
        except invitations.InvitationUsed:
            return render(request, "accounts/invitation_invalid.html", status=404)
        # The password was just set here, so the password backend is the one that vouches.
        account.backend = "django.contrib.auth.backends.ModelBackend"
        services.user_login(request=request, user=account)
        return redirect("accounts:home")
    status = 422 if form.is_bound and not form.is_valid() else 200
    context = {
        "form": form,
        "invitation": found,
        "token": token,
        # Offered only where the area has an identity provider configured.
        "sso_name": sso.sso_name(),
    }
    return render(request, "accounts/invitation.html", context, status=status)
