from django.contrib import admin

from tryghed.incidents.models import Act, Trigger
from tryghed.organizations.admin_site import SharedSettingsAdmin


@admin.register(Act)
class ActAdmin(SharedSettingsAdmin):
    """The lists of acts and triggers are configuration: episodes themselves never appear in
    the administration."""

    list_display = ["__str__", "kind", "is_minor", "is_active", "order"]
    list_filter = ["kind", "is_active"]
    list_editable = ["is_active", "order"]


@admin.register(Trigger)
class TriggerAdmin(SharedSettingsAdmin):
    list_display = ["__str__", "is_active", "order"]
    list_editable = ["is_active", "order"]
