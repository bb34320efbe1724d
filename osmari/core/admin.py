from django.contrib import admin

from osmari.core.admin_audit import AuditedModelAdmin, ReadOnlyAdmin
from osmari.core.models import (
    AuditEvent,
    EducationLevel,
    EmploymentArea,
    Industry,
    Municipality,
    Occupation,
    OccupationGroup,
    PostalCode,
    Region,
)


@admin.register(EmploymentArea)
class EmploymentAreaAdmin(AuditedModelAdmin):
    list_display = ["code", "name_fi", "min_group_size", "is_active"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]
    filter_horizontal = ["municipalities"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_fi", "name_sv"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_fi", "name_sv", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "name_fi", "name_sv"]


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_fi", "kind", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["code", "name_fi"]


@admin.register(OccupationGroup)
class OccupationGroupAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "label_fi", "label_en"]
    list_filter = ["level"]
    search_fields = ["code", "label_fi", "label_sv", "label_en"]


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["esco_code", "label_fi", "label_en", "isco_group"]
    list_select_related = ["isco_group"]
    search_fields = ["esco_code", "label_fi", "label_sv", "label_en"]


@admin.register(Industry)
class IndustryAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "label_fi"]
    list_filter = ["level", "section"]
    search_fields = ["code", "label_fi", "label_en"]


@admin.register(EducationLevel)
class EducationLevelAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_fi", "isced_level", "esf_bucket"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor_label", "action", "object_repr", "person_ref", "area"]
    list_filter = ["action"]
    list_select_related = ["area"]
    search_fields = ["actor_label", "action", "person_ref", "request_id"]
    date_hierarchy = "occurred_at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
