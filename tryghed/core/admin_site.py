from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tryghed.organizations import access


class AdminSite(admin.AdminSite):
    site_header = _("Tryghed administration")
    site_title = _("Tryghed administration")
    index_title = _("Configuration")

    def has_permission(self, request):
        return access.may_administer(request.user)


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
