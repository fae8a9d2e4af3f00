from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tryghed.core"
    verbose_name = _("Tryghed")
    default = True


class AdminConfig(admin_apps.AdminConfig):
    default_site = "tryghed.core.admin_site.AdminSite"
    default = False
