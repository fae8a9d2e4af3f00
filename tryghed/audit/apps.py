from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tryghed.audit"
    verbose_name = _("Audit log")

    def ready(self):
        from tryghed.audit import receivers  # noqa: F401
