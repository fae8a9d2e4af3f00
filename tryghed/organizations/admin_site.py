from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tryghed.organizations import access


class AdminSite(admin.AdminSite):
    site_header = _("Tryghed administration")
    site_title = _("Tryghed administration")
    index_title = _("Configuration")

    def has_permission(self, request):
        return access.may_administer(request.user)

    def login(self, request, extra_context=None):
        """One login page for everything: the administration sends people to allauth's, so
        every login is a session the person sees and an administrator can end, and passes the
        same checks. Someone logged in who may not administer gets 404, as elsewhere."""
        if request.user.is_authenticated:
            raise Http404
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(next_url, settings.LOGIN_URL)


class AdministeredModelAdmin(admin.ModelAdmin):
    """A model that administrators configure: their role, not Django's permission table, decides."""

    def has_module_permission(self, request):
        return access.may_administer(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_administer(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return access.may_administer(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.may_administer(request.user)


class SharedSettingsAdmin(AdministeredModelAdmin):
    """Configuration every municipality of the deployment shares: only those who administer
    every municipality change it (access.may_edit_shared_settings)."""

    def has_module_permission(self, request):
        return access.may_edit_shared_settings(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_edit_shared_settings(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return access.may_edit_shared_settings(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.may_edit_shared_settings(request.user)
