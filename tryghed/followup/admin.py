from django.contrib import admin

from tryghed.followup.models import CaseTemplate, TaskTemplate
from tryghed.organizations.admin_site import SharedSettingsAdmin


class TaskTemplateInline(admin.StackedInline):
    model = TaskTemplate
    extra = 0
    fields = [
        ("order", "kind"),
        "title",
        "guidance",
        ("assignee", "is_required", "condition"),
        ("anchor", "offset_days", "offset_hours", "is_set_by_law", "escalate_after_days"),
    ]


@admin.register(CaseTemplate)
class CaseTemplateAdmin(SharedSettingsAdmin):
    """Case templates are the municipality's guideline as data: administrators keep them."""

    list_display = ["__str__", "kind", "municipality", "is_active"]
    list_filter = ["municipality"]
    inlines = [TaskTemplateInline]
