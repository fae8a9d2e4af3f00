from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupConfig(AppConfig):
    name = "tryghed.setup"
    verbose_name = _("Settings")
