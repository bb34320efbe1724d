"""The six-month follow-up link: sent by the coach from the follow-up list, answered by the
person on their phone in Finnish, plain Finnish, Swedish or English, without logging in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients.follow_up_views import back_to_list
from osmari.clients.selectors import client_get_for_user
from osmari.feedback import six_months
from osmari.feedback.views import NATIVE_NAMES, UI_LANGUAGE, _unknown_link


@require_POST
@access.permission_required("client.edit")
def link_send(request, pk):
    client = client_get_for_user(user=request.user, pk=pk, permission="client.edit")
    try:
        six_months.link_send(actor=request.user, client=client, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back_to_list(request)
    messages.success(
        request,
        _("A link to answer the six-month follow-up was sent to %(name)s.") % {"name": client},
    )
    return back_to_list(request)


def _language(request, link) -> str:
    asked = request.POST.get("lang") or request.GET.get("lang")
    return asked if asked in UI_LANGUAGE else link.language


def _page(request, language: str, reason: str = "", errors=None, data=None, status=200):
    with translation.override(UI_LANGUAGE.get(language, "fi")):
        return render(
            request,
            "feedback/six_month_answer.html",
            {
                "reason": reason,
                "errors": errors or {},
                "data": data or {},
                "language": language,
                "plain": language == "fi_plain",
                "languages": list(NATIVE_NAMES.items()),
            },
            status=status,
        )


def _closed(request, language: str, reason: str):
    # An answered link is no error: the answer was saved. Expired or withdrawn are gone.
    return _page(request, language, reason, status=200 if reason == "answered" else 410)


@never_cache
def answer(request, token):
    """Two questions, answered once; no login."""
    link = six_months.link_by_token(token)
    if link is None:
        return _unknown_link(request)
    language = _language(request, link)
    today = timezone.localdate()
    try:
        six_months.check_open(link, today)
    except six_months.LinkClosed as closed:
        return _page(
            request, language, closed.reason, status=200 if closed.reason == "answered" else 410
        )
    if request.method != "POST":
        return _page(request, language)
    try:
        outcome = six_months.link_answer(
            token=token,
            working=request.POST.get("working", ""),
            better=request.POST.get("better", ""),
            today=today,
        )
    except six_months.LinkClosed as closed:
        return _page(
            request, language, closed.reason, status=200 if closed.reason == "answered" else 410
        )
    except ValidationError as error:
        errors = {k: v[0] for k, v in error.message_dict.items()}
        return _page(request, language, errors=errors, data=request.POST, status=422)
    return _page(request, language, outcome)
