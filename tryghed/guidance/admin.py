from django.contrib import admin

from tryghed.guidance.models import GuidancePoint
from tryghed.organizations.admin_site import SharedSettingsAdmin


@admin.register(GuidancePoint)
class GuidancePointAdmin(SharedSettingsAdmin):
    """The advice every employee is shown: the municipality's to word, as data."""

    list_display = ["__str__", "topic", "municipality", "position", "is_active"]
    list_filter = ["topic", "municipality", "is_active"]
    list_editable = ["position", "is_active"]
