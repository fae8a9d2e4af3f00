from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations import access


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return Action.choices

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log can be searched, never changed or deleted."""

    list_display = ["at", "actor", "get_action_display", "unit", "purpose"]
    list_filter = [ActionFilter]
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
