from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "tryghed.organizations"
    verbose_name = _("Organization")
    default = True

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from tryghed.organizations import receivers
        from tryghed.organizations.models import Membership, Municipality, Unit

        for model in (Unit, Membership, Municipality):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    receivers.forget_what_the_request_kept,
                    sender=model,
                    dispatch_uid=f"organizations.forget_on_{model.__name__}_{name}",
                )

        from tryghed.organizations import checks, hosts  # noqa: F401 (registers the checks)

        # A municipality's host names are read again once one is saved or deleted.
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                hosts.forget_on_change,
                sender=Municipality,
                dispatch_uid=f"organizations.hosts_on_municipality_{name}",
            )


class AdminConfig(admin_apps.AdminConfig):
    """Django's administration with Tryghed's site: administrators, by their role, configure."""

    default_site = "tryghed.organizations.admin_site.AdminSite"
    default = False

    def ready(self):
        super().ready()
        from allauth.mfa.models import Authenticator
        from django.contrib import admin

        # allauth's page shows the secrets of people's authenticator apps; an administrator
        # resets a person's second factors from the person's page instead (docs/mfa.md).
        if admin.site.is_registered(Authenticator):
            admin.site.unregister(Authenticator)
