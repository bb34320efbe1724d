"""The technical admin site behind Osmari's own login: password, then the second factor.

Django's admin has a login form of its own, which would skip the second factor and the
login throttles; here it sends people to Osmari's login instead and lets in only a verified
session of a technical administrator.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# This module is read while the apps load, before any model may be: what reads models is
# imported inside the methods.


class OsmariAdminSite(admin.AdminSite):
    site_header = "Osmari"
    site_title = "Osmari"

    def has_permission(self, request: HttpRequest) -> bool:
        from osmari.accounts.middleware import session_verified

        return super().has_permission(request) and session_verified(request)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        from django.contrib.auth.views import redirect_to_login

        from osmari.accounts.middleware import safe_next, second_factor_url, session_verified

        next_url = safe_next(
            request, request.GET.get("next") or reverse("admin:index", current_app=self.name)
        )
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("accounts:login"))
        if not session_verified(request):
            # The admin site asks for the second factor even where logins need not.
            return redirect(second_factor_url(user, next_url, required=True))
        if self.has_permission(request):
            return redirect(next_url)
        # Logged in, but not a technical administrator: sending them to log in again would
        # only bring them back here.
        raise PermissionDenied

    # Osmari's logout (audited) answers with a redirect, not the admin's page.
    def logout(  # type: ignore[override]
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        from osmari.accounts.views import logout_view

        return logout_view(request)


class ReadOnlyDeviceAdmin(admin.ModelAdmin):
    """Who has which second factor, for the technical administrator; never the secrets.
    A second factor is taken away through `second_factor_reset`, which is audited."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OsmariAdminConfig(AdminConfig):
    default_site = "osmari.accounts.admin_site.OsmariAdminSite"

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # django-otp's own pages show the secrets, the recovery codes and a QR code, and
        # change devices without the audit log: listed read-only instead.
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
            admin.site.register(model, ReadOnlyDeviceAdmin)
