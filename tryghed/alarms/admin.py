from django.contrib import admin

from tryghed.alarms.models import Floor, Room, SecurityDesk, Site, Workplace
from tryghed.organizations.admin_site import AdministeredModelAdmin


class FloorInline(admin.TabularInline):
    model = Floor
    extra = 0


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Site)
class SiteAdmin(AdministeredModelAdmin):
    list_display = ["__str__", "address", "is_town_hall"]
    filter_horizontal = ["guards"]
    inlines = [FloorInline]


@admin.register(Floor)
class FloorAdmin(AdministeredModelAdmin):
    list_display = ["__str__", "order"]
    filter_horizontal = ["units"]
    inlines = [RoomInline]


@admin.register(Workplace)
class WorkplaceAdmin(AdministeredModelAdmin):
    list_display = ["person", "room"]
    raw_id_fields = ["person"]


admin.site.register(SecurityDesk, AdministeredModelAdmin)
