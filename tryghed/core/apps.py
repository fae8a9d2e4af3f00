from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tryghed.core"
    verbose_name = _("Tryghed")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from tryghed.core.webapp import new_report_key

        user_logged_in.connect(new_report_key, dispatch_uid="tryghed.core.webapp.report_key")
        if settings.SENTRY_DSN:
            from django.tasks.signals import task_finished

            from tryghed.core.errors import report_failed_task

            task_finished.connect(report_failed_task, dispatch_uid="tryghed.core.errors")
