from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tryghed.core.admin_site import AdministeredModelAdmin
from tryghed.organizations import access
from tryghed.organizations.models import Contact, Membership, Municipality, Unit


class ScopedAdmin(AdministeredModelAdmin):
    """An administrator configures the units where they hold ADMINISTER, and nothing else."""

    unit_path = "unit"

    def get_queryset(self, request):
        units = access.units_where(request.user, access.Perm.ADMINISTER)
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.unit_path}__in": units})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit and not request.user.is_superuser:
            units = access.units_where(request.user, access.Perm.ADMINISTER)
            kwargs["queryset"] = Unit.objects.filter(pk__in=units)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


class ContactInline(admin.StackedInline):
    model = Contact
    extra = 0


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    unit_path = "pk"
    list_display = ["name", "code", "kind", "parent", "risk_level"]
    list_filter = ["kind", "risk_level"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline, ContactInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit"]
    search_fields = ["user__name", "user__email", "unit__name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(Contact)
class ContactAdmin(ScopedAdmin):
    list_display = ["kind", "name", "phone", "email", "unit"]
    list_filter = ["kind"]


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ["unit", "police_report_signed_by", "hr_unit"]
    fieldsets = [
        (None, {"fields": ["unit", "hr_unit"]}),
        (_("Police report"), {"fields": ["police_report_signed_by"]}),
    ]
