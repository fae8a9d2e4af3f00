from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tryghed.organizations import access
from tryghed.organizations.admin_site import AdministeredModelAdmin
from tryghed.organizations.models import Contact, Membership, Municipality, RetentionRule, Unit
from tryghed.organizations.signals import membership_changed


def administered_people(request):
    return access.people_administered_by(request.user, get_user_model().objects.all())


class ScopedAdmin(AdministeredModelAdmin):
    """An administrator configures the units where they hold ADMINISTER, and nothing else."""

    unit_path = "unit"

    def get_queryset(self, request):
        units = access.administered_units(request.user)
        return super().get_queryset(request).filter(**{f"{self.unit_path}__in": units})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs["queryset"] = Unit.objects.filter(pk__in=access.administered_units(request.user))
        elif db_field.name == "user":
            kwargs["queryset"] = administered_people(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = administered_people(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        record_membership_formset(request, formset)


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit"]
    search_fields = ["user__name", "user__email", "unit__name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_membership(request, obj, "saved")

    def delete_model(self, request, obj):
        record_membership(request, obj, "deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "unit"):
            record_membership(request, membership, "deleted")
        super().delete_queryset(request, queryset)


def record_membership(request, membership, what):
    """Roles decide who reads cases: every change of one is told, for the audit log."""
    membership_changed.send(
        Membership, membership=membership, actor=request.user, change=what, request=request
    )


def record_membership_formset(request, formset):
    """The roles given, changed and taken away in a page's inline of memberships (a unit's
    page, a person's page), each told like a role changed on its own page."""
    if formset.model is not Membership:
        return
    changed = [membership for membership, _fields in formset.changed_objects]
    for membership in formset.new_objects + changed:
        record_membership(request, membership, "saved")
    for membership in formset.deleted_objects:
        record_membership(request, membership, "deleted")


@admin.register(Contact)
class ContactAdmin(ScopedAdmin):
    list_display = ["kind", "name", "phone", "email", "unit", "reachable"]
    list_filter = ["kind"]

    @admin.display(boolean=True, description=_("can be reached"))
    def reachable(self, contact):
        return contact.is_reachable

    def changelist_view(self, request, extra_context=None):
        """A contact nobody can reach is named at the top of the list, every time."""
        unreachable = self.get_queryset(request).unreachable()
        if unreachable:
            names = ", ".join(str(contact) for contact in unreachable)
            messages.warning(
                request,
                _("No phone, e-mail or web address, so nobody can reach them: %(names)s.")
                % {"names": names},
            )
        return super().changelist_view(request, extra_context)


class RetentionRuleInline(admin.TabularInline):
    """The retention schedule. A changed period waits for a new confirmation on the retention
    page before the sweep acts on it."""

    model = RetentionRule
    extra = 0
    fields = ["kind", "months", "from_event", "confirmed_at"]
    readonly_fields = ["confirmed_at"]


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    inlines = [RetentionRuleInline]
    list_display = ["unit", "police_report_signed_by", "hr_unit"]
    fieldsets = [
        (None, {"fields": ["unit", "hr_unit", "it_unit", "logo", "hosts"]}),
        (_("Police report"), {"fields": ["police_report_signed_by"]}),
        (
            _("Data protection"),
            {"fields": ["data_controller", "privacy_reviewed_on", "privacy_notes"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        """The host name is the operator's, who points it at the deployment."""
        return [] if access.may_edit_host_names(request.user) else ["hosts"]
