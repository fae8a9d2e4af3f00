from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "tryghed.retention"
    verbose_name = _("Retention")

    def ready(self):
        from tryghed.retention import sweeps  # noqa: F401  (registers the sweep job)
