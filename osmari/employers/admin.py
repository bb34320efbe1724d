from django.contrib import admin

from osmari.core.admin_audit import AuditedModelAdmin
from osmari.employers.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "business_id", "area", "municipality"]
    list_filter = ["area"]
    list_select_related = ["area", "municipality"]
    search_fields = ["name", "business_id"]
    autocomplete_fields = ["municipality"]
