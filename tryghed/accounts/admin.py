from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from tryghed import audit
from tryghed.accounts.forms import PersonCreationForm
from tryghed.accounts.models import User
from tryghed.audit.models import Action
from tryghed.core.admin_site import AdministeredModelAdmin
from tryghed.organizations import access
from tryghed.organizations.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


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

    def get_queryset(self, request):
        return access.people_administered_by(request.user, super().get_queryset(request))

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
