from django.contrib import admin

from osmari.accounts.admin import save_audited_memberships
from osmari.core.admin_audit import AuditedModelAdmin
from osmari.employers.models import Organisation, OrganisationMembership


class OrganisationMembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "business_id", "area", "municipality"]
    list_filter = ["area"]
    list_select_related = ["area", "municipality"]
    search_fields = ["name", "business_id"]
    autocomplete_fields = ["municipality"]
    inlines = [OrganisationMembershipInline]

    def save_formset(self, request, form, formset, change):
        save_audited_memberships(request, formset)
