from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "tryghed.prevention"
    verbose_name = _("Prevention")

    def ready(self):
        from tryghed.prevention import receivers, sweeps  # noqa: F401
