from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tryghed.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from tryghed.notifications import sweeps  # noqa: F401
