from django.contrib import admin

from tryghed.audit.models import AuditEvent
from tryghed.organizations import access


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log can be searched, never changed or deleted."""

    list_display = ["at", "actor", "action", "unit", "purpose"]
    list_filter = ["action"]
    date_hierarchy = "at"
    search_fields = ["actor__name", "actor__email", "purpose"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_module_permission(self, request):
        return access.may_search_audit_log(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_search_audit_log(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
