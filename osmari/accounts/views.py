from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access, login_guard, services, work
from osmari.accounts.forms import AuditFilterForm, EmailAuthenticationForm
from osmari.accounts.middleware import safe_next, second_factor_url
from osmari.accounts.models import User
from osmari.accounts.selectors import (
    audit_event_list_for_user,
)
from osmari.core import privacy_documents, register
from osmari.core.audit import download_recorded
from osmari.core.exports import csv_stream
from osmari.core.keyset import CursorError, keyset_page

HOME_SECTIONS = [
    "coach",
    "manager",
    "analyst",
    "area_admin",
    "employer_services",
    "finance",
    "auditor",
    "dpo",
    "org_contact",
    "municipal",
]


@login_required
def home(request):
    """The start page: one section for each role the user holds."""
    sections = [name for name in HOME_SECTIONS if access.may(request.user, f"home.{name}")]
    organisations = access.own_organisations(request.user)
    context = {
        "sections": sections,
        "organisations": organisations,
        "areas": access.areas_where(request.user, "home.view"),
        # The day's work: a coach's own, counted; the manager's area's, by coach.
        "own_work": work.own_work(request.user) if "coach" in sections else None,
        "area_work": work.area_work(
            request.user, list(access.coaches_in(access.areas_where(request.user, "home.manager")))
        )
        if "manager" in sections
        else None,
        "notices": work.manager_notices(request.user) if "manager" in sections else [],
    }
    return render(request, "accounts/home.html", context)


@require_POST
@login_required
def area_switch(request):
    """Work in another of one's areas: new records, imports and lists go to it from now on.
    An area where the user holds no role is not offered and not taken."""
    chosen = {str(area.pk): area for area in access.user_areas(request.user)}.get(
        request.POST.get("area", "")
    )
    if chosen is None:
        messages.error(request, _("Choose one of the areas where you have a role."))
    else:
        request.session[access.WORKING_AREA_SESSION_KEY] = chosen.pk
        messages.success(request, _("You now work in %(area)s.") % {"area": chosen})
    return redirect(safe_next(request, request.POST.get("next")))


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Password spraying: an address that failed too often, over any accounts, is refused
        # before a password is checked.
        if login_guard.address_refused():
            login_guard.login_refused_record(email=request.POST.get("username", ""))
            context = self.get_context_data(
                form=self.form_class(request),
                refused=True,
                login_window_minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES,
            )
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        services.user_login(request=self.request, user=user)
        return redirect(second_factor_url(user, self.get_success_url()))

    def form_invalid(self, form):
        if form.data.get("username"):
            login_guard.login_failed_record(email=form.data["username"])
        return self.render_to_response(self.get_context_data(form=form), status=422)


@require_POST
def logout_view(request):
    services.user_logout(request=request)
    return redirect("accounts:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        assert isinstance(user, User)  # Django's PasswordChangeView asks for a login first
        services.user_password_changed_record(actor=user, user=user, how="changed")
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not login_guard.password_reset_allowed(email=email):
            # The same page as for a link sent: whether the address has an account stays
            # unsaid.
            login_guard.password_reset_refused_record(email=email)
            return redirect(self.get_success_url())
        login_guard.password_reset_requested_record(email=email)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed_record(actor=form.user, user=form.user, how="reset")
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


@access.permission_required("audit.view")
def audit_list(request):
    """Area administrators read the audit log of their areas, filtered."""
    form = AuditFilterForm(request.GET or None)
    events = audit_event_list_for_user(
        user=request.user, permission="audit.view", filters=form.to_filter()
    )
    cursor_problem = False
    try:
        page = keyset_page(
            events,
            time_field="occurred_at",
            older=request.GET.get("older"),
            newer=request.GET.get("newer"),
        )
    except CursorError:
        # A link edited by hand or cut short: the newest events, and a word on why.
        page, cursor_problem = keyset_page(events, time_field="occurred_at"), True
    query = request.GET.copy()
    for key in ("older", "newer", "page"):
        query.pop(key, None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "cursor_problem": cursor_problem,
    }
    template = "accounts/_audit_rows.html" if request.htmx else "accounts/audit_list.html"
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, template, context, status=status)


@access.permission_required("audit.export")
def audit_export(request):
    """The filtered audit log as CSV, streamed; the export itself is audited."""
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filter()
    events = audit_event_list_for_user(
        user=request.user, permission="audit.export", filters=filters
    )
    download_recorded(
        actor=request.user,
        action="audit.export",
        area=access.primary_area(request.user),
        changes={"filters": {k: str(v) for k, v in vars(filters).items() if v}},
    )
    header = [
        "time",
        "actor",
        "area",
        "action",
        "object_type",
        "object_id",
        "object",
        "person",
        "reason",
        "recipient",
        "request_id",
        "address",
        # The action in words, in the reader's language, beside its code for machines.
        "action_name",
    ]
    rows = (
        [
            timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
            event.actor_label,
            event.area.code if event.area else "",
            event.action,
            event.object_type,
            event.object_id,
            event.object_repr,
            event.person_ref,
            event.reason,
            event.recipient,
            event.request_id,
            event.ip_address or "",
            event.action_label,
        ]
        for event in events.iterator(chunk_size=2000)
    )
    return csv_stream(header, rows, name=f"osmari-audit-{timezone.localdate():%Y%m%d}")


@access.permission_required("privacy.register")
def privacy_register(request):
    """The register of personal data as the data protection officer reads it: record types,
    the record of processing, the privacy notice's basis and the impact assessment, all
    generated from the declarations next to the models."""
    context = {
        "record_types": privacy_documents.record_types(),
        "sections": privacy_documents.record_of_processing(),
        "notice": privacy_documents.privacy_notice_basis(register.CLIENTS),
        "sources": privacy_documents.SOURCES,
        "profiling_note": privacy_documents.PROFILING_NOTE,
        "risks": privacy_documents.DPIA_RISKS,
        "security_measures": privacy_documents.SECURITY_MEASURES,
        "transfers": privacy_documents.TRANSFERS,
        "to_confirm": privacy_documents.to_confirm(),
        "field_count": len(register.inventory()),
    }
    return render(request, "accounts/privacy_register.html", context)
