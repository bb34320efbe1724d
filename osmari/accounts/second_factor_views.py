"""The second factor's pages: the code at login, setting up the authenticator app, and the
user's own page for it (new recovery codes, a new app)."""

from __future__ import annotations

import math

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from osmari.accounts import second_factor
from osmari.accounts.forms import AuthenticatorSetupForm, SecondFactorForm
from osmari.accounts.middleware import safe_next, second_factor_url, session_verified
from osmari.accounts.models import User

# The secret of an app being set up waits in the session (kept on the server) until the
# app shows a right code; only then is it stored as the user's device.
PENDING_SECRET = "osmari_pending_authenticator"  # noqa: S105  (a session key's name)


def _user(request: HttpRequest) -> User:
    # Every page here asks for a login first.
    assert isinstance(request.user, User)
    return request.user


def _next(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"))


@never_cache
@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the app, or a recovery code."""
    next_url = _next(request)
    if not second_factor.has_second_factor(request.user):
        return redirect(second_factor_url(request.user, next_url))
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            result = second_factor.second_factor_verify(
                request=request,
                user=_user(request),
                code=form.cleaned_data["code"],
            )
            if result.ok:
                if result.recovery_codes_left is not None:
                    messages.warning(request, _codes_left(result.recovery_codes_left))
                return redirect(next_url)
            if result.wait_until is not None:
                status = 429
                seconds = math.ceil((result.wait_until - timezone.now()).total_seconds())
                form.add_error("code", _wait(max(seconds, 1)))
            else:
                form.add_error(
                    "code",
                    _(
                        "The code is not right. Type the code your authenticator app shows "
                        "now, or one of your recovery codes."
                    ),
                )
    context = {"form": form, "next": next_url}
    return render(request, "accounts/second_factor_verify.html", context, status=status)


def _wait(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes in a row. Wait %(seconds)s second and try again.",
        "Too many wrong codes in a row. Wait %(seconds)s seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _codes_left(count: int) -> str:
    message = ngettext(
        "You logged in with a recovery code, which no longer works. You have %(count)s "
        "recovery code left.",
        "You logged in with a recovery code, which no longer works. You have %(count)s "
        "recovery codes left.",
        count,
    ) % {"count": count}
    if count <= 3:
        message += " " + _("Make new ones on your two-step verification page.")
    return message


@never_cache
@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Take an authenticator app into use (the first time, or in place of the old one)."""
    user = _user(request)
    next_url = _next(request)
    replacing = second_factor.has_second_factor(user)
    if replacing and not session_verified(request):
        # Replacing the app asks for the old one first: a password alone is not enough.
        return redirect(second_factor_url(user, next_url))
    key = request.session.get(PENDING_SECRET)
    if not key:
        key = second_factor.new_secret()
        request.session[PENDING_SECRET] = key
    form = AuthenticatorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.second_factor_setup(
                request=request,
                user=user,
                key_hex=key,
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[PENDING_SECRET]
            if codes:
                return _recovery_codes_page(request, codes, next_url)
            messages.success(
                request, _("Your new authenticator app is in use. The old one no longer works.")
            )
            return redirect("accounts:second_factor")
    address = second_factor.config_url(user=user, key_hex=key)
    context = {
        "form": form,
        "next": next_url,
        "replacing": replacing,
        "secret": second_factor.secret_for_typing(key),
        "qr": segno.make(address, error="m").svg_inline(
            scale=5, title=_("QR code to add Osmari to your authenticator app")
        ),
    }
    status = 422 if form.errors else 200
    return render(request, "accounts/second_factor_setup.html", context, status=status)


def _recovery_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    # Shown once, in the answer to the POST that made them: they are not kept anywhere the
    # page could be shown again from.
    context = {"codes": codes, "next": next_url}
    return render(request, "accounts/recovery_codes.html", context)


@never_cache
@login_required
def second_factor_detail(request: HttpRequest) -> HttpResponse:
    """The user's own page for their second factor."""
    state = second_factor.second_factor_state(user=_user(request))
    return render(request, "accounts/second_factor.html", {"state": state})


@never_cache
@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes in place of the old ones, shown once."""
    codes = second_factor.recovery_codes_regenerate(actor=_user(request), user=_user(request))
    return _recovery_codes_page(request, codes, reverse("accounts:second_factor"))
