from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from osmari.accounts.invitations import invitation_send
from osmari.accounts.models import Membership, User
from osmari.core.admin_audit import AuditedModelAdmin
from osmari.core.audit import audit_record


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["role", "area", "expires_on"]


class UserCreationForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "preferred_language"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    add_form = UserCreationForm
    fieldsets = [
        (None, {"fields": ["email", "full_name", "preferred_language", "password"]}),
        (_("Status"), {"fields": ["is_active", "is_staff", "is_superuser", "last_login"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "preferred_language"]})]
    readonly_fields = ["last_login"]
    filter_horizontal = []

    def save_model(self, request, obj, form, change):
        if not change:
            # A new person sets their own password through the invitation they are sent.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            invitation_send(actor=request.user, user=obj, area=None)

    def save_formset(self, request, form, formset, change):
        save_audited_memberships(request, formset)


def save_audited_memberships(request, formset) -> None:
    """Role changes are the most sensitive part of a user: each one is its own event. Used for
    area roles here and for organisation contacts on the organisation's admin page."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        audit_record(
            actor=request.user,
            action="membership.revoke",
            obj=obj,
            area=obj.area,
            reason="admin site",
            changes={"role": [obj.role, None], "user": [obj.user.email, None]},
        )
        obj.delete()
    for obj in instances:
        is_new = obj.pk is None
        obj.save()
        audit_record(
            actor=request.user,
            action="membership.grant" if is_new else "membership.update",
            obj=obj,
            area=obj.area,
            reason="admin site",
            changes={"role": [None, obj.role], "user": [None, obj.user.email]},
        )
    formset.save_m2m()
