# allauth's admin first, so that its registrations can be taken out below.
import allauth.socialaccount.admin  # noqa: F401
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tryghed import audit
from tryghed.accounts import second_factor
from tryghed.accounts.forms import PersonCreationForm
from tryghed.accounts.models import User
from tryghed.audit.models import Action
from tryghed.core.admin_site import AdministeredModelAdmin
from tryghed.organizations import access
from tryghed.organizations.admin import record_membership
from tryghed.organizations.models import Membership, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(pk__in=access.administered_units(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(AdministeredModelAdmin, DjangoUserAdmin):
    ordering = ["name"]
    list_display = ["name", "email", "job_title", "employment_type", "is_active"]
    list_filter = ["employment_type", "is_active"]
    search_fields = ["name", "email", "job_title"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "email", "password"]}),
        (_("Employment"), {"fields": ["job_title", "employment_type", "started_on"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_form = PersonCreationForm
    add_fieldsets = [
        (None, {"fields": ["name", "email", "job_title", "employment_type", "started_on"]}),
    ]
    readonly_fields = ["is_superuser"]
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        return access.people_administered_by(request.user, super().get_queryset(request))

    @admin.action(
        description=_("Remove their two-factor login (they set up a new one at the next login)"),
        permissions=["change"],
    )
    def reset_second_factor(self, request, queryset):
        reset = [p for p in queryset if second_factor.reset(p, by=request.user, request=request)]
        self.message_user(
            request,
            ngettext(
                "Two-factor login removed for %(count)d person.",
                "Two-factor login removed for %(count)d people.",
                len(reset),
            )
            % {"count": len(reset)},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            changed = [membership for membership, _fields in formset.changed_objects]
            for membership in formset.new_objects + changed:
                record_membership(request, membership, "saved")
            for membership in formset.deleted_objects:
                record_membership(request, membership, "deleted")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        person = self.get_object(request, object_id)
        if person is not None:
            audit.record(
                actor=request.user,
                action=Action.PERSON_VIEWED,
                target=person,
                subjects=[person],
                purpose=str(_("Administration")),
                request=request,
            )
        return super().change_view(request, object_id, form_url, extra_context)


# Single sign-on (docs/login.md). The provider is configured in the environment only, so allauth's
# app and token pages go. A person's link to their login at the municipality can be seen and
# removed by those who administer the person; their next login links them again.
admin.site.unregister([SocialApp, SocialToken, SocialAccount])


@admin.register(SocialAccount)
class LoginLinkAdmin(AdministeredModelAdmin):
    list_display = ["user", "uid", "date_joined", "last_login"]
    search_fields = ["uid", "user__name", "user__email"]
    fields = ["user", "uid", "date_joined", "last_login"]
    readonly_fields = fields

    def get_queryset(self, request):
        people = access.people_administered_by(request.user, User.objects.all())
        return super().get_queryset(request).filter(user__in=people).select_related("user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
