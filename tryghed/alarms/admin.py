from django.contrib import admin

from tryghed.alarms.models import Floor, Room, SecurityDesk, Site, Workplace
from tryghed.organizations import access
from tryghed.organizations.admin import ScopedAdmin, administered_people


class FloorInline(admin.TabularInline):
    model = Floor
    extra = 0


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class PeopleScopedAdmin(ScopedAdmin):
    """Sites, floors and desks belong to the units an administrator configures, and the
    people chosen for them are people they administer: never another municipality's."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "guards":
            kwargs["queryset"] = administered_people(request)
        elif db_field.name == "units":
            kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=self._units(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["queryset"] = administered_people(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _units(self, request):
        return access.administered_units(request.user)


@admin.register(Site)
class SiteAdmin(PeopleScopedAdmin):
    list_display = ["__str__", "address", "is_town_hall"]
    filter_horizontal = ["guards"]
    inlines = [FloorInline]


@admin.register(Floor)
class FloorAdmin(PeopleScopedAdmin):
    unit_path = "site__unit"
    list_display = ["__str__", "order"]
    filter_horizontal = ["units"]
    inlines = [RoomInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = Site.objects.filter(unit__in=self._units(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Workplace)
class WorkplaceAdmin(PeopleScopedAdmin):
    unit_path = "room__floor__site__unit"
    list_display = ["person", "room"]
    raw_id_fields = ["person"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "room":
            kwargs["queryset"] = Room.objects.filter(floor__site__unit__in=self._units(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.register(SecurityDesk, ScopedAdmin)
