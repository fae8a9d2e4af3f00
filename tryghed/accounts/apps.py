from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tryghed.accounts"
    verbose_name = _("People")

    def ready(self):
        from tryghed.accounts import (
            checks,  # noqa: F401 (registers the deploy check)
            sweeps,  # noqa: F401
        )
