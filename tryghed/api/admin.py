from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from tryghed.api import services
from tryghed.api.models import ApiToken
from tryghed.organizations.admin_site import AdministeredModelAdmin


@admin.action(description=_("Revoke the chosen keys"))
def revoke(modeladmin, request, queryset):
    for token in queryset.filter(revoked_at__isnull=True):
        services.revoke_token(token=token, by=request.user, request=request)
    messages.success(request, _("The keys are revoked."))


@admin.register(ApiToken)
class ApiTokenAdmin(AdministeredModelAdmin):
    """The keys an administrator may revoke: the systems' of their municipality and the
    personal keys of the people they administer. A key is made on the page "API-nøgler",
    which shows its secret once."""

    list_display = ["name", "scope", "user", "municipality", "expires_at", "last_used_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = [revoke]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
