from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlarmsConfig(AppConfig):
    name = "tryghed.alarms"
    verbose_name = _("Alarms")

    def ready(self):
        from tryghed.alarms import checks, history, sweeps  # noqa: F401
        from tryghed.incidents import history as incidents_history

        incidents_history.register(history.EVENTS)
