from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "tryghed.prevention"
    verbose_name = _("Prevention")

    def ready(self):
        from tryghed.organizations.models import Membership
        from tryghed.prevention import receivers, sweeps  # noqa: F401  (sweeps registers its jobs)

        post_save.connect(
            receivers.onboard_new_people, sender=Membership, dispatch_uid="prevention.onboarding"
        )
