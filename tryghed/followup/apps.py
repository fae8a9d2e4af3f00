from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tryghed.followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from tryghed.followup import history, receivers, sweeps  # noqa: F401  (sweeps: jobs)
        from tryghed.incidents import history as incidents_history
        from tryghed.incidents import signals as incidents
        from tryghed.organizations import signals as organizations
        from tryghed.prevention import signals as prevention

        incidents.incident_reported.connect(receivers.open_case, dispatch_uid="followup.open_case")
        incidents.report_changed.connect(
            receivers.refresh_case, dispatch_uid="followup.refresh_case"
        )
        prevention.risk_assessment_completed.connect(
            receivers.close_revision_tasks, dispatch_uid="followup.close_revision_tasks"
        )
        organizations.person_left.connect(
            receivers.hand_over_leavers_tasks, dispatch_uid="followup.hand_over_leavers_tasks"
        )
        incidents_history.register(history.EVENTS)
