from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "tryghed.stats"
    verbose_name = _("Overview")

    def ready(self):
        from tryghed.stats import summary  # noqa: F401  (registers the sweep job)
