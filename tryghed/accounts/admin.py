# allauth's admin first, so that its registrations can be taken out below.
import allauth.socialaccount.admin  # noqa: F401
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from allauth.usersessions.models import UserSession
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tryghed import audit
from tryghed.accounts import second_factor, services
from tryghed.accounts.forms import PersonCreationForm
from tryghed.accounts.models import LoginProvider, User
from tryghed.audit.models import Action
from tryghed.organizations import access
from tryghed.organizations.admin import record_membership_formset
from tryghed.organizations.admin_site import AdministeredModelAdmin
from tryghed.organizations.models import Membership, Unit
from tryghed.organizations.signals import send_person_left


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
    actions = ["reset_second_factor", "end_sessions"]
    change_form_template = "admin/accounts/user/change_form.html"

    def get_urls(self):
        end_sessions = self.admin_site.admin_view(require_POST(self.end_sessions_view))
        return [
            path("<path:object_id>/log-ud/", end_sessions, name="accounts_user_end_sessions"),
            *super().get_urls(),
        ]

    def end_sessions_view(self, request, object_id):
        """The button on a person's page: log them out on all devices."""
        person = self.get_object(request, object_id)  # only people this administrator manages
        if person is None:
            raise Http404
        count = services.end_sessions(
            person=person, actor=request.user, reason="admin", request=request
        )
        self.message_user(
            request,
            ngettext(
                "%(name)s is logged out of %(count)d session.",
                "%(name)s is logged out of %(count)d sessions.",
                count,
            )
            % {"name": person.name, "count": count},
        )
        return redirect("admin:accounts_user_change", person.pk)

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Deactivated here: every session ends at once and open tasks go to the manager, as
            # for a leaver in the import; the roles stay for the administrator to edit.
            services.deactivate(person=obj, actor=request.user, reason="admin", request=request)
            handed_over = send_person_left(person=obj, actor=request.user).get(
                "tasks_handed_over", 0
            )
            if handed_over:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d open follow-up task went to the manager.",
                        "%(count)d open follow-up tasks went to the manager.",
                        handed_over,
                    )
                    % {"count": handed_over},
                )

    @admin.action(description=_("Log out on all devices"))
    def end_sessions(self, request, queryset):
        """End every session of the chosen people (a lost phone, a person who has left);
        the queryset holds only the people this administrator manages."""
        people = list(queryset)
        for person in people:
            services.end_sessions(
                person=person, actor=request.user, reason="admin", request=request
            )
        self.message_user(
            request,
            ngettext(
                "%(count)d person is logged out on all devices.",
                "%(count)d people are logged out on all devices.",
                len(people),
            )
            % {"count": len(people)},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        record_membership_formset(request, formset)

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
            extra_context = {
                **(extra_context or {}),
                "session_count": len(UserSession.objects.purge_and_list(person)),
            }
        return super().change_view(request, object_id, form_url, extra_context)


# Single sign-on (docs/login.md). The providers are the environment's and the municipalities' own
# (LoginProvider, below), never allauth's app rows, so allauth's app and token pages go. A person's
# link to their login at the municipality can be seen and removed by those who administer the
# person; their next login links them again.
admin.site.unregister([SocialApp, SocialToken, SocialAccount])


@admin.register(SocialAccount)
class LoginLinkAdmin(AdministeredModelAdmin):
    list_display = ["user", "provider", "uid", "date_joined", "last_login"]
    search_fields = ["uid", "user__name", "user__email"]
    fields = ["user", "provider", "uid", "date_joined", "last_login"]
    readonly_fields = fields

    def get_queryset(self, request):
        people = access.people_administered_by(request.user, User.objects.all())
        return super().get_queryset(request).filter(user__in=people).select_related("user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LoginProvider)
class LoginProviderAdmin(AdministeredModelAdmin):
    """A municipality's own login provider: its administrators see it, the operator changes it
    (access.may_edit_login_providers) and sets its secret in the environment."""

    list_display = ["municipality", "provider_id", "name", "issuer", "is_enabled", "secret_set"]
    readonly_fields = ["redirect_uris"]

    def get_queryset(self, request):
        roots = access.administered_roots(request.user)  # every root for a superuser
        queryset = super().get_queryset(request).select_related("municipality__unit")
        return queryset.filter(municipality__in=roots)

    def has_add_permission(self, request):
        return access.may_edit_login_providers(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_edit_login_providers(request.user)

    has_delete_permission = has_change_permission

    @admin.display(boolean=True, description=_("secret set"))
    def secret_set(self, provider):
        return bool(provider.secret)

    @admin.display(description=_("redirect URIs to register at the provider"))
    def redirect_uris(self, provider):
        hosts = provider.municipality.host_names if provider.pk else []
        path = f"/konto/oidc/{provider.provider_id}/login/callback/"
        return format_html_join(mark_safe("<br>"), "https://{}{}", ((h, path) for h in hosts))

    def changelist_view(self, request, extra_context=None):
        self.warn_without_secret(request, self.get_queryset(request).enabled())
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.warn_without_secret(request, self.get_queryset(request).filter(pk=object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def warn_without_secret(self, request, providers):
        """A provider whose variable is not set offers no button: said at the top, every time."""
        for provider in providers:
            if not provider.secret:
                messages.warning(request, missing_secret_message(provider))


def missing_secret_message(provider):
    return _(
        "The environment variable %(variable)s is not set, so %(municipality)s has no login "
        "through the municipality. Set it where Tryghed runs and restart."
    ) % {"variable": provider.client_secret_variable, "municipality": provider.municipality}
