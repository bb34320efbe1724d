"""Admin-site changes go through the audit log like every other write."""

from django.contrib import admin

from osmari.core.audit import audit_record


def _area_of(obj):
    if obj.__class__.__name__ == "EmploymentArea":
        return obj
    return getattr(obj, "area", None)


class AuditedModelAdmin(admin.ModelAdmin):
    """Writes an audit event for each save and delete, inside the admin's own transaction."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {name: [None, str(form.cleaned_data.get(name))] for name in form.changed_data}
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
            obj=obj,
            area=_area_of(obj),
            reason="admin site",
            changes=changed,
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            obj=obj,
            area=_area_of(obj),
            reason="admin site",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data is loaded from files (load_reference), never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
