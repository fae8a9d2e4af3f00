from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tryghed.accounts"
    verbose_name = _("People")

    def ready(self):
        # The deploy check registers itself; second_factor connects its receiver; sweeps
        # registers the sweep job.
        from tryghed.accounts import checks, second_factor, sweeps  # noqa: F401
