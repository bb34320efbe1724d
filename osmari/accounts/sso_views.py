"""The pages of single sign-on: off to the provider, back from it, and from an invitation.

They answer 404 when single sign-on is not configured. The exchange with the provider is
mozilla-django-oidc's; what Osmari adds is in `osmari.accounts.sso`.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from osmari.accounts import sso
from osmari.accounts.invitations import invitation_find

logger = logging.getLogger(__name__)


class _OnlyWhenConfigured:
    def dispatch(self, request, *args, **kwargs):
        if not sso.sso_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SsoStartView(_OnlyWhenConfigured, OIDCAuthenticationRequestView):
    """Off to the provider to sign in, back to `next` afterwards."""


class SsoCallbackView(_OnlyWhenConfigured, OIDCAuthenticationCallbackView):
    """The provider's answer: the person is logged in, or the login page says why not."""

    def get(self, request):
        try:
            return super().get(request)
        except sso.SignInRefused as refusal:
            messages.error(request, refusal.message())
        except sso.EXCHANGE_ERRORS:
            logger.warning("Signing in through the identity provider failed", exc_info=True)
            messages.error(request, sso.failure_message())
        return redirect("accounts:login")

    def login_success(self):
        sso.user_login_sso(request=self.request, user=self.user)
        return HttpResponseRedirect(self.success_url)

    def login_failure(self):
        # The person cancelled at the provider, or the answer came to another browser.
        messages.error(self.request, sso.failure_message())
        return redirect("accounts:login")


def sso_invitation(request, token):
    """From an invitation's page: sign in at the provider, which binds the account to the
    person's account there."""
    if not sso.sso_enabled():
        raise Http404
    invitation = invitation_find(token)
    if invitation is None:
        messages.error(request, str(sso.REFUSALS["invitation"]))
        return redirect("accounts:login")
    request.session[sso.SESSION_INVITATION] = invitation.pk
    return redirect("accounts:sso_start")
