from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tryghed.followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from tryghed.followup import hooks, sweeps  # noqa: F401
