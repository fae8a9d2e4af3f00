from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlarmsConfig(AppConfig):
    name = "tryghed.alarms"
    verbose_name = _("Alarms")

    def ready(self):
        from tryghed.alarms import checks, sweeps  # noqa: F401
