from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tryghed.core"
    verbose_name = _("Tryghed")

    def ready(self):
        if settings.SENTRY_DSN:
            from django.tasks.signals import task_finished

            from tryghed.core.errors import report_failed_task

            task_finished.connect(report_failed_task, dispatch_uid="tryghed.core.errors")
